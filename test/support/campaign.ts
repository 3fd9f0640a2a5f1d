/**
 * The machinery of the bad-input campaign (test/faults/campaign.test.ts): the bad values
 * of each kind of argument, the outcome of one call whatever it returns (a throw, a
 * promise, a stream, a socket), bounded so a hang is an outcome rather than a stuck test,
 * and what an error must (not) show. Cases are generated from these, never listed one by one.
 */
import { inspect } from 'node:util';
import { PyFlueError, PyFlueInputError, PyFlueSocketError } from '../../src/index.js';
import { queries, type QueryValue } from '../../src/generated/wire.js';

/** One value of a kind, with a label for the report. */
export type Bad = readonly [label: string, value: unknown];

const MB = 'x'.repeat(1024 * 1024);
const circular = (): Record<string, unknown> => {
  const value: Record<string, unknown> = { a: 1 };
  value.self = value;
  return value;
};
const fn = () => undefined;

/** Values that are no string at all (a required string argument refuses every one). */
const NOT_STRINGS: Bad[] = [
  ['null', null],
  ['0', 0],
  ['5', 5],
  ['NaN', Number.NaN],
  ['2**53', 2 ** 53],
  ['true', true],
  ['[]', []],
  ['["a"]', ['a']],
  ['{}', {}],
  ['a function', fn],
  ['a Symbol', Symbol('s')],
  ['a BigInt', 1n],
  ['a Map', new Map()],
  ['a Date', new Date(0)],
];

/** What a name or an id (one path segment) refuses. */
export const BAD_SEGMENTS: Bad[] = [
  ['undefined', undefined],
  ...NOT_STRINGS,
  ['""', ''],
  ['"  "', '  '],
  ['"."', '.'],
  ['".."', '..'],
  ['"../x"', '../x'],
  ['"a/b"', 'a/b'],
  ['CR LF', 'a\r\nb'],
  ['LF', 'a\nb'],
  ['NUL', 'a\0b'],
  ['TAB', 'a\tb'],
  ['DEL', 'a\x7fb'],
  ['a lone surrogate', 'a\ud800b'],
  ['1 MB', MB],
];

/** What a required text (a prompt, a socket path) refuses: anything but a string. */
export const BAD_TEXTS: Bad[] = [['undefined', undefined], ...NOT_STRINGS];

/** What an option bag refuses as a whole. */
export const BAD_BAGS: Bad[] = [
  ['null', null],
  ['0', 0],
  ['"x"', 'x'],
  ['1 MB string', MB],
  ['true', true],
  ['[]', []],
  ['a function', fn],
  ['a Symbol', Symbol('s')],
  ['a Map', new Map()],
  ['a Date', new Date(0)],
  ['an unknown far key', { zzzzzzzzzzzzzzzzzzzzzz: 1 }],
];

/** What an optional JSON-object payload refuses. */
export const BAD_PAYLOADS: Bad[] = [
  ['null', null],
  ['0', 0],
  ['"x"', 'x'],
  ['true', true],
  ['[]', []],
  ['a function', fn],
  ['a Symbol', Symbol('s')],
  ['a Map', new Map()],
  ['a Date', new Date(0)],
  ['a circular object', circular()],
  ['a BigInt inside', { n: 1n }],
];

const BAD_MS: Bad[] = [
  ['null', null],
  ['-1', -1],
  ['1.5', 1.5],
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['2**31', 2 ** 31],
  ['2**53', 2 ** 53],
  ['"100"', '100'],
  ['{}', {}],
  ['true', true],
];
const BAD_COUNTS: Bad[] = [
  ['null', null],
  ['-1', -1],
  ['1.5', 1.5],
  ['NaN', Number.NaN],
  ['2**31', 2 ** 31],
  ['1e9', 1e9],
  ['"1"', '1'],
  ['[]', []],
];
const BAD_SIGNALS: Bad[] = [
  ['null', null],
  ['"x"', 'x'],
  ['5', 5],
  ['{}', {}],
  ['a function', fn],
  ['{ aborted: "no" }', { aborted: 'no', addEventListener: fn }],
];
const BAD_HEADERS: Bad[] = [
  ['null', null],
  ['5', 5],
  ['"x"', 'x'],
  ['[]', []],
  ['a Headers', new Headers({ a: 'b' })],
  ['a Map', new Map([['a', 'b']])],
  ['a bad name', { 'bad name': 'v' }],
  ['a name with CR LF', { 'x-a\r\n': 'v' }],
  ['a number value', { 'x-a': 5 }],
  ['a null value', { 'x-a': null }],
  ['a value with CR LF', { 'x-a': 'a\r\nx-injected: 1' }],
  ['a value with NUL', { 'x-a': 'a\0' }],
  ['a value outside Latin-1', { 'x-a': 'a\u0100' }],
];
const BAD_FUNCTIONS: Bad[] = [
  ['null', null],
  ['5', 5],
  ['"x"', 'x'],
  ['{}', {}],
  ['[]', []],
];
const BAD_OPTIONAL_STRINGS: Bad[] = [
  ['null', null],
  ['5', 5],
  ['""', ''],
  ['[]', []],
  ['{}', {}],
  ['a function', fn],
];
const BAD_BOOLEANS: Bad[] = [
  ['null', null],
  ['"yes"', 'yes'],
  ['1', 1],
  ['{}', {}],
];

