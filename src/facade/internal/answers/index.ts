/**
 * What each 2xx answer must have and its camelCase names, from src/generated/answers.ts: every
 * 2xx answer is checked against the fields its route requires (check.ts) and given the
 * camelCase names its type shows (wire-names.ts). In the main chunk, not a lazy one: every app
 * needs it with its first JSON answer (`health()` included), so a chunk of its own would save
 * no byte and add a round trip before that answer. The streams and sockets chunks name their
 * frames with wire-names.ts too.
 */
export { answerProblem, hasFieldsOf, namedAnswer } from './check.js';
export { withCamelNames } from './wire-names.js';
