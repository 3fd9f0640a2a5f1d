/**
 * Which server the conformance suite talks to: the real PyFlue fixture server (vitest
 * project `pyflue`, started by global-setup.ts) or the fake of `@pyflue/client/testing`
 * with the same fixture declared in TypeScript (project `fake`, vitest.config.ts). The
 * suite's files ask for their target once and build every client from it:
 *
 *   const target = await conformanceTarget();
 *   const spec = createValidatingFetch({ fetch: target.fetch });
 *   const client = new PyFlueClient(target.baseUrl, { fetch: spec.fetch, websocket: target.websocket });
 *
 * Every case passes against both; none is skipped on the fake. What the fake does not
 * model by design (harness internals, the server's own /openapi.json, event-loop timing)
 * is listed in docs/testing-your-app.md, "How faithful it is".
 */
import { afterAll, inject } from 'vitest';
import WebSocket from 'ws';
import type { WebSocketFactory, WebSocketLike } from '../../src/index.js';
import { createFakePyFlue } from '../../src/testing/index.js';
import { fixture } from './fake-fixture.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set to 'fake' by the `fake` project; absent (the real server) otherwise. */
    conformanceTarget: 'real' | 'fake';
  }
}

export interface ConformanceTarget {
  name: 'real' | 'fake';
  baseUrl: string;
  /** The fetch that reaches the target (undefined: the global one). */
  fetch: typeof fetch | undefined;
  /** The socket factory that reaches the target (undefined: the client's default). */
  websocket: WebSocketFactory | undefined;
  /** Opens a socket as a user's own `websocket` option would (`ws` for the real server). */
  openSocket: WebSocketFactory;
}

let target: Promise<ConformanceTarget> | undefined;

export function conformanceTarget(): Promise<ConformanceTarget> {
  target ??= create();
  return target;
}

async function create(): Promise<ConformanceTarget> {
  if (inject('conformanceTarget') === 'fake') {
    const fake = await createFakePyFlue(fixture);
    afterAll(() => fake.close());
    return { name: 'fake', baseUrl: fake.baseUrl, fetch: fake.fetch, websocket: fake.websocket, openSocket: fake.websocket };
  }
  return {
    name: 'real',
    baseUrl: inject('pyflueBaseUrl'),
    fetch: undefined,
    websocket: undefined,
    openSocket: (url, init) => new WebSocket(url, { headers: init.headers }) as unknown as WebSocketLike,
  };
}
