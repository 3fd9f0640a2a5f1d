/**
 * Disposing a store when its component unmounts, safely under React's StrictMode. In
 * development StrictMode unmounts and remounts every component once, synchronously; a
 * store disposed in the first cleanup would be dead on the remount. So a cleanup only
 * schedules the dispose (on the next task), and an effect that runs again for the same
 * store cancels it: a real unmount disposes, StrictMode's rehearsal does not.
 */
import { useEffect } from 'react';

interface Disposable {
  dispose(): void;
}

const scheduled = new WeakMap<Disposable, ReturnType<typeof setTimeout>>();

/** @internal Keeps `store` alive while the component is mounted; disposes it after. */
export function useRetained(store: Disposable | null): void {
  useEffect(() => {
    if (!store) return undefined;
    const pending = scheduled.get(store);
    if (pending !== undefined) {
      clearTimeout(pending);
      scheduled.delete(store);
    }
    return () => {
      scheduled.set(
        store,
        setTimeout(() => {
          scheduled.delete(store);
          store.dispose();
        }, 0),
      );
    };
  }, [store]);
}
