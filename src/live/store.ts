/**
 * The one mechanism every live store shares: an immutable snapshot, replaced (never
 * mutated) when something changed, and the listeners told after each replacement. A
 * snapshot's identity changes only on change, which is what `useSyncExternalStore`,
 * Svelte's stores and Vue's `shallowRef` all need to skip work.
 */

/** What any framework can watch: the current snapshot, and a way to hear when it is replaced. */
export interface LiveStore<Snapshot> {
  /** The current snapshot; the same object until something changes. */
  getSnapshot(): Snapshot;
  /** Calls `listener` after each change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

/** @internal The writable side, kept inside the store modules. */
export interface SnapshotCell<Snapshot> {
  get(): Snapshot;
  /** Replaces the snapshot with `next(current)` and tells the listeners, unless `next` returned `current`. */
  update(next: (current: Snapshot) => Snapshot): void;
  subscribe(listener: () => void): () => void;
  /** Forgets every listener (the store was disposed). */
  clear(): void;
}

/** @internal */
export function snapshotCell<Snapshot>(initial: Snapshot, onFirstSubscribe?: () => void): SnapshotCell<Snapshot> {
  let current = initial;
  let subscribed = false;
  const listeners = new Set<() => void>();
  return {
    get: () => current,
    update(next) {
      const value = next(current);
      if (Object.is(value, current)) return;
      current = value;
      // A copy: a listener that unsubscribes (or subscribes) while being told must not skip another.
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      if (!subscribed) {
        subscribed = true;
        onFirstSubscribe?.();
      }
      return () => {
        listeners.delete(listener);
      };
    },
    clear: () => listeners.clear(),
  };
}
