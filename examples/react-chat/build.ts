/**
 * Bundles the example pages for the browser with esbuild: the React page (React's
 * automatic JSX) and the Vue page (render functions); the client comes from this
 * repository's sources (an app would import `@pyflue/client` and `/react` or `/vue`).
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** What the example server serves: each page's script, and the styles both share. */
export interface ChatPages {
  react: string;
  vue: string;
  css: string;
}

async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [`${root}${entry}`],
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    jsx: 'automatic',
    // Production builds of React and Vue (Vue's flags are those its bundler docs ask to define).
    define: { 'process.env.NODE_ENV': '"production"', __VUE_OPTIONS_API__: 'true', __VUE_PROD_DEVTOOLS__: 'false', __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false' },
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/** Builds both pages. */
export async function buildChatPages(): Promise<ChatPages> {
  const [react, vue, css] = await Promise.all([bundle('examples/react-chat/main.tsx'), bundle('examples/vue-chat/main.ts'), readFile(`${root}examples/react-chat/styles.css`, 'utf8')]);
  return { react, vue, css };
}

/** The page that loads `script`. */
export const pageHtml = (title: string, script: string): string =>
  `<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title>` +
  `<link rel="icon" href="data:,"><link rel="stylesheet" href="/styles.css"><div id="root"></div><script type="module" src="${script}"></script>`;