/** The kind of each option, for its wrong-typed values; a key of no kind here fails the campaign (so a new option is covered). */
export type OptionKind =
  | 'ms'
  | 'count'
  | 'signal'
  | 'headers'
  | 'token'
  | 'function'
  | 'middleware'
  | 'adminBasePath'
  | 'responseFormat'
  | 'app'
  | 'payload'
  | 'mode'
  | 'json'
  | 'string'
  | 'segment'
  | 'schema'
  | 'boolean'
  | 'reconnect'
  | 'match'
  | 'pathMatch'
  | 'positive'
  | 'fakeMs'
  | 'client'
  | 'storage'
  | 'messages'
  | 'integer0'
  | 'baseUrl'
  | 'agents'
  | 'workflows'
  | 'defaultAgent'
  | 'object'
  | 'skip';

/** The values each kind of option refuses. */
export function badOptionValues(kind: OptionKind): Bad[] {
  switch (kind) {
    case 'ms':
      return BAD_MS;
    case 'count':
      return [...BAD_COUNTS, ['101', 101]];
    case 'signal':
      return BAD_SIGNALS;
    case 'headers':
      return BAD_HEADERS;
    case 'token':
      return [['5', 5], ['""', ''], ['null', null], ['{}', {}], ['[]', []], ['LF', 'tok\n'], ['CR LF', 'tok\r\nx: 1'], ['outside Latin-1', 'tok€']];
    case 'function':
      return BAD_FUNCTIONS;
    case 'middleware':
      return [['null', null], ['5', 5], ['{}', {}], ['"x"', 'x'], ['[5]', [5]], ['[null]', [null]], ['[{}]', [{}]], ['[a function]', [fn]]];
    case 'adminBasePath':
      return [['null', null], ['5', 5], ['a URL', 'http://evil.example/admin'], ['//host', '//host/admin'], ['a query', '/admin?x=1'], ['a fragment', '/admin#x'], ['LF', '/ad\nmin'], ['1 MB', `/${MB}`]];
    case 'responseFormat':
      return [['null', null], ['"json"', 'json'], ['5', 5], ['{}', {}]];
    case 'app':
      return [['null', null], ['5', 5], ['"x"', 'x'], ['[]', []], ['{ agents: 5 }', { agents: 5 }], ['{ workflows: [] }', { workflows: [] }], ['{ agent: {} }', { agent: {} }], ['a validator that is none', { agents: { a: { payload: 5 } } }]];
    case 'payload':
      return BAD_PAYLOADS;
    case 'mode':
      return [['null', null], ['"fast"', 'fast'], ['5', 5], ['{}', {}]];
    case 'json':
      return [['a BigInt', 1n], ['a circular object', circular()], ['a function', fn], ['a Symbol', Symbol('s')]];
    case 'string':
      return BAD_OPTIONAL_STRINGS;
    case 'segment':
      return BAD_SEGMENTS.filter(([label]) => label !== 'undefined');
    case 'schema':
      return [['null', null], ['5', 5], ['{}', {}], ['"x"', 'x'], ['{ "~standard": {} }', { '~standard': {} }]];
    case 'boolean':
      return BAD_BOOLEANS;
    case 'reconnect':
      return [['null', null], ['1', 1], ['{}', {}], ['""', '']];
    case 'positive':
      return [['null', null], ['0', 0], ['-1', -1], ['1.5', 1.5], ['NaN', Number.NaN], ['"1"', '1'], ['2**53', 2 ** 53]];
    case 'fakeMs':
      return [['null', null], ['-1', -1], ['NaN', Number.NaN], ['Infinity', Number.POSITIVE_INFINITY], ['"1"', '1'], ['2**31', 2 ** 31]];
    case 'pathMatch':
      return [['null', null], ['5', 5], ['[]', []], ['{}', {}], ['a function', fn]];
    case 'match':
      return [['null', null], ['5', 5], ['"x"', 'x'], ['[]', []], ['{ methd }', { methd: 'GET' }], ['{ method: 5 }', { method: 5 }], ['{ path: 5 }', { path: 5 }]];
    case 'client':
      return [['null', null], ['"http://x"', 'http://x'], ['5', 5], ['{}', {}], ['a function', fn]];
    case 'storage':
      return [['null', null], ['5', 5], ['{}', {}], ['a Map', new Map()], ['"x"', 'x']];
    case 'messages':
      return [['null', null], ['"hi"', 'hi'], ['[5]', [5]], ['[{ role: "user" }]', [{ role: 'user' }]], ['[{ role: "robot", text: "x" }]', [{ role: 'robot', text: 'x' }]]];
    case 'integer0':
      return [['null', null], ['-1', -1], ['1.5', 1.5], ['NaN', Number.NaN], ['"1"', '1'], ['2**53', 2 ** 53]];
    case 'baseUrl':
      return [['5', 5], ['""', ''], ['"not a url"', 'not a url'], ['ftp', 'ftp://x'], ['credentials', 'http://u:p@127.0.0.1'], ['LF', 'http://127.0.0.1\n'], ['1 MB', `http://127.0.0.1/${MB}`]];
    case 'agents':
    case 'workflows':
      return [['null', null], ['5', 5], ['[]', []], ['{ a: 5 }', { a: 5 }], ['{ "a/b": fn }', { 'a/b': fn }]];
    case 'defaultAgent':
      return [['null', null], ['5', 5], ['"x"', 'x'], ['[]', []]];
    case 'object':
      return [['5', 5], ['"x"', 'x'], ['[]', []]];
    case 'skip':
      return [];
  }
}

