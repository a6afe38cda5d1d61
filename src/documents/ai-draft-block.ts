/**
 * The AI draft on the retrospective page (issue 11 item 6): two blocks a person asked for — the proposed summary, at
 * the end of the Summary section (after whatever people wrote there), and the proposed timeline narrative, right
 * after the facts region (beside the timeline, outside the region "Refresh facts" rewrites). Pure.
 *
 * Each block is a `note` macro titled "AI-drafted — review before publishing" / 「AIによる下書き（公開前に確認して
 * ください）」, built as nodes and written by the XML serializer, so the model's text (untrusted) is only ever text.
 *
 * The merge never loses or overwrites a person's text: the blocks are INSERTED at element boundaries found by a real
 * parser (`storageTree` offsets), the rest of the page is kept byte for byte, nothing of people's is replaced —
 * not even the Summary's placeholder — and a block is never written twice: its `ac:macro-id` comes from the job, so
 * inserting the same proposal again (a retry, a double click, a resumed call) finds it and changes nothing. A new
 * proposal is a new pair of blocks; earlier ones stay until a person deletes them. The caller applies this inside the
 * Confluence adapter's version-checked `rewritePage` (re-read, apply, write version + 1, re-apply on 409).
 */
import { createHash } from 'node:crypto';
import type { Language } from '../domain/incident';
import { formatTime } from '../i18n/format-time';
import { t } from '../i18n/messages';
import { en } from '../i18n/catalogue-en';
import { ja } from '../i18n/catalogue-ja';
import { regionId } from './regions';
import { structuredMacro } from './storage-nodes';
import { descendants, plainText, storageTree, type TreeElement, type TreeNode } from './storage-tree';
import { cleanText, cutToCodePoints, oneLine } from './text';
import { el, serializeStorage, type XElement } from './xhtml';

/** The longest text of a block (code points); a longer answer is cut with `…`. */
export const AI_BLOCK_TEXT_MAX = 6_000;

export type AiBlockKind = 'summary' | 'narrative';

export interface AiDraftInsert {
  incidentId: string;
  jobId: string;
  language: Language;
  summary: string;
  narrative: string;
  model: string;
  /** ISO: when the model answered. */
  createdAt: string;
  /** Who inserted it (display name). */
  insertedBy: string;
}

/** A deterministic UUID for one block of one job (name-based, like regions.ts). */
export function aiDraftBlockId(incidentId: string, jobId: string, kind: AiBlockKind): string {
  const h = createHash('sha1').update(`kaizen:${incidentId}:ai-draft:${jobId}:${kind}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** One block: the label as the note's title and first line, the text as paragraphs, a footer saying where it came from. */
export function renderAiDraftBlock(kind: AiBlockKind, input: AiDraftInsert): XElement {
  const lang = input.language;
  const text = kind === 'summary' ? input.summary : input.narrative;
  const paragraphs = cutToCodePoints(cleanText(text).trim(), AI_BLOCK_TEXT_MAX)
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const lines = (p: string) => p.split('\n').flatMap((line, i) => (i === 0 ? [line] : [el('br'), line]));
  return structuredMacro('note', {
    macroId: aiDraftBlockId(input.incidentId, input.jobId, kind),
    params: { title: t(lang, 'aiDraft.label') },
    body: [
      el('p', {}, el('strong', {}, `${t(lang, 'aiDraft.label')} — ${t(lang, kind === 'summary' ? 'aiDraft.summaryTitle' : 'aiDraft.narrativeTitle')}`)),
      ...paragraphs.map((p) => el('p', {}, ...lines(p))),
      el('p', {}, el('em', {}, t(lang, 'aiDraft.footer', { model: oneLine(input.model), at: formatTime(input.createdAt, lang), who: oneLine(input.insertedBy) }))),
    ],
  });
}

/** Summary headings in both languages (a page keeps the language it was drafted in, settings may change since). */
const SUMMARY_HEADINGS = new Set([en['retro.summary'], ja['retro.summary']].map((h) => h.trim()));
const HEADING = /^h[1-6]$/;

interface Located {
  node: TreeElement;
  siblings: readonly TreeNode[];
  /** Where the siblings' container ends (the page's end for top-level nodes). */
  containerEnd: number;
}

/** The first heading whose text is the Summary's, with its siblings (people may have moved it into a layout). */
function findSummaryHeading(nodes: readonly TreeNode[], containerEnd: number): Located | undefined {
  for (const node of nodes) {
    if (typeof node === 'string') continue;
    if (HEADING.test(node.name) && SUMMARY_HEADINGS.has(oneLine(plainText([node])))) return { node, siblings: nodes, containerEnd };
    const inner = findSummaryHeading(node.children, node.span.contentEnd);
    if (inner) return inner;
  }
  return undefined;
}

/** The end of the Summary section: the start of the next heading of the same or a higher level among its siblings, else its container's end. */
function summarySectionEnd(found: Located): number {
  const level = Number(found.node.name.slice(1));
  const after = found.siblings.slice(found.siblings.indexOf(found.node) + 1);
  const next = after.find((n): n is TreeElement => typeof n !== 'string' && HEADING.test(n.name) && Number(n.name.slice(1)) <= level);
  return next ? next.span.start : found.containerEnd;
}

/**
 * The page with the two blocks inserted (see the file comment). `placed`: `summary` (after the Summary section's
 * text), `fallback` (no Summary heading: both after the facts region, or at the page's end), `already` (this job's
 * blocks are on the page: nothing changed). Throws `StorageScanError` on a page that is not well-formed.
 */
export function insertAiDraft(storage: string, input: AiDraftInsert): { storage: string; placed: 'summary' | 'fallback' | 'already' } {
  const tree = storageTree(storage);
  const ids = new Set(descendants(tree).filter((e) => e.name === 'ac:structured-macro').map((e) => e.attributes['ac:macro-id']));
  const summaryId = aiDraftBlockId(input.incidentId, input.jobId, 'summary');
  const narrativeId = aiDraftBlockId(input.incidentId, input.jobId, 'narrative');
  const hasSummary = ids.has(summaryId);
  const hasNarrative = ids.has(narrativeId);
  if (hasSummary && hasNarrative) return { storage, placed: 'already' };

  const summaryXhtml = hasSummary ? '' : serializeStorage([renderAiDraftBlock('summary', input)]);
  const narrativeXhtml = hasNarrative ? '' : serializeStorage([renderAiDraftBlock('narrative', input)]);
  const factsId = regionId(input.incidentId, 'retro-facts');
  const facts = descendants(tree).find((e) => e.name === 'ac:structured-macro' && e.attributes['ac:macro-id'] === factsId);
  const heading = findSummaryHeading(tree, storage.length);

  // insertions at offsets, applied from the last to the first so earlier offsets stay valid
  const inserts: Array<{ at: number; xhtml: string; order: number }> = [];
  const factsEnd = facts?.span.end;
  if (heading) {
    inserts.push({ at: summarySectionEnd(heading), xhtml: summaryXhtml, order: 0 });
    inserts.push({ at: factsEnd ?? summarySectionEnd(heading), xhtml: narrativeXhtml, order: 1 });
  } else {
    const at = factsEnd ?? storage.length;
    inserts.push({ at, xhtml: summaryXhtml + narrativeXhtml, order: 0 });
  }
  let out = storage;
  for (const ins of [...inserts].sort((a, b) => b.at - a.at || b.order - a.order)) {
    if (ins.xhtml !== '') out = out.slice(0, ins.at) + ins.xhtml + out.slice(ins.at);
  }
  return { storage: out, placed: heading ? 'summary' : 'fallback' };
}
