/**
 * Abort plumbing shared by every call: one real listener per caller's signal, a sleep
 * that an abort ends, and a promise raced against a signal.
 *
 * Why not `addEventListener` per call: an app that passes one AbortSignal to hundreds of
 * calls (a page's "cancel all") would put hundreds of listeners on it, and Node prints
 * MaxListenersExceededWarning past ten. Here each signal gets one listener, which calls
 * the callbacks registered for it; a callback unregisters in O(1) when its call ends.
 */
const callbacks = new WeakMap<AbortSignal, Set<() => void>>();

/** Calls `callback` once when `signal` aborts (at once if it already has); returns the unsubscribe. */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  if (signal.aborted) {
    callback();
    return () => {};
  }
  let set = callbacks.get(signal);
  if (!set) {
    const created = new Set<() => void>();
    set = created;
    callbacks.set(signal, created);
    signal.addEventListener(
      'abort',
      () => {
        callbacks.delete(signal);
        for (const registered of [...created]) registered();
      },
      { once: true },
    );
  }
  const registered = set;
  const entry = (): void => callback();
  registered.add(entry);
  return () => void registered.delete(entry);
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts; leaves no timer or listener behind. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const unsubscribe = signal
      ? onAbort(signal, () => {
          clearTimeout(timer);
          reject(signal.reason);
        })
      : undefined;
    const timer = setTimeout(() => {
      unsubscribe?.();
      resolve();
    }, ms);
  });
}

/** `promise`, or the signal's reason as soon as it aborts (whichever comes first). */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const unsubscribe = onAbort(signal, () => reject(signal.reason));
    promise.then(resolve, reject).finally(unsubscribe);
  });
}
