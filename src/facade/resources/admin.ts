/**
 * `client.admin` without the admin code in the main bundle: most apps never list runs, so
 * the namespaces (admin-pages.ts) are loaded with `import()` on the first admin call, and
 * bundlers put them in a chunk of their own (bench/bundle.ts).
 *
 * What the client holds until then stands in for them: each method returns what the real
 * one returns, at once (an APIPromise, or an async generator for `iterate*`), and calls
 * the real one as soon as the module is in. Input is checked as the namespaces always
 * have, before anything is sent: a list's bad argument rejects its promise (the real
 * method checks it), an `iterate*` call's throws at once (the stand-in checks it here).
 */
import { APIPromise } from '../api-promise.js';
import type { ClientContext } from '../context.js';
import type { Admin } from './admin-pages.js';
import { agentPath, instancePath, pageQuery, type PageOptions } from './admin-query.js';

export type { Admin, AdminAgents, AdminInstances, AdminRuns } from './admin-pages.js';
export type { PageOptions, RunFilter, RunListOptions } from './admin-query.js';

type Method = (...args: never[]) => unknown;
type Methods<Namespace> = { [Key in keyof Namespace]: Namespace[Key] extends Method ? Key : never }[keyof Namespace];
type Calls<Namespace> = { [Key in Methods<Namespace>]: Namespace[Key] extends (...args: never[]) => APIPromise<unknown> ? Key : never }[Methods<Namespace>];
type Pages<Namespace> = Exclude<Methods<Namespace>, Calls<Namespace>>;

/**
 * Each namespace's methods: those that answer with an APIPromise (`calls`), and those that
 * page through with an async generator (`pages`), with the check of their arguments.
 * Both are keyed by method name, so a method of admin-pages.ts missing here fails to compile.
 */
const ADMIN_SHAPE: {
  [Name in keyof Admin]: {
    calls: Record<Calls<Admin[Name]>, true>;
    pages: { [Page in Pages<Admin[Name]>]: (...args: Parameters<Admin[Name][Page] & Method>) => void };
  };
} = {
  agents: { calls: { list: true }, pages: { iterate: (options?: PageOptions) => pageQuery(options ?? {}) } },
  instances: { calls: { list: true }, pages: { iterate: (agentName, options) => (agentPath(agentName), pageQuery(options ?? {})) } },
  runs: {
    calls: { list: true, listForInstance: true, list_for_instance: true, get: true },
    pages: {
      iterate: (options) => pageQuery(options ?? {}),
      iterateForInstance: (agentName, id, options) => (instancePath(agentName, id), pageQuery(options ?? {})),
    },
  },
};

type Any = (...args: unknown[]) => unknown;

/** `client.admin`: stands in for the admin namespaces until their module is loaded (see above). */
export function lazyAdmin(context: ClientContext): Admin {
  let loading: Promise<Admin> | undefined;
  const load = () => (loading ??= import('./admin-pages.js').then(({ Admin }) => new Admin(context)));
  const admin: Record<string, Record<string, Any>> = {};
  for (const [name, { calls, pages }] of Object.entries(ADMIN_SHAPE)) {
    const real = async () => (await load())[name as keyof Admin] as unknown as Record<string, Any>;
    const namespace: Record<string, Any> = {};
    for (const method of Object.keys(calls)) {
      namespace[method] = (...args) => new APIPromise(real().then((target) => (target[method]!(...args) as APIPromise<unknown>).withResponse()));
    }
    for (const [method, check] of Object.entries(pages as unknown as Record<string, Any>)) {
      namespace[method] = (...args) => {
        check(...args);
        return (async function* () {
          yield* (await real())[method]!(...args) as AsyncGenerator<unknown>;
        })();
      };
    }
    admin[name] = namespace;
  }
  return admin as unknown as Admin;
}