/** The wrong values of a query option, from its generated description (src/generated/wire.ts). */
export function badQueryValues([, kind, a, b]: QueryValue): Bad[] {
  const common: Bad[] = [['null', null], ['{}', {}], ['[]', []], ['a function', fn]];
  if (kind === 'integer') {
    const min = a as number | undefined;
    const max = b as number | undefined;
    return [...common, ['1.5', 1.5], ['NaN', Number.NaN], ['"1"', '1'], ...(min === undefined ? [] : ([[`${min - 1}`, min - 1]] as Bad[])), ...(max === undefined ? [] : ([[`${max + 1}`, max + 1]] as Bad[]))];
  }
  if (kind === 'enum') return [...common, ['"nope"', 'nope'], ['5', 5]];
  if (kind === 'boolean') return [...common, ['"yes"', 'yes']];
  return [...common, ['5', 5], ['CR LF', 'a\r\nb'], ['1 MB', MB]];
}

/** Every query option name of every operation (the generated table), with its description. */
export const QUERY_KINDS: ReadonlyMap<string, QueryValue> = new Map(
  Object.values(queries).flatMap((options) => Object.entries(options as Record<string, QueryValue>)),
);

/** Misspellings of an option name that "did you mean" must bring back to it. */
export function typos(key: string): string[] {
  const swapped = key.length > 3 ? `${key[0]}${key[2]}${key[1]}${key.slice(3)}` : `${key}s`;
  return [...new Set([`${key}s`, key.toUpperCase(), swapped])].filter((typo) => typo !== key);
}

// ─── Outcomes ────────────────────────────────────────────────────────────────

export type Outcome =
  | { kind: 'threw'; error: unknown }
  | { kind: 'rejected'; error: unknown }
  | { kind: 'resolved'; value: unknown }
  | { kind: 'hang' };

/** The longest a case may take to settle before it counts as a hang (a bound, never an assertion on time). */
export const CASE_BOUND_MS = 2_000;

