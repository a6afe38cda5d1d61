/**
 * Matches request paths against OpenAPI path templates (https://spec.openapis.org/oas/v3.0.3#path-templating).
 *
 * Precedence follows the OpenAPI rule that concrete paths match before templated ones: at every
 * segment a literal beats a `{parameter}`, so `/rest/api/3/issue/createmeta` is not read as
 * `/rest/api/3/issue/{issueIdOrKey}`. The search backtracks, so a literal prefix that leads nowhere
 * still lets a templated route match (`/issue/createmeta/x` can still be `/issue/{id}/x` if that exists).
 */

interface TrieNode {
  literals: Map<string, TrieNode>;
  param?: TrieNode;
  /** Set when a template ends at this node. */
  template?: string;
}

export interface PathMatch {
  template: string;
  /** Percent-decoded parameter values by name. */
  params: Record<string, string>;
}

export class PathRouter {
  private readonly root: TrieNode = { literals: new Map() };

  constructor(templates: Iterable<string>) {
    for (const template of templates) this.add(template);
  }

  /** Returns the most specific template matching `path`, or undefined (also for malformed percent-encoding). */
  match(path: string): PathMatch | undefined {
    const segments = path.split('/').slice(1);
    const values: string[] = [];
    const template = this.search(this.root, segments, 0, values);
    if (template === undefined) return undefined;
    const names = templateParamNames(template);
    const params: Record<string, string> = {};
    try {
      names.forEach((name, i) => {
        params[name] = decodeURIComponent(values[i] ?? '');
      });
    } catch {
      return undefined;
    }
    return { template, params };
  }

  private add(template: string): void {
    let node = this.root;
    for (const segment of template.split('/').slice(1)) {
      if (/^\{[^}]+\}$/.test(segment)) {
        node.param ??= { literals: new Map() };
        node = node.param;
      } else {
        let next = node.literals.get(segment);
        if (!next) {
          next = { literals: new Map() };
          node.literals.set(segment, next);
        }
        node = next;
      }
    }
    node.template = template;
  }

  private search(node: TrieNode, segments: string[], index: number, values: string[]): string | undefined {
    if (index === segments.length) return node.template;
    const segment = segments[index] ?? '';
    const literal = node.literals.get(segment);
    if (literal) {
      const found = this.search(literal, segments, index + 1, values);
      if (found !== undefined) return found;
    }
    if (node.param && segment !== '') {
      values.push(segment);
      const found = this.search(node.param, segments, index + 1, values);
      if (found !== undefined) return found;
      values.pop();
    }
    return undefined;
  }
}

function templateParamNames(template: string): string[] {
  return [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? '');
}
