/**
 * The fake answers the contract traffic (test/support/contract-traffic.ts: every
 * operation, success and error answers, streams) as the real PyFlue server does: the same
 * statuses, content types, top-level keys, error types and stream event names, call for
 * call; and every answer of the fake holds against spec/openapi.yaml. The traffic goes
 * over HTTP to `fake.listen()`, so this also covers the loopback server.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createFakePyFlue, type FakePyFlue, type FakePyFlueListening } from '../../src/testing/index.js';
import { recordContractTraffic } from '../support/contract-traffic.js';
import { fixture } from '../support/fake-fixture.js';
import { OpenApiValidator, type Exchange } from '../support/openapi-validator.js';

let fake: FakePyFlue;
let listening: FakePyFlueListening;
let real: Exchange[] = [];
let faked: Exchange[] = [];

beforeAll(async () => {
  fake = await createFakePyFlue(fixture);
  listening = await fake.listen();
  [real, faked] = await Promise.all([recordContractTraffic(inject('pyflueBaseUrl')), recordContractTraffic(listening.baseUrl)]);
});

afterAll(async () => {
  await fake?.close();
});

/** What must be the same between the two servers for one exchange. */
function shape(exchange: Exchange) {
  const json = exchange.json as Record<string, any> | undefined;
  const isObject = json !== null && typeof json === 'object' && !Array.isArray(json);
  return {
    // Run ids differ between the servers; the rest of the URL is the same call.
    call: `${exchange.method} ${exchange.url.replace(/run_[0-9A-Z]{26}/g, 'run_<id>')}`,
    status: exchange.status,
    contentType: exchange.contentType?.split(';')[0],
    keys: isObject ? Object.keys(json).sort() : typeof json,
    errorType: isObject && json.error ? json.error.type : undefined,
    events: exchange.frames?.map((frame) => frame.event),
  };
}

describe('the fake against the real server, call for call', () => {
  it("echoReply answers as the fixture's echo harness: text, metadata, usage and model, JSON asked for or not", async () => {
    const session = `echo-${Date.now()}`;
    const messages = ['hello there', 'Reply as JSON: city=Lisbon, population=545923.', 'json please: ok=true ratio=1.5 name=x; n=-3', 'plain again'];
    const answers = async (baseUrl: string, fetchImpl: typeof fetch) => {
      const replies: unknown[] = [];
      for (const prompt of messages) {
        const response = await fetchImpl(`${baseUrl}/prompt/${session}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ prompt }) });
        replies.push(await response.json());
      }
      return replies;
    };
    const [fromReal, fromFake] = await Promise.all([answers(inject('pyflueBaseUrl'), fetch), answers(fake.baseUrl, fake.fetch)]);
    expect(fromFake).toEqual(fromReal);
    expect((fromReal[1] as { text: string }).text).toContain('"population": 545923');
  });

  it('answers the contract traffic with the same statuses, keys, error types and stream events', () => {
    expect(faked.length).toBe(real.length);
    expect(faked.length).toBeGreaterThan(50);
    expect(faked.map(shape)).toEqual(real.map(shape));
  });

  it('holds against spec/openapi.yaml, every frame included', () => {
    const validator = new OpenApiValidator();
    expect(faked.flatMap((exchange) => validator.validate(exchange))).toEqual([]);
  });
});
