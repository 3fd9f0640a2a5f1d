/**
 * @pyflue/client/testing: a fake PyFlue 0.2.0 server for the tests of apps that use the
 * client. No Python and no port: it answers the client's `fetch` and `websocket` in
 * process (or, with `listen()`, on a loopback port), with the agents and workflows the
 * test declares, and can inject failures (`fake.faults`).
 */
export { createFakePyFlue } from './fake-pyflue.js';
export type { FakePyFlue, FakePyFlueListening, FakeListenOptions } from './fake-pyflue.js';
export { echoReply } from './engine.js';
export type {
  FakeAgent,
  FakeDefaultAgent,
  FakeFileAgent,
  FakeHandler,
  FakeHistoryEntry,
  FakePersistentAgent,
  FakePyFlueOptions,
  FakeReply,
  FakeRunContext,
  FakeRunLog,
  FakeToolCall,
  FakeTriggers,
  FakeTurn,
} from './types.js';
export type { ErrorFault, FakeFaults, FaultMatch, FaultStatus, HttpFault, NetworkFault, StallOptions } from './faults.js';
