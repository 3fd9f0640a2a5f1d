/**
 * Bundles the example for the browser with esbuild: React's automatic JSX; the client
 * comes from this repository's sources (an app would import `@pyflue/client` and
 * `@pyflue/client/react`).
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The page's script, minified ESM for the browser. */
export async function buildReactChat(): Promise<string> {
  const result = await build({
    entryPoints: [`${root}examples/react-chat/main.tsx`],
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/** The page that loads it. */
export const REACT_CHAT_HTML =
  '<!doctype html><meta charset="utf-8"><title>PyFlue React chat</title><div id="root"></div><script type="module" src="/app.js"></script>';
