/**
 * `npm run check:coverage` holds on this repository's specs and can fail: specs with a
 * route, a run event type, a 404 code, a socket frame and a query parameter the client
 * does not surface or handle (changed in memory; the repository's files are untouched)
 * fail it, each named, and the exclusion list both silences a finding and fails when an
 * entry matches nothing.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { coverageExclusions } from '../../scripts/coverage-exclusions.js';
import { checkCoverage, loadSpecs } from '../../scripts/coverage-check/check.js';
import type { JsonObject } from '../../scripts/coverage-check/spec-inventory.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const srcRoot = join(root, 'src');
type Specs = { openapi: JsonObject; asyncapi: JsonObject };

/** What PyFlue 0.3.0 might add: a cancel route, a run event type (and an example of it), a 404 code, an agent socket frame, an admin query parameter. */
function withAdditions({ openapi, asyncapi }: Specs): Specs {
  const spec = structuredClone(openapi) as any;
  const events = structuredClone(asyncapi) as any;
  spec.paths['/runs/{run_id}/cancel'] = {
    post: { operationId: 'cancelRun', responses: { '202': { description: 'Cancelling.' } } },
  };
  spec.components.schemas.RunCancelledEvent = { type: 'object', required: ['type'], properties: { type: { const: 'run_cancelled' } } };
  spec.components.schemas.RunEvent.oneOf.push({ $ref: '#/components/schemas/RunCancelledEvent' });
  spec.components.schemas.NotFoundErrorType.enum.push('session_not_found');
  spec.components.schemas.AgentProgressMessage = { type: 'object', required: ['type'], properties: { type: { const: 'progress' } } };
  events.components.messages.AgentProgressMessage = { payload: { $ref: './openapi.yaml#/components/schemas/AgentProgressMessage' } };
  events.channels.agent.messages.AgentProgressMessage = { $ref: '#/components/messages/AgentProgressMessage' };
  events.operations.receiveAgentMessages.messages.push({ $ref: '#/channels/agent/messages/AgentProgressMessage' });
  // A query parameter of an admin list, and an example frame of the new run event type.
  spec.paths['/admin/runs'].get.parameters.push({ name: 'since', in: 'query', required: false, schema: { type: 'integer', minimum: 0 } });
  spec.paths['/runs/{run_id}/stream'].get.responses['200'].content['text/event-stream'].example = {
    id: '2', event: 'run_cancelled', data: JSON.stringify({ type: 'run_cancelled', run_id: 'r', runId: 'r', event_index: 2, eventIndex: 2, timestamp: 1, data: {} }),
  };
  return { openapi: spec, asyncapi: events };
}

describe('check:coverage', () => {
  let specs: Specs;
  beforeAll(async () => {
    specs = await loadSpecs(join(root, 'spec/openapi.yaml'), join(root, 'spec/asyncapi.yaml'));
  });

  it("passes on the repository's specs, having found the client's calls", async () => {
    const report = await checkCoverage({ ...specs, srcRoot, exclusions: coverageExclusions });
    expect(report.findings).toEqual([]);
    // Not vacuous: every operation but the excluded dev routes is called.
    const operations = Object.values(specs.openapi.paths as Record<string, object>).flatMap((item) => Object.keys(item).filter((key) => key !== 'parameters'));
    expect(new Set(report.calls.map((call) => call.operation)).size).toBe(operations.length - 2);
    expect(report.calls.map((call) => call.operation)).toContain('GET /admin/runs/{run_id}');
  });

  it('fails on what a newer server adds, naming each', async () => {
    const report = await checkCoverage({ ...withAdditions(specs), srcRoot, exclusions: coverageExclusions });
    const named = (text: string) => report.findings.filter((finding) => finding.includes(text));
    expect(named('operation POST /runs/{run_id}/cancel')).toEqual([
      expect.stringContaining('operation POST /runs/{run_id}/cancel (spec/openapi.yaml#/paths/~1runs~1{run_id}~1cancel/post) is not called by the client'),
    ]);
    expect(named('"run_cancelled"')).toEqual(
      expect.arrayContaining([
        expect.stringContaining('run event type "run_cancelled" (spec/openapi.yaml#/components/schemas/RunEvent) is not in the public RunEvent type'),
        expect.stringContaining('SSE frame type of streamRun "run_cancelled"'),
        expect.stringContaining('workflow socket message type "run_cancelled" (spec/asyncapi.yaml#/channels/workflow/messages/WorkflowRunEventMessage) is not in the public WorkflowServerMessage type'),
      ]),
    );
    expect(named('"session_not_found"')).toEqual([
      expect.stringContaining('error type "session_not_found" (spec/openapi.yaml#/components/schemas/ErrorType) is not in the public ErrorType type'),
      expect.stringContaining("error type \"session_not_found\" (spec/openapi.yaml#/components/schemas/NotFoundErrorType) is not in the public PyFlueNotFoundError's type"),
      expect.stringContaining('error code "session_not_found" with 404 gives error.type "other"'),
    ]);
    expect(named('"progress"')).toEqual([
      expect.stringContaining('agent socket message type "progress" (spec/asyncapi.yaml#/channels/agent/messages/AgentProgressMessage) is not in the public AgentServerMessage type'),
    ]);
    // The behaviour half, through the client's own code (built from the unchanged specs): the
    // new example frame comes out unknown, the new code is no error.type, the new parameter is refused.
    expect(named('[example GET /runs/{run_id}/stream 200]')).toEqual([expect.stringContaining('comes out as an unknown "run_cancelled" frame on the streamRun stream')]);
    expect(named('[error code 404 session_not_found]')).toEqual([expect.stringContaining('error code "session_not_found" with 404 gives error.type "other"')]);
    expect(named('[query parameter adminListRuns since]')).toEqual([expect.stringContaining('?since of GET /admin/runs (adminListRuns) is not sent by its facade method given { since: 1 } (refused: ')]);
    expect(report.findings.every((finding) => /cancel|run_cancelled|session_not_found|progress|since/.test(finding))).toBe(true);
  });

  it('an exclusion silences its finding; an exclusion that matches nothing fails', async () => {
    const exclusions = { ...coverageExclusions, 'operation POST /runs/{run_id}/cancel': 'not wrapped yet', 'operation GET /gone': 'stale' };
    const { openapi } = withAdditions(specs);
    const report = await checkCoverage({ openapi, asyncapi: specs.asyncapi, srcRoot, exclusions });
    expect(report.findings.some((finding) => finding.includes('/runs/{run_id}/cancel'))).toBe(false);
    expect(report.findings).toContain('the exclusion "operation GET /gone" matches nothing the client leaves out: remove it from the exclusion list');
  });
});
