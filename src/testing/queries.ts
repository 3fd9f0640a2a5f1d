/**
 * Query parameters as PyFlue reads them (server._parse_event_query and the admin app's
 * _parse_limit, _parse_cursor and _parse_status), with its error envelopes, and the
 * admin app's offset pagination behind opaque base64url cursors.
 */
import type { FakeRequest } from './routes.js';
import { errors } from './wire.js';

/** Starlette's `query_params.get`: the last value of a repeated parameter; undefined when absent. */
export function lastQuery(request: FakeRequest, name: string): string | undefined {
  return request.url.searchParams.getAll(name).at(-1);
}

/** Python's `int(text)`: optional sign and surrounding spaces; undefined when it is not one. */
function pythonInt(text: string): number | undefined {
  return /^\s*[+-]?\d+\s*$/.test(text) ? Number.parseInt(text, 10) : undefined;
}

/** server._parse_event_query. */
export function parseEventQuery(request: FakeRequest): { after: number; limit: number; types: string[] | undefined } {
  let after = 0;
  const rawAfter = lastQuery(request, 'after');
  if (rawAfter !== undefined && rawAfter !== '') {
    const parsed = pythonInt(rawAfter);
    if (parsed === undefined || parsed < 0) throw errors.invalidQuery('after', rawAfter, 'Must be a non-negative integer.');
    after = parsed;
  }
  let limit = 1000;
  const rawLimit = lastQuery(request, 'limit');
  if (rawLimit !== undefined && rawLimit !== '') {
    const parsed = pythonInt(rawLimit);
    if (parsed === undefined || parsed < 1 || parsed > 1000) throw errors.invalidQuery('limit', rawLimit, 'Must be an integer in [1, 1000].');
    limit = parsed;
  }
  let types: string[] | undefined;
  const rawTypes = lastQuery(request, 'types');
  if (rawTypes) {
    types = rawTypes.split(',').map((type) => type.trim()).filter(Boolean);
    if (types.length === 0) throw errors.invalidQuery('types', rawTypes, 'Must be a comma-separated list of event types.');
  }
  return { after, limit, types };
}

/** admin._parse_limit. */
export function parseLimit(request: FakeRequest): number {
  const raw = lastQuery(request, 'limit');
  if (raw === undefined || raw === '') return 100;
  const limit = pythonInt(raw);
  if (limit === undefined || limit < 1 || limit > 1000) throw errors.invalidQuery('limit', raw, 'Must be an integer in [1, 1000].');
  return limit;
}

/** admin._parse_cursor: a bare offset, or base64url of `{"offset": n}` (the cursors it hands out). */
export function parseCursor(request: FakeRequest): number {
  const raw = lastQuery(request, 'cursor');
  if (raw === undefined || raw === '') return 0;
  const invalid = () => errors.invalidQuery('cursor', raw, 'Must be a valid pagination cursor.');
  if (/^\d+$/.test(raw)) return Number(raw);
  let offset: number;
  try {
    if (!/^[A-Za-z0-9_-]*={0,2}$/.test(raw) || raw.replace(/=+$/, '').length % 4 === 1) throw invalid();
    const padded = raw.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(padded + '='.repeat((4 - (padded.length % 4)) % 4)), (char) => char.charCodeAt(0));
    const payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as { offset?: unknown };
    const value = pythonIntOf(payload.offset);
    if (value === undefined) throw invalid();
    offset = value;
  } catch {
    throw invalid();
  }
  if (offset < 0) throw invalid();
  return offset;
}

/** Python's `int(value)` for what a decoded cursor may hold. */
function pythonIntOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') return pythonInt(value);
  return undefined;
}

function encodeCursor(offset: number): string {
  return btoa(JSON.stringify({ offset })).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const STATUS_QUERY: Record<string, string> = {
  active: 'running',
  completed: 'succeeded',
  errored: 'failed',
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
};

/** admin._parse_status. */
export function parseStatus(request: FakeRequest): string | undefined {
  const raw = lastQuery(request, 'status');
  if (raw === undefined || raw === '') return undefined;
  const status = STATUS_QUERY[raw];
  if (status === undefined) throw errors.invalidQuery('status', raw, 'Must be one of: active, completed, errored.');
  return status;
}

export function paginate<T>(items: T[], cursor: number, limit: number): [T[], string | null] {
  const page = items.slice(cursor, cursor + limit);
  const next = cursor + page.length;
  return [page, next < items.length ? encodeCursor(next) : null];
}
