/**
 * `@pyflue/client/spec`: the types generated from the PyFlue 0.2.0 spec, as openapi-fetch
 * and openapi-typescript name them: `paths`, `components`, `operations`. They describe the
 * wire exactly (both spellings of every field the server sends twice); the main entry's
 * types are the client's view of them (one camelCase spelling). Use them with `client.raw`
 * or a `createClient<paths>()` of your own, or to type a server or a mock.
 */
export type { paths, components, operations } from './generated/openapi.js';
