/**
 * A Standard Schema validator's issues as one line for an error message: the first five,
 * each as `path.to.field: message`. Used by the typed-app checks and the prompt result
 * parser, which both load on first use.
 */
import type { StandardSchemaV1 } from '@standard-schema/spec';

export function describeIssues(issues: ReadonlyArray<StandardSchemaV1.Issue>): string {
  return issues
    .slice(0, 5)
    .map((issue) => {
      const path = (issue.path ?? []).map((key) => String(typeof key === 'object' ? key.key : key)).join('.');
      return `${path ? `${path}: ` : ''}${issue.message}`;
    })
    .join('; ');
}
