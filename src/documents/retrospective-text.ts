/**
 * The plain text of each people's section of a retrospective page (DESIGN 3.4), for the blameless hints
 * (src/domain/blameless-hints.ts). Pure; it only reads.
 *
 * Sections are found by the headings the renderer wrote (retrospective-page.ts, `h2` and the lessons' `h3`), in
 * either page language, wherever people moved them (layouts, expand macros). What is not people's text is skipped:
 * everything before the first section (the blameless guidance and the status / authors table), the facts region
 * (Kaizen's, found by its macro id and by its heading), placeholders (guidance that disappears when people type),
 * table header cells (the template's words, e.g. 担当者), status and Jira macros (row markers and synced keys) and the
 * action items table's Jira column. A heading people added inside a section is text of that section.
 */
import { blamelessHints } from '../domain/blameless-hints';
import type { Language } from '../domain/incident';
import { t, type MessageKey } from '../i18n/messages';
import type { BlamelessHintView } from '../shared/retrospective';
import { regionId } from './regions';
import { childElements, plainText, storageTree, type TreeElement, type TreeNode } from './storage-tree';

const LANGS: readonly Language[] = ['en', 'ja'];

/** The sections people write, by catalogue key of their heading. */
const PEOPLE_SECTIONS = [
  'retro.summary',
  'retro.impact',
  'retro.leadup',
  'retro.trigger',
  'retro.factors',
  'retro.whys',
  'retro.detection',
  'retro.response',
  'retro.elsewhere',
  'retro.lessons',
  'retro.lessons.well',
  'retro.lessons.wrong',
  'retro.lessons.lucky',
  'retro.actions',
] as const satisfies readonly MessageKey[];

const squash = (s: string): string => s.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
const headingKey = new Map<string, MessageKey | 'facts'>([
  ...LANGS.flatMap((lang) => PEOPLE_SECTIONS.map((key): [string, MessageKey] => [squash(t(lang, key)), key])),
  ...LANGS.map((lang): [string, 'facts'] => [squash(t(lang, 'retro.facts.title')), 'facts']),
]);
/** Lines Kaizen writes into the Detection section (the TTD, and the intro of the alert links that follow it). */
const escapeRe = (x: string): string => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const KAIZEN_TTD = LANGS.map((lang) => new RegExp(`^${t(lang, 'retro.detection.ttd', { ttd: '\u0000' }).split('\u0000').map((part) => escapeRe(squash(part))).join('.+')}$`));
const KAIZEN_LINKS_INTRO = new Set(LANGS.map((lang) => squash(t(lang, 'retro.detection.links'))));
const jiraColumn = new Set(LANGS.map((lang) => squash(t(lang, 'actionItem.col.jira'))));

export interface RetrospectiveSection {
  /** The heading as written on the page. */
  section: string;
  text: string;
}

/** The people's sections of the page, in page order, with their plain text (sections with no text left out). */
export function retrospectiveSections(storage: string, incidentId: string): RetrospectiveSection[] {
  const factsId = regionId(incidentId, 'retro-facts');
  const out: { section: string; lines: string[] }[] = [];
  let current: { section: string; lines: string[] } | undefined;
  let inFacts = false;
  let skipList = false;

  const push = (line: string): void => {
    const text = line.replace(/\s+/g, ' ').trim();
    if (text !== '' && current && !inFacts) current.lines.push(text);
  };

  /** Inline text of a block, skipping what is not people's. */
  const inline = (nodes: readonly TreeNode[]): string =>
    nodes
      .map((n) => {
        if (typeof n === 'string') return n;
        if (n.name === 'ac:placeholder' || n.name === 'ac:parameter') return '';
        if (n.name === 'ri:user') return ` @${n.attributes['ri:account-id'] ?? ''} `;
        if (n.name === 'ac:structured-macro') return skipMacro(n) ? '' : inline(childElements(n, 'ac:rich-text-body'));
        if (n.name === 'br') return ' ';
        return inline(n.children);
      })
      .join('');

  const skipMacro = (m: TreeElement): boolean => m.attributes['ac:macro-id'] === factsId || ['status', 'jira', 'details', 'toc'].includes(m.attributes['ac:name'] ?? '');

  const table = (tableEl: TreeElement): void => {
    const rows = collect(tableEl, 'tr');
    const header = rows[0] ? childElements(rows[0], 'th', 'td') : [];
    const skip = new Set(header.flatMap((c, i) => (c.name === 'th' && jiraColumn.has(squash(plainText(c.children))) ? [i] : [])));
    for (const row of rows) {
      childElements(row, 'th', 'td').forEach((c, i) => {
        if (c.name === 'th' || skip.has(i)) return;
        walk(c.children);
      });
    }
  };

  const walk = (nodes: readonly TreeNode[]): void => {
    for (const node of nodes) {
      if (typeof node === 'string') {
        push(node);
        continue;
      }
      const name = node.name;
      if (/^h[1-6]$/.test(name)) {
        const heading = plainText(node.children).replace(/\s+/g, ' ').trim();
        const key = headingKey.get(squash(heading));
        if (key === 'facts') inFacts = true;
        else if (key) {
          inFacts = false;
          current = { section: heading, lines: [] };
          out.push(current);
        } else push(heading);
        continue;
      }
      if (name === 'ac:structured-macro') {
        if (!skipMacro(node)) walk(childElements(node, 'ac:rich-text-body'));
        continue;
      }
      if (name === 'p') {
        const line = squash(inline(node.children));
        if (KAIZEN_TTD.some((re) => re.test(line))) continue;
        if (KAIZEN_LINKS_INTRO.has(line)) {
          skipList = true; // the alert, monitor and runbook links Kaizen listed after it
          continue;
        }
      }
      if ((name === 'ul' || name === 'ol') && skipList) {
        skipList = false;
        continue;
      }
      skipList = false;
      if (name === 'table') table(node);
      else if (['p', 'li', 'blockquote', 'pre', 'ac:task-body'].includes(name) && !node.children.some((c) => typeof c !== 'string' && isBlock(c))) push(inline(node.children));
      else if (name !== 'ac:placeholder') walk(node.children);
    }
  };

  walk(storageTree(storage));
  return out.map(({ section, lines }) => ({ section, text: lines.join('\n') })).filter((s) => s.text !== '');
}

const BLOCKS = new Set(['p', 'ul', 'ol', 'li', 'table', 'ac:structured-macro', 'ac:task-list', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'div', 'ac:layout']);
const isBlock = (e: TreeElement): boolean => BLOCKS.has(e.name);

function collect(root: TreeElement, name: string): TreeElement[] {
  const out: TreeElement[] = [];
  const visit = (e: TreeElement): void => {
    for (const c of e.children) {
      if (typeof c === 'string') continue;
      if (c.name === 'table') continue; // a table inside a cell is read with its cell
      if (c.name === name) out.push(c);
      else visit(c);
    }
  };
  visit(root);
  return out;
}

/** The blameless hints of the people's sections of the page, as the panel shows them (never an edit of the page). */
export function retrospectiveHints(storage: string, incidentId: string): BlamelessHintView[] {
  return blamelessHints(retrospectiveSections(storage, incidentId)).map((h) => ({ section: h.section, phrase: h.phrase, kind: h.kind, ruleId: h.ruleId, reframing: { en: h.reframing.en, ja: h.reframing.ja } }));
}
