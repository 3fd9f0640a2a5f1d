/**
 * What the public surface gives a user, read with the type checker: the names exported by
 * the main entry (`<source root>/index.ts`) or by the facade's module of wire types
 * (`<source root>/facade/core/types.ts`, whose types the methods return even where the main
 * entry leaves them out to keep its list short), and the string literals an exported type admits, either
 * directly (`ErrorType`: `'invalid_request' | ...`) or as the `type` of its members
 * (`RunEvent`: `RunStartEvent | LogEvent | RunEndEvent`, each with a literal `type`).
 * An open `string & {}` beside the literals is no literal, so a union does not "contain"
 * a code merely because it also accepts any string.
 */
import { join } from 'node:path';
import ts from 'typescript';
import type { ClientProgram } from './client-program.js';

export interface PublicTypes {
  /** Whether the entry exports this name (value or type). */
  exports(name: string): boolean;
  /** The literals of an exported type, or undefined when the entry does not export it. */
  literals(name: string): Set<string> | undefined;
  /** The literals of the `type` property of an exported class's instances. */
  instanceTypeLiterals(className: string): Set<string> | undefined;
}

/** The modules whose exports make the public surface (see the file comment). */
export const PUBLIC_MODULES = ['index.ts', 'facade/core/types.ts'];

export function readPublicTypes({ program, checker, srcRoot }: ClientProgram): PublicTypes {
  const exported = new Map<string, ts.Symbol>();
  for (const module of PUBLIC_MODULES) {
    const file = program.getSourceFile(join(srcRoot, module));
    const moduleSymbol = file && checker.getSymbolAtLocation(file);
    if (!moduleSymbol) throw new Error(`coverage: cannot read ${join(srcRoot, module)}`);
    for (const symbol of checker.getExportsOfModule(moduleSymbol)) if (!exported.has(symbol.name)) exported.set(symbol.name, symbol);
  }
  const target = (name: string) => {
    const symbol = exported.get(name);
    if (!symbol) return undefined;
    return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  };

  const literalsOf = (type: ts.Type, found = new Set<string>()): Set<string> => {
    for (const member of type.isUnion() ? type.types : [type]) {
      if (member.isStringLiteral()) {
        found.add(member.value);
        continue;
      }
      const typeProperty = member.flags & ts.TypeFlags.Object ? checker.getPropertyOfType(member, 'type') : undefined;
      if (typeProperty) {
        for (const literal of literalTypes(checker.getTypeOfSymbol(typeProperty))) found.add(literal);
      }
    }
    return found;
  };

  return {
    exports: (name) => exported.has(name),
    literals(name) {
      const symbol = target(name);
      return symbol ? literalsOf(checker.getDeclaredTypeOfSymbol(symbol)) : undefined;
    },
    instanceTypeLiterals(className) {
      const symbol = target(className);
      if (!symbol || !(symbol.flags & ts.SymbolFlags.Class)) return undefined;
      const typeProperty = checker.getPropertyOfType(checker.getDeclaredTypeOfSymbol(symbol), 'type');
      return new Set(typeProperty ? literalTypes(checker.getTypeOfSymbol(typeProperty)) : []);
    },
  };
}

function literalTypes(type: ts.Type): string[] {
  return (type.isUnion() ? type.types : [type]).flatMap((member) => (member.isStringLiteral() ? [member.value] : []));
}
