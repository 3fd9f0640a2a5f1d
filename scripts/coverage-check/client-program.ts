/**
 * One TypeScript program over the client's source tree (every .ts file under the source
 * root, whatever the folders are called), compiled with the repository's tsconfig.json
 * options, for the two scans of the coverage check: the openapi-fetch calls
 * (operation-calls.ts) and the public types (public-types.ts).
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';

export interface ClientProgram {
  program: ts.Program;
  checker: ts.TypeChecker;
  srcRoot: string;
}

export function loadClientProgram(srcRoot: string): ClientProgram {
  const configPath = ts.findConfigFile(dirname(srcRoot), ts.sys.fileExists, 'tsconfig.json');
  let options: ts.CompilerOptions = { strict: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, skipLibCheck: true };
  if (configPath) {
    const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
    if (error) throw new Error(`coverage: ${ts.flattenDiagnosticMessageText(error.messageText, '\n')}`);
    options = ts.parseJsonConfigFileContent(config, ts.sys, dirname(configPath)).options;
  }
  const program = ts.createProgram({ rootNames: tsFiles(srcRoot), options: { ...options, noEmit: true } });
  return { program, checker: program.getTypeChecker(), srcRoot };
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return /\.(c|m)?tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}
