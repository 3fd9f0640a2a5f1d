/**
 * A live store as Vue state: its snapshot in a `shallowRef` (a new snapshot object per
 * change is what triggers Vue), subscribed once the component is mounted, so a server
 * render reads the first snapshot and sends nothing (as React's bindings do). A store
 * made from reactive arguments is replaced when they change; one the composable owns is
 * disposed then, and when the component's scope ends.
 */
import { getCurrentInstance, onMounted, onScopeDispose, shallowRef, watch, type ShallowRef, type WatchSource } from 'vue';
import type { LiveStore } from '../live/index.js';

interface Store<Snapshot> extends LiveStore<Snapshot> {
  dispose(): void;
}

/** @internal */
export interface Bound<Snapshot, S extends Store<Snapshot>> {
  store: Readonly<ShallowRef<S | null>>;
  state: Readonly<ShallowRef<Snapshot | null>>;
}

/** @internal Follows the store `make` answers for the arguments in `sources` (null: none); `owned` says whether it is ours to dispose. */
export function bindStore<Snapshot, S extends Store<Snapshot>>(sources: WatchSource[], make: () => S | null, owned: (store: S) => boolean): Bound<Snapshot, S> {
  const store = shallowRef(null) as ShallowRef<S | null>;
  const state = shallowRef(null) as ShallowRef<Snapshot | null>;
  let unsubscribe: (() => void) | undefined;
  // Outside a component (an effect scope of the app's own) there is no mount to wait for.
  let live = getCurrentInstance() === null;
  const attach = () => {
    unsubscribe?.();
    unsubscribe = store.value?.subscribe((snapshot: Snapshot) => {
      state.value = snapshot;
    });
  };
  const release = (old: S | null) => {
    unsubscribe?.();
    unsubscribe = undefined;
    if (old && owned(old)) old.dispose();
  };
  watch(
    sources,
    () => {
      release(store.value);
      store.value = make();
      state.value = store.value?.getSnapshot() ?? null;
      if (live) attach();
    },
    { immediate: true },
  );
  if (!live) {
    onMounted(() => {
      live = true;
      attach();
    });
  }
  onScopeDispose(() => release(store.value));
  return { store, state };
}
