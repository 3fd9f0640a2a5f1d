/**
 * The published surface, read as editors and users meet it: every public wire type shows
 * its own name (an interface or a named alias, not an object literal), no type is
 * exported twice under two names or renamed on export, and `@internal` members leave the
 * emitted declarations (stripInternal).
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const entry = path.join(root, 'src/index.ts');

let checker: ts.TypeChecker;
let exports: ts.Symbol[];
let program: ts.Program;

beforeAll(() => {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.build.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  })!;
  program = ts.createProgram([entry], config.options);
  checker = program.getTypeChecker();
  exports = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(entry)!)!);
});

/** What an editor shows for a value of the exported type `name`. */
function shown(name: string): string {
  const symbol = exports.find((candidate) => candidate.name === name);
  if (!symbol) throw new Error(`${name} is not exported`);
  const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  return checker.typeToString(checker.getDeclaredTypeOfSymbol(target));
}

describe('the public surface', () => {
  it('public wire types show their names in hovers', () => {
    const named = [
      'RunRecord', 'RunEvent', 'RunEndEvent', 'RunEventList', 'PromptResult', 'ErrorBody', 'AgentManifestEntry', 'AgentStreamEvent',
      'PromptStreamEvent', 'UnknownFrame', 'AgentServerMessage', 'WorkflowServerMessage', 'AdminAgent', 'AdminInstance', 'FlueRunResult',
      'FluePromptResult', 'Page', 'PagePromise',
    ];
    const anonymous = named.filter((name) => shown(name) !== name && !shown(name).startsWith(`${name}<`));
    expect(anonymous.map((name) => `${name} shows as ${shown(name).slice(0, 80)}`)).toEqual([]);
  });

  it('the main entry holds at most 70 names, none of them a helper or the generated layer', () => {
    const names = exports.map((symbol) => symbol.name);
    console.log(`main entry: ${names.length} names`);
    expect(names.length).toBeLessThanOrEqual(70);
    for (const moved of ['paths', 'components', 'operations', 'OptionsArgs', 'PayloadField', 'AgentSyncResult', 'list_for_instance', 'PyFlueValidationError']) {
      expect(names).not.toContain(moved);
    }
    expect(names).toEqual(expect.arrayContaining(['defineApp', 'PagePromise', 'PyFlueUnprocessableEntityError', 'create_flue_client']));
  });

  it('no type is exported twice under two names', () => {
    const byDeclaration = new Map<ts.Declaration, string[]>();
    for (const symbol of exports) {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      const declaration = target.declarations?.[0];
      if (declaration) byDeclaration.set(declaration, [...(byDeclaration.get(declaration) ?? []), symbol.name]);
    }
    const twice = [...byDeclaration.values()].filter((names) => names.length > 1 && !names.includes('createFlueClient'));
    expect(twice).toEqual([]);
    // The socket copies of the wire types are gone: one PromptResult, one ErrorBody.
    const names = exports.map((symbol) => symbol.name);
    for (const gone of ['SocketPromptResult', 'SocketErrorBody', 'SocketPromptUsage', 'WorkflowRunEventMessage', 'Schemas']) expect(names).not.toContain(gone);
  });

  it('nothing is renamed on export', async () => {
    const index = await readFile(entry, 'utf8');
    expect(index.match(/\b\w+ as \w+\b/g) ?? []).toEqual([]);
  });

  describe('the emitted declarations', () => {
    let outDir: string;
    beforeAll(async () => {
      outDir = await mkdtemp(path.join(tmpdir(), 'pyflue-dts-'));
      const emitted = ts.createProgram([entry], { ...program.getCompilerOptions(), outDir, emitDeclarationOnly: true, declaration: true }).emit();
      expect(emitted.diagnostics.map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'))).toEqual([]);
    }, 60_000);
    afterAll(() => rm(outDir, { recursive: true, force: true }));

    it('leave out every @internal member (stripInternal)', async () => {
      const files = (await readdir(outDir, { recursive: true })).filter((file) => file.endsWith('.d.ts'));
      expect(files).toContain('index.d.ts');
      const texts = await Promise.all(files.map(async (file) => [file, await readFile(path.join(outDir, file), 'utf8')] as const));
      expect(texts.filter(([, text]) => text.includes('@internal')).map(([file]) => file)).toEqual([]);
      const socket = texts.find(([file]) => file.endsWith('agent-socket.d.ts'))![1];
      expect(socket).toContain('class AgentSocket');
      expect(socket).not.toMatch(/constructor\(init/);
      const stream = texts.find(([file]) => file.endsWith('event-stream.d.ts'))![1];
      expect(stream).not.toMatch(/constructor\(produce/);
    });
  });
});
