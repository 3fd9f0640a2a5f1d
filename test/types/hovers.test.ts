/**
 * Hovers, measured as an editor shows them: the TypeScript language service's quickinfo
 * on test/types/fixtures/hovers.types.ts. A client of a zod app named through
 * `interface SupportApp extends InferApp<typeof app> {}` hovers in a line or two, and
 * `agents.invoke` shows the common (sync) call first. The figures are printed; the
 * bounds are the "a few lines".
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixture = path.join(root, 'test/types/fixtures/hovers.types.ts');

let service: ts.LanguageService;
let text: string;

beforeAll(() => {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  })!;
  text = ts.sys.readFile(fixture)!;
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => config.options,
    getScriptFileNames: () => [fixture],
    getScriptVersion: () => '1',
    getScriptSnapshot: (file) => {
      const content = ts.sys.readFile(file);
      return content === undefined ? undefined : ts.ScriptSnapshot.fromString(content);
    },
    getCurrentDirectory: () => root,
    getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  service = ts.createLanguageService(host, ts.createDocumentRegistry());
});

/** The quickinfo an editor shows over the first `needle` after `after`, as text. */
function hover(needle: string, after = ''): string {
  const position = text.indexOf(needle, text.indexOf(after));
  if (position < 0) throw new Error(`${needle} is not in the fixture`);
  const info = service.getQuickInfoAtPosition(fixture, position);
  if (!info) throw new Error(`no quickinfo at ${needle}`);
  return ts.displayPartsToString(info.displayParts);
}

/** Lines as an editor wraps them at 120 columns. */
const lines = (shown: string) => shown.split('\n').reduce((count, line) => count + Math.max(1, Math.ceil(line.length / 120)), 0);

describe('hovers', () => {
  it('a client of a named zod app hovers as PyFlueClient<SupportApp, "flue">, in one line', () => {
    const named = hover('namedClient');
    const inferred = hover('inferredClient');
    console.log(`hover lengths: named client ${named.length} chars / ${lines(named)} lines; inferred client ${inferred.length} chars / ${lines(inferred)} lines`);
    expect(named).toBe('const namedClient: PyFlueClient<SupportApp, "flue">');
    // The inferred client spells the app out: that is what the name saves.
    expect(inferred.length).toBeGreaterThan(named.length * 4);
  });

  it('agents.invoke shows the common sync call first, in a few lines', () => {
    const shown = hover('invoke', 'export const reply');
    console.log(`hover length: agents.invoke ${shown.length} chars / ${lines(shown)} lines\n${shown}`);
    expect(lines(shown)).toBeLessThanOrEqual(4);
    expect(shown).toMatch(/^\(method\) AgentsNamespace<"flue", SupportApp>\.invoke<"assistant", "flue">\(name: "assistant"/);
    expect(shown).toContain('): APIPromise<FluePromptResult> (+3 overloads)');
    expect(shown).not.toContain('ZodObject');
  });
});
