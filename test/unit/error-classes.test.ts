/**
 * Each error status has its class, and its `status` and `type` match what the types
 * promise: 401, 403, 409 and 429 (which a gateway or rate limiter in front of PyFlue
 * answers) included.
 */
import { describe, expect, it } from 'vitest';
import {
  PyFlueApiError,
  PyFlueBadRequestError,
  PyFlueConflictError,
  PyFlueForbiddenError,
  PyFlueNotFoundError,
  PyFlueRateLimitError,
  PyFlueServerError,
  PyFlueUnauthorizedError,
  PyFlueClient,
} from '../../src/index.js';

const envelope = (type: string) => ({ error: { type, message: 'm', details: 'd' } });

describe('error classes per status', () => {
  it.each([
    [400, PyFlueBadRequestError, envelope('invalid_json'), 'invalid_json'],
    [401, PyFlueUnauthorizedError, '<html>401</html>', 'http_401'],
    [403, PyFlueForbiddenError, { detail: 'forbidden' }, 'http_403'],
    [404, PyFlueNotFoundError, envelope('run_not_found'), 'run_not_found'],
    [409, PyFlueConflictError, envelope('already_running'), 'other'],
    [404, PyFlueNotFoundError, envelope('invalid_json'), 'other'],
    [429, PyFlueRateLimitError, '', 'http_429'],
    [503, PyFlueServerError, '', 'http_503'],
  ] as const)('%i is a %o with type %s', (status, Class, body, type) => {
    const error = PyFlueApiError.from({ status, method: 'GET', url: 'http://127.0.0.1/x', body });
    expect(error).toBeInstanceOf(Class);
    expect(error.name).toBe(Class.name);
    expect(error.status).toBe(status);
    expect(error.type).toBe(type);
    // `code` is the code as sent, whatever `type` makes of it.
    expect(error.code).toBe(typeof body === 'object' && 'error' in body ? body.error.type : `http_${status}`);
  });

  it('a 429 from a gateway reaches the caller as PyFlueRateLimitError, retry-after readable', async () => {
    const client = new PyFlueClient('http://127.0.0.1:9', {
      maxRetries: 0,
      fetch: async () => new Response('slow down', { status: 429, headers: { 'retry-after': '7', 'content-type': 'text/plain' } }),
    });
    const error = await client.health().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(PyFlueRateLimitError);
    expect((error as PyFlueRateLimitError).headers?.get('retry-after')).toBe('7');
  });
});
