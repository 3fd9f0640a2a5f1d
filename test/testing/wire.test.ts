/**
 * The fake writes what PyFlue writes: SSE data as Python's `json.dumps` text (the
 * expected strings below are that function's output), timestamps as `isoformat()`.
 */
import { describe, expect, it } from 'vitest';
import { isoTimestamp, pythonJson } from '../../src/testing/wire.js';

describe('wire spellings', () => {
  it("pythonJson writes json.dumps's separators and escapes non-ASCII", () => {
    const value = { a: [1, { b: 'ø "q" \\ 😀' }], c: {}, d: [], e: 'x: y, z', f: null, g: 1.5 };
    // python3 -c 'import json; print(json.dumps(value))'
    expect(pythonJson(value)).toBe('{"a": [1, {"b": "\\u00f8 \\"q\\" \\\\ \\ud83d\\ude00"}], "c": {}, "d": [], "e": "x: y, z", "f": null, "g": 1.5}');
    expect(JSON.parse(pythonJson(value))).toEqual(value);
    expect(pythonJson('plain')).toBe('"plain"');
  });

  it('isoTimestamp writes microseconds and the suffix datetime.isoformat() gives', () => {
    // datetime.fromtimestamp(1795480629.9601, UTC).isoformat() -> '2026-11-24T00:37:09.960100+00:00'
    expect(isoTimestamp(1795480629.9601, '+00:00')).toBe('2026-11-24T00:37:09.960100+00:00');
    expect(isoTimestamp(1795480629.9601)).toBe('2026-11-24T00:37:09.960100Z');
    // ... -> '2026-11-24T00:37:09+00:00' for a whole second
    expect(isoTimestamp(1795480629, '+00:00')).toBe('2026-11-24T00:37:09+00:00');
  });
});
