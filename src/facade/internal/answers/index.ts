/**
 * Lazy chunk: answers. Loaded by internal/load.ts with the first JSON answer, so that the
 * tables of what each answer must have and of its camelCase names (src/generated/answers.ts)
 * stay out of an app's main bundle: every 2xx answer is checked against the fields its
 * route requires (check.ts) and given the camelCase names its type shows (wire-names.ts).
 * The streams and sockets chunks name their frames with wire-names.ts too.
 */
export { answerProblem, hasFieldsOf, namedAnswer } from './check.js';
export { withCamelNames } from './wire-names.js';
