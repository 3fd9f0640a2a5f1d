/**
 * What `doctor` asks the live server, all through the public client (so a deployment
 * passes exactly when this client can talk to it): `/health`, the two OpenAPI
 * descriptions (`client.raw`), and one handshake per socket channel (the client's sockets).
 */
import type { PyFlueClient } from '../facade/client.js';
import { PyFlueApiError, PyFlueConnectionError, PyFlueSocketError, PyFlueTimeoutError, redactUrl } from '../facade/core/errors.js';
import type { ContractChannel } from '../generated/contract.js';
import type { OpenApiDescription } from './compare-descriptions.js';
import type { Finding } from './findings.js';

/** A name no deployment serves: the channel answers it with a `not_found` error frame, which proves the channel is there. */
export const PROBE_NAME = '__pyflue_client_doctor_probe__';

export async function checkHealth(client: PyFlueClient, timeoutMs: number): Promise<Finding> {
  const subject = 'GET /health';
  try {
    const health: unknown = await client.health({ timeoutMs, maxRetries: 0 });
    const framework = health !== null && typeof health === 'object' ? (health as { framework?: unknown }).framework : undefined;
    if (framework === 'pyflue') return { outcome: 'ok', check: 'health', subject, message: 'answers, framework "pyflue"' };
    return {
      outcome: 'unreachable',
      check: 'health',
      subject,
      message: `answered ${preview(health)}, which does not name the framework "pyflue": check that --base-url points at a PyFlue server (with its path prefix, if a proxy adds one)`,
    };
  } catch (error) {
    return { outcome: 'unreachable', check: 'health', subject, message: explainHttpFailure(error, client.baseUrl) };
  }
}

export type DescriptionResult = { ok: true; document: OpenApiDescription } | { ok: false; finding: Finding };

/**
 * GETs an app's `/openapi.json` through `client.raw`, so the request is the client's own
 * (base URL, token and headers, timeout, typed errors); anything but a JSON object with
 * `paths` is a finding that says what to check.
 */
export async function fetchDescription(client: PyFlueClient, what: string, hint: string): Promise<DescriptionResult> {
  const url = `${client.baseUrl}/openapi.json`;
  const subject = `GET ${new URL(url).pathname}`;
  const unreachable = (message: string): DescriptionResult => ({ ok: false, finding: { outcome: 'unreachable', check: 'description', subject, message } });
  // FastAPI serves /openapi.json itself: it is not a route of the PyFlue spec, so `paths` does not type it.
  const get = client.raw.request as unknown as (method: 'get', path: string) => Promise<{ data?: unknown; response: Response }>;
  let answer: { data?: unknown; response: Response };
  try {
    answer = await get('get', '/openapi.json');
  } catch (error) {
    if (isTimeout(error)) return unreachable(`${what} got no answer within the timeout: check the server, or raise --timeout-ms`);
    if (error instanceof PyFlueApiError) return unreachable(`${what} at ${redactUrl(url)} is not JSON: ${hint}`);
    return unreachable(`${what} could not be fetched (${reasonOf(error)}): check that the server is reachable at ${redactUrl(url)}`);
  }
  const { data: body, response } = answer;
  if (!response.ok) {
    const auth = response.status === 401 || response.status === 403 ? ' (pass --token if the deployment needs one)' : '';
    return unreachable(`${what} answered ${response.status} at ${redactUrl(url)}${auth}: ${hint}`);
  }
  if (body === null || typeof body !== 'object' || typeof (body as { paths?: unknown }).paths !== 'object') {
    return unreachable(`${what} at ${redactUrl(url)} is not an OpenAPI document (no "paths"): ${hint}`);
  }
  return { ok: true, document: body as OpenApiDescription };
}

/**
 * One handshake on a socket channel, for a made-up name: the client's own socket opens,
 * sends one frame and must get the `not_found` error frame back.
 */
export async function checkChannel(client: PyFlueClient, channel: ContractChannel, timeoutMs: number): Promise<Finding> {
  const subject = `WS ${channel.address}`;
  const signal = AbortSignal.timeout(timeoutMs);
  let attempt: Promise<unknown>;
  let close: () => Promise<void>;
  if (channel.name === 'agent') {
    const socket = client.agents.connect(PROBE_NAME, 'doctor');
    attempt = socket.prompt('pyflue-client doctor handshake', { signal });
    close = () => socket.close();
  } else if (channel.name === 'workflow') {
    const socket = client.workflows.connect(PROBE_NAME);
    attempt = socket.invoke({}, { signal });
    close = () => socket.close();
  } else {
    return { outcome: 'note', check: 'socket', subject, message: `this doctor has no handshake for the channel "${channel.name}"; not checked` };
  }
  try {
    await attempt;
    return { outcome: 'note', check: 'socket', subject, message: `the channel answered a made-up name ("${PROBE_NAME}") as if it existed` };
  } catch (error) {
    if (error instanceof PyFlueSocketError && error.error?.type === 'not_found') {
      return { outcome: 'ok', check: 'socket', subject, message: 'handshake accepted; a made-up name got the not_found error frame, so the channel exists' };
    }
    if (error instanceof PyFlueSocketError && error.error) {
      return { outcome: 'drift', check: 'socket', subject, message: `a made-up name got an error frame of type "${error.error.type}" instead of "not_found"` };
    }
    const why = isTimeout(error) ? `no answer within ${timeoutMs} ms` : reasonOf(error);
    return {
      outcome: 'drift',
      check: 'socket',
      subject,
      message: `the handshake failed (${why}): if a proxy is in front of the server, check that it forwards WebSocket upgrades on this path`,
    };
  } finally {
    await close().catch(() => {});
  }
}

function explainHttpFailure(error: unknown, baseUrl: string): string {
  if (error instanceof PyFlueTimeoutError) return `no answer within the timeout: check that ${redactUrl(baseUrl)} is the server's address, or raise --timeout-ms`;
  if (error instanceof PyFlueConnectionError) {
    return `cannot reach ${redactUrl(baseUrl)} (${reasonOf(error.cause ?? error)}): check the address and port, that the server is running, and that nothing blocks the connection`;
  }
  if (error instanceof PyFlueApiError) {
    const auth = error.status === 401 || error.status === 403 ? '; pass --token if the deployment needs one' : '';
    return `answered ${error.status}, not PyFlue's health answer: check that --base-url points at a PyFlue server (with its path prefix, if a proxy adds one)${auth}`;
  }
  return `failed: ${reasonOf(error)}`;
}

function isTimeout(error: unknown): boolean {
  return error instanceof PyFlueTimeoutError || (error instanceof Error && error.name === 'TimeoutError') || (error instanceof PyFlueSocketError && error.cause instanceof PyFlueTimeoutError);
}

/** The innermost message: `fetch failed` says less than the ECONNREFUSED under it. */
function reasonOf(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error && current.cause instanceof Error; depth += 1) current = current.cause;
  const message = current instanceof Error ? current.message || current.name : String(current);
  return message.replace(/\s+/g, ' ').trim();
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
