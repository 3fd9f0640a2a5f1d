/**
 * The operations the hand-written client calls: every `x.GET('/literal', ...)`,
 * `x.POST(...)`, ... whose method is openapi-fetch's, in every file under the source
 * root except the generated layer and the testing fake (which serves routes, it does not
 * call them). Found with the type checker, not by matching text:
 * - the method must be declared by openapi-fetch (another object's `.GET` does not count);
 * - the route is the spec's path whose generated path item is the very type the client's
 *   `paths` type argument gives for the literal. An admin client is typed over the admin
 *   app's paths (`/runs`), and its items are the generated `/admin/runs` items, so admin
 *   calls resolve to their `/admin` routes without knowing what the admin type is called.
 */
import { join, relative, sep } from 'node:path';
import ts from 'typescript';
import type { ClientProgram } from './client-program.js';

/** Folders of the source root that are not the hand-written client. */
const NOT_CLIENT = ['generated', 'testing'];
const HTTP_METHODS = new Set(['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE']);

export interface OperationCall {
  /** `GET /admin/runs`: the spec's method and path. */
  operation: string;
  /** `resources/runs.ts:28`, for messages. */
  at: string;
}

export interface OperationScan {
  calls: OperationCall[];
  /** openapi-fetch calls whose route the scan could not tell (a path that is no literal). */
  unresolved: OperationCall[];
}

export function scanOperationCalls({ program, checker, srcRoot }: ClientProgram): OperationScan {
  const generatedPaths = generatedPathItems(program, checker, srcRoot);
  const calls: OperationCall[] = [];
  const unresolved: OperationCall[] = [];
  const excluded = NOT_CLIENT.map((folder) => join(srcRoot, folder) + sep);

  for (const file of program.getSourceFiles()) {
    const fileName = file.fileName.split('/').join(sep);
    if (!fileName.startsWith(srcRoot + sep) || excluded.some((folder) => fileName.startsWith(folder))) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && HTTP_METHODS.has(node.expression.name.text)) {
        const callee = node.expression;
        if (isOpenapiFetchMethod(checker, callee)) {
          const { line } = file.getLineAndCharacterOfPosition(node.getStart());
          const at = `${relative(srcRoot, fileName)}:${line + 1}`;
          const path = routeOf(checker, callee.expression, node.arguments[0], generatedPaths);
          const method = callee.name.text;
          if (path) calls.push({ operation: `${method} ${path}`, at });
          else unresolved.push({ operation: `${method} ${node.arguments[0]?.getText() ?? '(no path)'}`, at });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return { calls, unresolved };
}

function isOpenapiFetchMethod(checker: ts.TypeChecker, callee: ts.PropertyAccessExpression): boolean {
  const symbol = checker.getSymbolAtLocation(callee.name);
  return (symbol?.declarations ?? []).some((declaration) => /[\\/]node_modules[\\/]openapi-fetch[\\/]/.test(declaration.getSourceFile().fileName));
}

/** The generated `paths` interface's path items, by identity of their types. */
function generatedPathItems(program: ts.Program, checker: ts.TypeChecker, srcRoot: string): Map<ts.Type, string> {
  const file = program.getSourceFile(join(srcRoot, 'generated', 'openapi.ts'));
  const moduleSymbol = file && checker.getSymbolAtLocation(file);
  const paths = moduleSymbol && checker.getExportsOfModule(moduleSymbol).find((symbol) => symbol.name === 'paths');
  if (!paths) throw new Error(`coverage: ${join(srcRoot, 'generated', 'openapi.ts')} exports no \`paths\` (run \`npm run generate\`)`);
  const items = new Map<ts.Type, string>();
  for (const property of checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(paths))) {
    items.set(checker.getTypeOfSymbol(property), property.name);
  }
  return items;
}

/** The spec path a call reaches: its literal looked up in the client's `paths` type argument. */
function routeOf(checker: ts.TypeChecker, receiver: ts.Expression, argument: ts.Expression | undefined, generatedPaths: Map<ts.Type, string>): string | undefined {
  if (!argument || !ts.isStringLiteralLike(argument)) return undefined;
  const client = checker.getTypeAtLocation(receiver);
  const isReference = client.flags & ts.TypeFlags.Object && (client as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference;
  const pathsType = isReference ? checker.getTypeArguments(client as ts.TypeReference)[0] : undefined;
  const item = pathsType && checker.getPropertyOfType(pathsType, argument.text);
  return item ? generatedPaths.get(checker.getTypeOfSymbol(item)) : undefined;
}
