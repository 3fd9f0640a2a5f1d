/**
 * internal/abort.ts: one listener per signal, and none left once its calls are done. A
 * listener left on a call's own signal kept the call's fetch alive through undici (each
 * run stream cut mid-read kept about 20 KB: the soak in bench/soak.ts found it).
 */
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { onAbort } from '../../src/facade/internal/abort.js';

const listeners = (signal: AbortSignal) => getEventListeners(signal, 'abort').length;

describe('onAbort', () => {
  it('puts one listener on a signal however many callbacks share it, and removes it with the last one', () => {
    const controller = new AbortController();
    const first = onAbort(controller.signal, () => {});
    const second = onAbort(controller.signal, () => {});
    expect(listeners(controller.signal)).toBe(1);
    first();
    expect(listeners(controller.signal)).toBe(1);
    second();
    expect(listeners(controller.signal)).toBe(0);
    // Unsubscribing twice is harmless, and a later callback subscribes afresh.
    second();
    const third = onAbort(controller.signal, () => {});
    expect(listeners(controller.signal)).toBe(1);
    third();
    expect(listeners(controller.signal)).toBe(0);
  });

  it('calls every callback still subscribed when the signal aborts, once', () => {
    const controller = new AbortController();
    const calls: string[] = [];
    onAbort(controller.signal, () => calls.push('a'));
    const off = onAbort(controller.signal, () => calls.push('b'));
    onAbort(controller.signal, () => calls.push('c'));
    off();
    controller.abort();
    controller.abort();
    expect(calls).toEqual(['a', 'c']);
    expect(listeners(controller.signal)).toBe(0);
    // Already aborted: called at once.
    onAbort(controller.signal, () => calls.push('d'));
    expect(calls).toEqual(['a', 'c', 'd']);
  });
});
