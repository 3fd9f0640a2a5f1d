/** What the live store tests share: a fake server and a client of it, closed after each test, and a snapshot recorder. */
import { afterEach } from 'vitest';
import { PyFlueClient } from '../../src/index.js';
import type { LiveStore } from '../../src/live/index.js';
import { createFakePyFlue, type FakePyFlue, type FakePyFlueOptions } from '../../src/testing/index.js';

const opened: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((item) => item.close()));
});

export async function fakeClient(options: FakePyFlueOptions): Promise<{ fake: FakePyFlue; client: PyFlueClient }> {
  const fake = await createFakePyFlue(options);
  const client = new PyFlueClient(fake.baseUrl, { fetch: fake.fetch, websocket: fake.websocket });
  opened.push(fake, client);
  return { fake, client };
}

/** Every snapshot a store publishes from now on, in order (the subscription starts a run store; the current snapshot, which subscribe hands over at once, is left out). */
export function record<Snapshot>(store: LiveStore<Snapshot>): Snapshot[] {
  const seen: Snapshot[] = [];
  let first = true;
  store.subscribe((snapshot) => {
    if (first) first = false;
    else seen.push(snapshot);
  });
  return seen;
}

/** Resolves with the first snapshot that satisfies `done` (the current one, or a later one). */
export function until<Snapshot>(store: LiveStore<Snapshot>, done: (snapshot: Snapshot) => boolean): Promise<Snapshot> {
  return new Promise((resolve) => {
    if (done(store.getSnapshot())) return resolve(store.getSnapshot());
    let unsubscribe: (() => void) | undefined;
    let found = false;
    unsubscribe = store.subscribe((snapshot) => {
      if (found || !done(snapshot)) return;
      found = true;
      unsubscribe?.();
      resolve(snapshot);
    });
    if (found) unsubscribe();
  });
}
