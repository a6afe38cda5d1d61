import { validator } from '@atlaskit/adf-utils/validator';
import type { ADFEntity } from '@atlaskit/adf-utils/types';
import { setBooleanFeatureFlagResolver } from '@atlaskit/platform-feature-flags';

/**
 * Atlassian Document Format validation (https://developer.atlassian.com/cloud/jira/platform/apis/document/structure/),
 * using Atlassian's own validator from `@atlaskit/adf-utils` in strict mode, so node/mark/attribute
 * rules are exactly the editor's. The library stops at the first problem and reports it without a
 * location; this module adds the location by narrowing down to the innermost node that is invalid
 * on its own, and describes the offending attributes.
 */

export type AdfResult = { ok: true } | { ok: false; errors: string[] };

type Validate = ReturnType<typeof validator>;
type JsonNode = { [key: string]: unknown };

let strictValidator: Validate | undefined;

function getValidator(): Validate {
  if (!strictValidator) {
    // adf-utils reads one platform feature flag when the validator is built. Without a resolver the
    // flag client logs "Client must be initialized" and answers false; answering false ourselves keeps
    // the same (shipped, default) behaviour without the noise.
    setBooleanFeatureFlagResolver(() => false);
    strictValidator = validator(undefined, undefined, { mode: 'strict' });
  }
  return strictValidator;
}

/**
 * Validates a complete ADF document: `{type: 'doc', version: 1, content: [...]}` and every node, mark
 * and attribute in it. Errors are collected, never thrown; each names the node path, e.g.
 * `doc.content[0].content[1].marks[0] (blink mark): unsupported mark.`
 */
export function validateAdf(doc: unknown): AdfResult {
  const shape: string[] = [];
  checkShape(doc, 'doc', shape);
  if (shape.length) return { ok: false, errors: shape };
  const root = withoutEmptyMarks(doc as JsonNode);
  if (root['type'] !== 'doc') return { ok: false, errors: [`doc: the root node must have type 'doc', not '${String(root['type'])}'`] };
  // The library accepts any version number; ADF has only version 1.
  if (root['version'] !== 1) return { ok: false, errors: [`doc: version must be 1, got ${JSON.stringify(root['version'])}`] };
  const problem = firstProblem(root);
  if (problem === undefined) return { ok: true };
  return { ok: false, errors: locate(root, 'doc', problem) };
}

/** Runs the validator; returns its message when the node is invalid on its own, else undefined. */
function firstProblem(node: JsonNode): string | undefined {
  try {
    return getValidator()(node as ADFEntity).valid ? undefined : `${String(node['type'])}: invalid node.`;
  } catch (error) {
    // The library throws `undefined` when a node fails for its marks without a recorded error.
    return error instanceof Error ? error.message : `${String(node['type'])}: invalid marks.`;
  }
}

/** Narrows a failure down to the innermost nodes that fail on their own; else blames this node. */
function locate(node: JsonNode, path: string, problem: string): string[] {
  const content = Array.isArray(node['content']) ? (node['content'] as JsonNode[]) : [];
  const inner = content.flatMap((child, i) => {
    const childProblem = firstProblem(child);
    return childProblem === undefined ? [] : locate(child, `${path}.content[${i}]`, childProblem);
  });
  return inner.length ? inner : [blame(node, path, problem)];
}

/**
 * Every child is fine on its own, so the problem is here: this node's attributes or marks, or a child
 * (or a child's mark) that is not allowed in this place. The library's message starts with the type it
 * was checking (`strong: unsupported mark.`), which says which of those it is.
 */