function bounded<T>(promise: PromiseLike<T>): Promise<{ settled: true; value: T } | { settled: false }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<{ settled: false }>((resolve) => (timer = setTimeout(() => resolve({ settled: false }), CASE_BOUND_MS)));
  return Promise.race([Promise.resolve(promise).then((value) => ({ settled: true as const, value })), hang]).finally(() => clearTimeout(timer));
}

/**
 * What one call did: threw at once, or (for what it returned) rejected or resolved: a
 * promise is awaited, a stream asked for its first event, a socket for `ready`.
 */
export async function outcome(run: () => unknown): Promise<Outcome> {
  let value: unknown;
  try {
    value = run();
  } catch (error) {
    return { kind: 'threw', error };
  }
  const pending = settle(value);
  try {
    const result = await bounded(pending);
    return result.settled ? { kind: 'resolved', value: result.value } : { kind: 'hang' };
  } catch (error) {
    return { kind: 'rejected', error };
  }
}

async function settle(value: unknown): Promise<unknown> {
  if (value !== null && typeof value === 'object' && typeof (value as PromiseLike<unknown>).then === 'function') return await (value as PromiseLike<unknown>);
  if (value !== null && typeof value === 'object' && Symbol.asyncIterator in value) {
    const iterator = (value as AsyncIterable<unknown>)[Symbol.asyncIterator]();
    try {
      return await iterator.next();
    } finally {
      void iterator.return?.()?.then(undefined, () => undefined);
    }
  }
  if (value !== null && typeof value === 'object' && 'ready' in value) {
    try {
      return await (value as { ready: Promise<unknown> }).ready;
    } finally {
      void (value as { close?: () => unknown }).close?.();
    }
  }
  return value;
}

/** Every error down an error's cause chain (and an AggregateError's errors). */
export function chain(error: unknown, seen = new Set<unknown>()): unknown[] {
  if (error === null || error === undefined || seen.has(error)) return [];
  seen.add(error);
  const list: unknown[] = [error];
  if (typeof error === 'object') {
    list.push(...chain((error as { cause?: unknown }).cause, seen));
    for (const inner of (error as { errors?: unknown[] }).errors ?? []) list.push(...chain(inner, seen));
  }
  return list;
}

/** What is wrong with an input error, or undefined: typed, names `what`, short, no TypeError down its chain. */
export function inputProblem(result: Outcome, calls: number, what: RegExp): string | undefined {
  if (result.kind === 'hang') return 'no answer (hang)';
  if (result.kind === 'resolved') return `accepted (resolved ${describeValue(result.value)})`;
  const { error } = result;
  const typeErrors = chain(error).filter((item) => item instanceof TypeError || (item instanceof Error && item.name === 'TypeError'));
  if (typeErrors.length) return `a raw TypeError: ${(typeErrors[0] as Error).message.slice(0, 160)}`;
  // A socket's own error may carry the input error that stopped its handshake (a token function that gave a number, say): the socket's typed error, naming what to fix.
  const wrapped = error instanceof PyFlueSocketError && chain(error).some((item) => item instanceof PyFlueInputError);
  if (!(error instanceof PyFlueInputError) && !wrapped) return `${error instanceof Error ? error.constructor.name : typeof error} instead of PyFlueInputError: ${String((error as Error)?.message ?? error).slice(0, 160)}`;
  if (calls !== 0) return `${calls} request(s) sent before the refusal`;
  if ((error as Error).message.length > 1_000) return `a message of ${(error as Error).message.length} characters`;
  if (!what.test((error as Error).message)) return `the message does not name ${what}: ${(error as Error).message.slice(0, 200)}`;
  return undefined;
}

function describeValue(value: unknown): string {
  try {
    return inspect(value, { depth: 1, breakLength: Infinity }).slice(0, 80);
  } catch {
    return typeof value;
  }
}

/** Everything an error shows: message, stack, JSON, own fields and causes at any depth. */
export function everything(error: unknown): string {
  const parts = chain(error).flatMap((item) => {
    const own = item instanceof Error ? [item.message, item.stack ?? ''] : [];
    let json = '';
    try {
      json = JSON.stringify(item) ?? '';
    } catch {
      json = '';
    }
    return [...own, json, inspect(item, { depth: null, showHidden: true, getters: true })];
  });
  return parts.join('\n');
}

export { PyFlueError };
