/**
 * A read-only tree of a storage page with each element's exact source offsets (from `storage-scan.ts`), for reading
 * what people wrote (tables, mentions, dates, macros) and splicing only the bytes that must change. The tree is never
 * serialised back: the page stays byte for byte as Confluence stored it everywhere Kaizen does not write.
 */
import { scanStorage, type ElementSpan } from './storage-scan';

export interface TreeElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly TreeNode[];
  /** Where the element is in the source. */
  readonly span: ElementSpan;
}

export type TreeNode = TreeElement | string;

interface Building {
  name: string;
  attributes: Readonly<Record<string, string>>;
  children: (Building | string)[];
  span?: ElementSpan;
}

/**
 * The top-level nodes of `storage` (text decoded, HTML entities resolved). Throws `StorageScanError` when the storage
 * is not well-formed.
 */
export function storageTree(storage: string): TreeNode[] {
  const root: Building = { name: '#root', attributes: {}, children: [] };
  const stack: Building[] = [root];
  let closed: Building | undefined;
  scanStorage(storage, {
    event: (event) => {
      const top = stack[stack.length - 1]!;
      if (event.kind === 'open') {
        const node: Building = { name: event.name, attributes: event.attributes, children: [] };
        top.children.push(node);
        stack.push(node);
      } else if (event.kind === 'close') closed = stack.pop();
      else if (typeof top.children[top.children.length - 1] === 'string') top.children[top.children.length - 1] += event.text;
      else top.children.push(event.text);
    },
    // Reported right after the element's `close` event.
    element: (span) => {
      if (closed) closed.span = span;
      closed = undefined;
    },
  });
  return root.children as TreeNode[];
}

/** The element children of a node. */
export function childElements(node: TreeElement, ...names: string[]): TreeElement[] {
  return node.children.filter((c): c is TreeElement => typeof c !== 'string' && (names.length === 0 || names.includes(c.name)));
}

/** Every element below `nodes` in document order (pre-order), not descending into elements `stopAt` accepts. */
export function descendants(nodes: readonly TreeNode[], stopAt: (e: TreeElement) => boolean = () => false): TreeElement[] {
  const out: TreeElement[] = [];
  const walk = (list: readonly TreeNode[]): void => {
    for (const node of list) {
      if (typeof node === 'string') continue;
      out.push(node);
      if (!stopAt(node)) walk(node.children);
    }
  };
  walk(nodes);
  return out;
}

/** A structured macro's plain parameter (`<ac:parameter ac:name="…">`), as text. */
export function macroParameter(macro: TreeElement, name: string): string | undefined {
  const param = childElements(macro, 'ac:parameter').find((p) => p.attributes['ac:name'] === name);
  return param && plainText([param]);
}

/** All text below `nodes`, concatenated as is. */
export function plainText(nodes: readonly TreeNode[]): string {
  return nodes.map((n) => (typeof n === 'string' ? n : plainText(n.children))).join('');
}
