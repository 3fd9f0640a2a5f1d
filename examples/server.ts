/**
 * Where the examples find a PyFlue server: `--base-url URL`, else the PYFLUE_BASE_URL
 * environment variable, else the embedded fixture server of this repository (started
 * here, stopped when the returned object is disposed). In your own code, this is just
 * your deployment's URL.
 */
import { startPyFlueServer } from '../test/support/pyflue-server.js';

export async function pyflueServer(baseUrlFlag: string | undefined): Promise<{ baseUrl: string } & AsyncDisposable> {
  const baseUrl = baseUrlFlag ?? process.env.PYFLUE_BASE_URL;
  if (baseUrl) return { baseUrl, [Symbol.asyncDispose]: async () => {} };
  const server = await startPyFlueServer();
  console.log(`Started the embedded PyFlue fixture server at ${server.baseUrl}`);
  return { baseUrl: server.baseUrl, [Symbol.asyncDispose]: () => server.stop() };
}
