/**
 * `pyflue-client doctor`: checks a live deployment against the contract this client was
 * built from (src/generated/contract.ts, generated from spec/). Health first (nothing else
 * is worth asking a server that is not PyFlue), then the two descriptions and the socket
 * handshakes at once. Every step has a timeout and every failure becomes a finding:
 * it never throws for anything the server does.
 */
import { PyFlueClient } from '../facade/client.js';
import { contract as builtInContract, type Contract } from '../generated/contract.js';
import { compareDescriptions, type OpenApiDescription } from './compare-descriptions.js';
import { countOutcomes, exitCodeOf, type DoctorReport, type Finding } from './findings.js';
import { checkChannel, checkHealth, fetchDescription } from './probes.js';

export interface DoctorOptions {
  baseUrl: string;
  token?: string | undefined;
  /** Where the admin app is mounted, as for the client's `adminBasePath` (default `/admin` under the base URL). */
  adminBasePath?: string | undefined;
  /** Time allowed to each request and handshake, in ms. Default 5000. */
  timeoutMs?: number | undefined;
  /** The contract to check against (tests pass edited ones); default: the one the client was built from. */
  contract?: Contract | undefined;
}

export const DEFAULT_TIMEOUT_MS = 5000;

export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const started = performance.now();
  const contract = options.contract ?? builtInContract;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // The client checks the URL, token and admin path (PyFlueInputError says what to fix).
  // --timeout-ms bounds every wait: an HTTP try, a socket's opening and its answer.
  const settings = { token: options.token, timeoutMs, connectTimeoutMs: timeoutMs, answerTimeoutMs: timeoutMs, maxRetries: 0 };
  const client = new PyFlueClient(options.baseUrl, { ...settings, adminBasePath: options.adminBasePath });
  // The admin app's description is at its own base URL: a client of it asks for it the same way.
  const adminClient = new PyFlueClient(client.adminBaseUrl, settings);
  const adminPrefix = new URL(client.adminBaseUrl).pathname.replace(/\/+$/, '');
  const findings: Finding[] = [];
  try {
    const health = await checkHealth(client, timeoutMs);
    findings.push(health);
    if (health.outcome === 'ok') {
      const [publicApp, adminApp, ...sockets] = await Promise.all([
        fetchDescription(
          client,
          "The server's description (/openapi.json)",
          'PyFlue serves it at the base URL; check that a proxy forwards /openapi.json and that the app was not started without it',
        ),
        fetchDescription(
          adminClient,
          "The admin app's description",
          `check --admin-base-path (now "${adminPrefix || '/'}"): PyFlue mounts the admin app at /admin`,
        ),
        ...contract.channels.map((channel) => checkChannel(client, channel, timeoutMs)),
      ]);
      const described: Record<'public' | 'admin', OpenApiDescription | undefined> = { public: undefined, admin: undefined };
      for (const [app, result] of [['public', publicApp], ['admin', adminApp]] as const) {
        if (result.ok) described[app] = result.document;
        else findings.push(result.finding);
      }
      if (described.public && described.admin) {
        findings.push(...compareDescriptions(contract, { public: described.public, admin: described.admin, adminPrefix }));
      }
      findings.push(...sockets);
    }
  } finally {
    await Promise.all([client.close(), adminClient.close()]);
  }
  return {
    baseUrl: client.baseUrl,
    adminBaseUrl: client.adminBaseUrl,
    contractVersion: contract.version,
    exitCode: exitCodeOf(findings),
    counts: countOutcomes(findings),
    durationMs: Math.round(performance.now() - started),
    findings,
  };
}
