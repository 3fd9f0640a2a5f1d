/**
 * What only failures and retries need loads with the first failure (internal/load.ts:
 * failures.ts, retry.ts). When that chunk cannot load (an app whose chunk server went away),
 * the call still fails with its own typed error, never the chunk's (issue 22, item 5).
 */
import { describe, expect, it } from 'vitest';
import { PyFlueConnectionError, PyFlueNotFoundError, PyFlueServerError } from '../../src/index.js';
import { resolveOptions } from '../../src/facade/internal/options.js';
import { Transport } from '../../src/facade/internal/transport.js';
import { loadAnswers, loadFailures, loadRetry } from '../../src/facade/internal/load.js';
import { rejection } from '../support/assertions.js';

const chunkFailed = () => Promise.reject(new TypeError('Failed to fetch dynamically imported module: /assets/failures-x1.js'));

/** A transport over `fetch`, whose failure and retry chunks load as `lazy` says (the answers chunk loads). */
function transport(fetch: typeof globalThis.fetch, lazy: Omit<Transport['lazy'], 'answers'> = { failures: chunkFailed, retry: chunkFailed }): Transport {
  return new Transport(resolveOptions('http://127.0.0.1:9', { fetch, maxRetries: 2 }, 'raw'), { ...lazy, answers: loadAnswers });
}

const runGet = (client: Transport) => client.json({}, (init) => client.api.GET('/runs/{run_id}', { params: { path: { run_id: 'run_1' } }, ...init }));

describe('a failure whose chunk cannot load', () => {
  it('an error status is still its typed error, with its code', async () => {
    const client = transport((async () => Response.json({ error: { type: 'run_not_found', message: 'No run.', details: '' } }, { status: 404 })) as typeof fetch);
    const error = await rejection(runGet(client));
    expect(error).toBeInstanceOf(PyFlueNotFoundError);
    expect(error).toMatchObject({ type: 'run_not_found', status: 404 });
  });

  it('a refused connection is still a PyFlueConnectionError', async () => {
    const client = transport((async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch);
    expect(await rejection(runGet(client))).toBeInstanceOf(PyFlueConnectionError);
  });

  it('without the retry policy, a retryable answer is not retried: the call ends with it', async () => {
    let calls = 0;
    const client = transport((async () => ((calls += 1), Response.json({ error: { type: 'busy', message: 'Later.', details: '' } }, { status: 503 }))) as typeof fetch);
    expect(await rejection(runGet(client))).toBeInstanceOf(PyFlueServerError);
    expect(calls).toBe(1);
  });

  it('with the chunks, the same 503 is retried under the policy (the control)', async () => {
    let calls = 0;
    const client = transport(
      (async () => ((calls += 1), Response.json({ error: { type: 'busy', message: 'Later.', details: '' } }, { status: 503, headers: { 'retry-after': '0' } }))) as typeof fetch,
      { failures: loadFailures, retry: loadRetry },
    );
    expect(await rejection(runGet(client))).toBeInstanceOf(PyFlueServerError);
    expect(calls).toBe(3);
  });
});