function blame(node: JsonNode, path: string, problem: string): string {
  const [, culprit = '', rest = problem] = /^([^:\s]+): (.*)$/s.exec(problem) ?? [];
  const text = rest.replace(new RegExp(`^${culprit}: `), '').replace(/^No validation spec found for type!\.$/, `unknown node type '${culprit}'.`);
  const type = String(node['type']);
  const content = Array.isArray(node['content']) ? (node['content'] as JsonNode[]) : [];
  const where = ((): string => {
    if (culprit === type) return `${path} (${type})`;
    const child = content.findIndex((c) => c['type'] === culprit);
    if (child >= 0) return `${path}.content[${child}] (${culprit})`;
    for (const [i, c] of content.entries()) {
      const mark = markIndex(c, culprit);
      if (mark >= 0) return `${path}.content[${i}].marks[${mark}] (${culprit} mark)`;
    }
    const own = markIndex(node, culprit);
    return own >= 0 ? `${path}.marks[${own}] (${culprit} mark)` : `${path} (${type})`;
  })();
  if (/^(invalid content|type not allowed here)\.$/.test(text) && culprit !== type) {
    return `${where}: node type '${culprit}' is not allowed inside '${type}' here`;
  }
  return `${where}: ${text}${detail(node, problem)}`;
}

function markIndex(node: JsonNode, markType: string): number {
  const marks = Array.isArray(node['marks']) ? (node['marks'] as JsonNode[]) : [];
  return marks.findIndex((m) => m['type'] === markType);
}

/** Re-runs the validator in reporting mode to recover what the thrown message leaves out (which attrs, which props). */
function detail(node: JsonNode, problem: string): string {
  let meta: unknown;
  try {
    getValidator()(node as ADFEntity, (entity, error) => {
      if (meta === undefined && error.message === problem) meta = error.meta ?? null;
      return entity;
    });
  } catch {
    // Reporting mode is best effort; the thrown message already says what is wrong.
  }
  if (meta === undefined || meta === null) return '';
  // Missing attributes show up as keys with an undefined value; name them instead of dropping them.
  const text = JSON.stringify(meta, (_key, value: unknown) => (value === undefined ? '<missing>' : value));
  if (text === '{}') return '';
  return ` ${text.length > 200 ? `${text.slice(0, 200)}…` : text}`;
}

/** Checks the JSON shape every node must have, so the library never meets (and crashes on) a non-node. */
function checkShape(node: unknown, path: string, errors: string[]): void {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) {
    errors.push(`${path}: must be an ADF node object, got ${node === null ? 'null' : Array.isArray(node) ? 'an array' : typeof node}`);
    return;
  }
  const n = node as JsonNode;
  if (typeof n['type'] !== 'string') errors.push(`${path}: node must have a string 'type'`);
  if ('text' in n && typeof n['text'] !== 'string') errors.push(`${path}: 'text' must be a string`);
  if ('attrs' in n && (typeof n['attrs'] !== 'object' || n['attrs'] === null || Array.isArray(n['attrs']))) errors.push(`${path}: 'attrs' must be an object`);
  if ('marks' in n) {
    const marks = n['marks'];
    if (!Array.isArray(marks)) errors.push(`${path}: 'marks' must be an array`);
    else marks.forEach((m, i) => {
      if (typeof m !== 'object' || m === null || typeof (m as JsonNode)['type'] !== 'string') errors.push(`${path}.marks[${i}]: mark must be an object with a string 'type'`);
    });
  }
  if ('content' in n) {
    const content = n['content'];
    if (!Array.isArray(content)) errors.push(`${path}: 'content' must be an array`);
    else content.forEach((child, i) => checkShape(child, `${path}.content[${i}]`, errors));
  }
}

/**
 * `"marks": []` is valid in the published ADF JSON schema (`marks` is an array without `minItems`) and
 * the cloud stores such documents, but adf-utils treats an empty list as "every mark was rejected".
 * Dropping empty lists before validating reproduces the cloud's answer.
 */
function withoutEmptyMarks(node: JsonNode): JsonNode {
  const copy: JsonNode = { ...node };
  if (Array.isArray(copy['marks']) && copy['marks'].length === 0) delete copy['marks'];
  if (Array.isArray(copy['content'])) copy['content'] = (copy['content'] as JsonNode[]).map(withoutEmptyMarks);
  return copy;
}
