/**
 * The tests of the ticket-triage app (ticket-triage.ts), against the fake PyFlue server
 * of `@pyflue/client/testing`: the workflow and the agent the app uses are declared here
 * in a few lines, and `fake.faults` makes the server fail the way a deployment can
 * (a dropped stream, 503s), to check the app copes. No Python, no port, no network.
 *
 *   npx tsx --test examples/ticket-triage.test.ts     # node:test; any runner works the same way
 *
 * In an installed project, import from '@pyflue/client' and '@pyflue/client/testing'.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { PyFlueClient } from '../src/index.js';
import { createFakePyFlue, type FakePyFlue } from '../src/testing/index.js';
import { triageTicket } from './ticket-triage.js';

let fake: FakePyFlue;
let client: PyFlueClient;

beforeEach(async () => {
  fake = await createFakePyFlue({
    workflows: {
      // What the real workflow does, reduced to what the app relies on.
      classify: async (ctx) => {
        const text = String(ctx.payload.text);
        await ctx.log.info('read ticket', { chars: text.length });
        if (text.trim() === '') throw new Error('empty ticket');
        await ctx.log.info('classified');
        return { priority: /refund|down|urgent/i.test(text) ? 'high' : 'normal' };
      },
    },
    agents: {
      drafter: {
        persistent: true,
        reply: ({ message, history }) => `Draft #${history.length / 2 + 1}: ${message.replace(/^Draft an? /, '')}`,
      },
    },
  });
  client = new PyFlueClient(fake.baseUrl, { fetch: fake.fetch, websocket: fake.websocket });
});

afterEach(async () => {
  await client.close();
  await fake.close();
});

const ticket = { id: 'T-1', customer: 'acme', text: 'Our dashboard is down, urgent!' };

describe('triageTicket', () => {
  it('classifies the ticket and drafts an answer, reporting each step', async () => {
    assert.deepEqual(await triageTicket(client, ticket), {
      ok: true,
      ticket: 'T-1',
      priority: 'high',
      draft: 'Draft #1: high-priority answer to: Our dashboard is down, urgent!',
      steps: ['read ticket', 'classified'],
    });
  });

  it("continues the customer's drafting session from one ticket to the next", async () => {
    await triageTicket(client, ticket);
    const second = await triageTicket(client, { id: 'T-2', customer: 'acme', text: 'How do I export?' });
    assert.equal(second.ok && second.draft, 'Draft #2: normal-priority answer to: How do I export?');
  });

  it('reports a failed classification instead of throwing', async () => {
    assert.deepEqual(await triageTicket(client, { ...ticket, text: '  ' }), {
      ok: false,
      ticket: 'T-1',
      reason: 'classification failed: empty ticket',
    });
  });

  it('gets every step when the run stream drops after one event (the client resumes)', async () => {
    fake.faults.cutStreamAfter(1, { path: '/runs/' });
    const result = await triageTicket(client, ticket);
    assert.equal(fake.faults.pendingCount, 0);
    assert.deepEqual(result.ok && result.steps, ['read ticket', 'classified']);
  });

  it('rides out 503s on reads (the client retries GETs, honouring Retry-After)', async () => {
    fake.faults.next(2, { status: 503, retryAfter: 0 }, { method: 'GET', path: '/runs/' });
    assert.equal((await triageTicket(client, ticket)).ok, true);
    assert.equal(fake.faults.pendingCount, 0);
  });

  it('says the service is unavailable when starting the workflow gets a 503', async () => {
    fake.faults.next(1, { status: 503, retryAfter: 30 }, { method: 'POST', path: '/workflows/classify' });
    assert.deepEqual(await triageTicket(client, ticket), {
      ok: false,
      ticket: 'T-1',
      reason: 'PyFlue is unavailable (503); try again later.',
    });
  });
});
