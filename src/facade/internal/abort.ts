/**
 * Abort plumbing shared by every call: one real listener per caller's signal, a sleep
 * that an abort ends, and a promise raced against a signal.
 *
 * Why not `addEventListener` per call: an app that passes one AbortSignal to hundreds of
 * calls (a page's "cancel all") would put hundreds of listeners on it, and Node prints
 * MaxListenersExceededWarning past ten. Here each signal gets one listener, which calls
 * the callbacks registered for it; a callback unregisters in O(1) when its call ends.
 */
/** Each signal's one listener and the callbacks it calls. */
const subscriptions = new WeakMap<AbortSignal, { callbacks: Set<() => void>; listener: () => void }>();

/**
 * Calls `callback` once when `signal` aborts (at once if it already has); returns the
 * unsubscribe. The signal's listener goes when its last callback does, so a signal that
 * outlives its calls (a page's "cancel all", a call's own controller that undici still
 * holds) keeps nothing of them.
 */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  if (signal.aborted) {
    callback();
    return () => {};
  }
  let subscription = subscriptions.get(signal);
  if (!subscription) {
    const callbacks = new Set<() => void>();
    const listener = (): void => {
      subscriptions.delete(signal);
      for (const registered of [...callbacks]) registered();
    };
    subscription = { callbacks, listener };
    subscriptions.set(signal, subscription);
    signal.addEventListener('abort', listener, { once: true });
  }
  const { callbacks, listener } = subscription;
  const entry = (): void => callback();
  callbacks.add(entry);
  return () => {
    if (!callbacks.delete(entry) || callbacks.size > 0) return;
    subscriptions.delete(signal);
    signal.removeEventListener('abort', listener);
  };
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
