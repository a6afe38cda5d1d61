/**
 * Turns zod issues into `field.path: message` lines — what a sender's admin sees in a 400 response.
 *
 * @see https://zod.dev/error-formatting (issue shape in zod v4)
 */
import type { z } from 'zod';

import type { FieldError } from './alert-source';

/** `['alerts', 0, 'status']` → `alerts[0].status`; the root is `(body)`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out === '' ? '(body)' : out;
}

/** zod v4 writes "Invalid input: expected string, received number"; the prefix adds nothing next to a field path. */
function conciseMessage(message: string): string {
  const withoutPrefix = message.replace(/^Invalid input: /, '');
  return withoutPrefix.endsWith(', received undefined')
    ? `required, ${withoutPrefix.slice(0, -', received undefined'.length)}`
    : withoutPrefix;
}

/** Each issue as `{path, message}`, e.g. `{path: 'alert.status', message: 'expected string, received number'}`. */
export function fieldErrorsFromZod(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.map((issue) => ({ path: formatIssuePath(issue.path), message: conciseMessage(issue.message) }));
}

/** Each issue as one `field.path: message` line, e.g. `alert.status: expected string, received number`. */
export function formatZodIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return fieldErrorsFromZod(issues).map((error) => `${error.path}: ${error.message}`);
}
