/**
 * Conformance against the real PyFlue 0.2.0 fixture server: the default agent
 * (`client.prompt`, typed results through a Standard Schema, `client.stream`,
 * `client.sessions.abort`), end to end. Every JSON answer the client receives is checked
 * against spec/openapi.yaml.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, expectTypeOf, it } from 'vitest';
import { PyFlueClient, PyFlueResultError, createFlueClient, type PromptStreamEvent } from '../../src/index.js';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { conformanceTarget } from '../support/conformance-target.js';
import { createValidatingFetch } from '../support/validating-fetch.js';

const target = await conformanceTarget();
const baseUrl = target.baseUrl;
const spec = createValidatingFetch({ fetch: target.fetch, additiveFields: true });
const client = new PyFlueClient(baseUrl, { fetch: spec.fetch, websocket: target.websocket });
const flue = createFlueClient({ baseUrl, fetch: spec.fetch, websocket: target.websocket });
const suffix = randomUUID().slice(0, 8);
const unique = (name: string) => `${name}-${suffix}`;

afterAll(async () => {
  await Promise.all([client.close(), flue.close()]);
});

interface City {
  city: string;
  population: number;
}

/** A hand-made Standard Schema: `{ city: string, population: number }`, nothing else needed. */
const citySchema: StandardSchemaV1<unknown, City> = {
  '~standard': {
    version: 1,
    vendor: 'test',
    validate(value) {
      const candidate = value as Partial<City> | null;
      if (candidate === null || typeof candidate !== 'object') return { issues: [{ message: 'expected an object' }] };
      const issues: StandardSchemaV1.Issue[] = [];
      if (typeof candidate.city !== 'string') issues.push({ message: 'expected a string', path: ['city'] });
      if (typeof candidate.population !== 'number') issues.push({ message: 'expected a number', path: ['population'] });
      return issues.length > 0 ? { issues } : { value: { city: candidate.city!, population: candidate.population! } };
    },
  },
};

describe('client.prompt', () => {
  it('answers the reply, continuing each session by sessionId', async () => {
    const session = unique('prompt');
    const first = await client.prompt('hello', { sessionId: session });
    expect(first).toMatchObject({
      text: `echo[${session}]#1: hello`,
      metadata: { harness: 'echo', turn: 1 },
      usage: { input: 1, output: 2, cache_read: 0, cache_write: 0, total_tokens: 3, cost: { input: 0, output: 0, cache_read: 0, cache_write: 0, total: 0 } },
      model: { id: 'echo/deterministic' },
    });
    expect((await flue.prompt('again', { sessionId: session })).text).toBe(`echo[${session}]#2: again`);
    const other = unique('prompt-other');
    expect((await client.prompt('elsewhere', { sessionId: other })).text).toBe(`echo[${other}]#1: elsewhere`);
    expect((await client.prompt('third', { sessionId: session })).text).toBe(`echo[${session}]#3: third`);
  });

  it('without a sessionId uses the `default` session', async () => {
    const reply = await client.prompt('no session given');
    expect(reply.text).toMatch(/^echo\[default\]#\d+: no session given$/);
  });

  it('with a result schema parses and validates the JSON in the reply', async () => {
    const session = unique('typed');
    const typed = await client.prompt('Return {"city":"Oslo","population":700000}', { sessionId: session, result: citySchema });
    expectTypeOf(typed.result).toEqualTypeOf<City>();
    expect(typed.result).toEqual({ city: 'Oslo', population: 700000 });
    expect(typed.text).toBe(`echo[${session}]#1: Return {"city":"Oslo","population":700000}`);
    expect(typed.metadata).toEqual({ harness: 'echo', turn: 1 });
  });

  it('with a result schema reads a ---RESULT_START--- block first (here an array)', async () => {
    const session = unique('typed-block');
    const tags: StandardSchemaV1<unknown, string[]> = {
      '~standard': {
        version: 1,
        vendor: 'test',
        validate: (value) =>
          Array.isArray(value) && value.every((item) => typeof item === 'string')
            ? { value: value as string[] }
            : { issues: [{ message: 'expected a list of strings' }] },
      },
    };
    const typed = await client.prompt('Tags:\n---RESULT_START---\n["red","green"]\n---RESULT_END---', { sessionId: session, result: tags });
    expect(typed.result).toEqual(['red', 'green']);
    expect(typed.text).toBe(`echo[${session}]#1: Tags:\n---RESULT_START---\n["red","green"]\n---RESULT_END---`);
  });

  it('with a result schema the reply does not satisfy, rejects with PyFlueResultError carrying the issues', async () => {
    const session = unique('typed-bad');
    const error = await client
      .prompt('Return {"city":"Oslo","population":"many"}', { sessionId: session, result: citySchema })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PyFlueResultError);
    const resultError = error as PyFlueResultError;
    expect(resultError.issues).toEqual([{ message: 'expected a number', path: ['population'] }]);
    expect(resultError.text).toBe(`echo[${session}]#1: Return {"city":"Oslo","population":"many"}`);
    expect(resultError.message).toContain('population: expected a number');
  });
});

describe('client.stream', () => {
  it('streams start, delta(s), end, each with its type; the turn counts in the session', async () => {
    const session = unique('stream');
    await client.prompt('before', { sessionId: session });
    const events: PromptStreamEvent[] = [];
    const stream = client.stream('stream this', { sessionId: session });
    for await (const event of stream) events.push(event);
    expect(await stream.runId).toBeUndefined();
    expect(events[0]).toMatchObject({ type: 'start', session_id: session });
    const deltas = events.filter((event) => event.type === 'delta') as Array<{ type: 'delta'; text: string }>;
    expect(deltas.length).toBeGreaterThan(0);
    expect(events.map((event) => event.type)).toEqual(['start', ...deltas.map(() => 'delta'), 'end']);
    const expected = `echo[${session}]#2: stream this`;
    expect(deltas.map((event) => event.text).join('')).toBe(expected);
    expect(events.at(-1)).toMatchObject({ type: 'end', text: expected, metadata: { harness: 'echo', turn: 2 } });
    // And the streamed turn is part of the session's history.
    expect((await client.prompt('after', { sessionId: session })).text).toBe(`echo[${session}]#3: after`);
  });
});

describe('client.sessions.abort', () => {
  it('answers { aborted: false, session_id } for a session with nothing running', async () => {
    const session = unique('abort');
    await client.prompt('idle soon', { sessionId: session });
    expect(await client.sessions.abort(session)).toMatchObject({ aborted: false, session_id: session });
    expect(await flue.sessions.abort(unique('never-used'))).toMatchObject({ aborted: false, session_id: unique('never-used') });
  });
});

describe('the answers the clients received', () => {
  it('all hold against spec/openapi.yaml', () => {
    expect(spec.exchanges.filter((exchange) => exchange.checked === 'json').length).toBeGreaterThan(8);
    expect(spec.exchanges.some((exchange) => exchange.checked === 'stream-headers')).toBe(true);
    expect(spec.problems).toEqual([]);
  });
});
