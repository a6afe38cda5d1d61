/**
 * The light review page of a release problem that opened no incident (DESIGN 3.4: partially incomplete 一部未完了,
 * rolled back 切り戻し) in Confluence storage format, in the page language: the facts in a Kaizen-owned region at the
 * top, then the sections people write — what was planned / 予定していた内容, what happened / 実際に起きたこと,
 * なぜなぜ分析 (the retrospective's table), prevention / 再発防止策, and the action items table with the
 * retrospective's columns (src/documents/action-items.ts), so the same reader can sync it.
 *
 * Pure: built as an {@link XNode} tree and written by the XML serializer, so the summary, service, version, deployment
 * title and every other reported text is escaped by construction. The facts region is a page properties (`details`)
 * macro, as on the retrospective, whose `ac:macro-id` is `regionId(problemId, 'retro-facts')` (a problem id —
 * `person:<uuid>`, `ci:<deployment id>` — never collides with an incident id `inc-…`).
 */
import { doc } from '@atlaskit/adf-utils/builders';
import { createHash } from 'node:crypto';
import type { Language } from '../domain/incident';
import { formatTime } from '../i18n/format-time';
import { t } from '../i18n/messages';
import type { AdfDoc } from '../usecases/ports';
import { actionItemsTableNodes } from './action-items';
import { finish, linked, para, plain } from './adf-nodes';
import { CONFLUENCE_TITLE_MAX } from './incident-page';
import { regionId } from './regions';
import { userMention } from './response-regions';
import { whysTable } from './retrospective-page';
import { anchor, cell, placeholder, structuredMacro } from './storage-nodes';
import { cutToUtf16, oneLine } from './text';
import { el, serializeStorage, type XChild, type XElement, type XNode } from './xhtml';

/** The classes that get a light review (an outage is an incident, with its retrospective). */
export type ReviewedReleaseClass = 'partially_incomplete' | 'rolled_back';

/** What Kaizen knows of the release problem. Every text is untrusted (a person's or CI's). */
export interface ReleaseReviewFacts {
  /** `person:<request id>` or `ci:<deployment id>`: names the facts region and makes the title unique. */
  problemId: string;
  releaseClass: ReviewedReleaseClass;
  /** What happened, in one line. */
  summary: string;
  /** ISO: when it happened. */
  occurredAt: string;
  deployment?: { id: string; title: string; pipelineUrl?: string | null | undefined } | undefined;
  service: string | null;
  version: string | null;
  /** A person (a user mention) or CI. */
  reportedBy: { accountId: string } | 'ci';
  /** The issue the person reported it from (its key). */
  reportedOn?: { key: string } | undefined;
}

export interface ReleaseReviewPageInput {
  language: Language;
  facts: ReleaseReviewFacts;
}

/** The longest subject (service and version, or the deployment's title) in the title, in UTF-16 units. */
const SUBJECT_MAX = 80;

const classKey = (c: ReviewedReleaseClass): 'release.rolled-back' | 'release.partially-incomplete' => (c === 'rolled_back' ? 'release.rolled-back' : 'release.partially-incomplete');

/**
 * The page's title and body. The title is `Release review (Rolled back): checkout v1.2.0 — <summary> [1a2b3c4d]`
 * (`リリースレビュー（切り戻し）: …`): the bracket is the first 8 hex digits of the SHA-1 of the problem id, so the
 * title is unique in the space and stable for the problem — a crashed run finds the page it made by its title.
 */
export function renderReleaseReviewPage(input: ReleaseReviewPageInput): { title: string; storage: string } {
  return { title: renderReleaseReviewTitle(input.facts, input.language), storage: serializeStorage(pageNodes(input)) };
}

/** One line, at most {@link CONFLUENCE_TITLE_MAX} UTF-16 units; a long summary is cut so that the unique tag stays. */
export function renderReleaseReviewTitle(facts: ReleaseReviewFacts, lang: Language): string {
  const tag = ` [${shortId(facts.problemId)}]`;
  const subject = cutToUtf16(subjectOf(facts), SUBJECT_MAX);
  const prefix = `${t(lang, 'releaseReview.title', { class: t(lang, classKey(facts.releaseClass)) })}: ${subject ? `${subject} — ` : ''}`;
  const room = Math.max(1, CONFLUENCE_TITLE_MAX - prefix.length - tag.length);
  return `${prefix}${cutToUtf16(oneLine(facts.summary), room)}${tag}`;
}

/** The facts region's body as nodes: a label / value table (the shape a Page Properties Report reads) and a note. */
export function releaseReviewFactsNodes(facts: ReleaseReviewFacts, lang: Language): XNode[] {
  const notGiven = (): XElement => el('em', {}, t(lang, 'releaseReview.facts.notGiven'));
  const text = (value: string | null): XChild => (value && oneLine(value) ? oneLine(value) : notGiven());
  const deployment = facts.deployment;
  const rows: Array<[string, XChild]> = [
    [t(lang, 'releaseReview.facts.class'), t(lang, classKey(facts.releaseClass))],
    [t(lang, 'releaseReview.facts.summary'), text(facts.summary)],
    [
      t(lang, 'releaseReview.facts.deployment'),
      deployment
        ? [oneLine(deployment.title) || oneLine(deployment.id), deployment.pipelineUrl ? [' (', anchor(t(lang, 'releaseReview.facts.pipeline'), deployment.pipelineUrl), ')'] : null]
        : notGiven(),
    ],
    [t(lang, 'releaseReview.facts.service'), text(facts.service)],
    [t(lang, 'releaseReview.facts.version'), text(facts.version)],
    [t(lang, 'releaseReview.facts.occurredAt'), Number.isFinite(Date.parse(facts.occurredAt)) ? formatTime(facts.occurredAt, lang) : notGiven()],
    [t(lang, 'releaseReview.facts.reportedBy'), facts.reportedBy === 'ci' ? t(lang, 'releaseReview.facts.ci') : oneLine(facts.reportedBy.accountId) ? userMention(facts.reportedBy.accountId) : notGiven()],
  ];
  // the Jira issue macro: Confluence shows the issue's summary and live status
  if (facts.reportedOn && oneLine(facts.reportedOn.key)) rows.push([t(lang, 'releaseReview.facts.reportedOn'), structuredMacro('jira', { params: { key: oneLine(facts.reportedOn.key) } })]);
  return [
    el('table', {}, el('tbody', {}, rows.map(([label, value]) => el('tr', {}, cell('th', label), cell('td', value))))),
    el('p', {}, el('em', {}, t(lang, 'releaseReview.facts.note'))),
  ];
}

/** The storage XHTML of the facts region's body (to rewrite the region with `replaceRegion`). Deterministic. */
export function renderReleaseReviewFactsBody(facts: ReleaseReviewFacts, lang: Language): string {
  return serializeStorage(releaseReviewFactsNodes(facts, lang));
}

/** The facts region's macro id. */
export const releaseReviewFactsRegionId = (problemId: string): string => regionId(problemId, 'retro-facts');

function pageNodes({ language: lang, facts }: ReleaseReviewPageInput): XNode[] {
  const h2 = (text: string): XElement => el('h2', {}, text);
  const prompt = (text: string): XElement => el('p', {}, placeholder(text));
  const summary = oneLine(facts.summary);
  return [
    structuredMacro('info', { body: [el('p', {}, t(lang, 'releaseReview.intro'))] }),
    h2(t(lang, 'retro.facts.title')),
    structuredMacro('details', { macroId: releaseReviewFactsRegionId(facts.problemId), body: releaseReviewFactsNodes(facts, lang) }),
    h2(t(lang, 'releaseReview.planned')),
    prompt(t(lang, 'releaseReview.plannedPrompt')),
    h2(t(lang, 'releaseReview.happened')),
    ...(summary ? [el('p', {}, summary)] : []),
    prompt(t(lang, 'releaseReview.happenedPrompt')),
    h2(t(lang, 'retro.whys')),
    prompt(t(lang, 'releaseReview.whysPrompt')),
    whysTable(lang),
    h2(t(lang, 'releaseReview.prevention')),
    prompt(t(lang, 'releaseReview.preventionPrompt')),
    h2(t(lang, 'retro.actions')),
    prompt(t(lang, 'releaseReview.actionsPrompt')),
    ...actionItemsTableNodes(lang),
  ];
}

/** `checkout v1.2.0`, else the deployment's title, else nothing. */
function subjectOf(facts: ReleaseReviewFacts): string {
  const named = [facts.service, facts.version].map((s) => oneLine(s ?? '')).filter((s) => s !== '');
  if (named.length > 0) return named.join(' ');
  return oneLine(facts.deployment?.title ?? '');
}

function shortId(problemId: string): string {
  return createHash('sha1').update(problemId).digest('hex').slice(0, 8);
}

/**
 * The one comment on the issue a person reported the problem from: who reported which class and what happened, then
 * the light review page or the incident declared. ADF built as nodes (escaping by construction).
 */
export function renderReleaseProblemComment(
  input: { releaseClass: ReviewedReleaseClass | 'caused_outage'; summary: string; reporter: string; reviewPage?: { title: string; url: string }; incident?: { key: string; url: string } },
  lang: Language,
): AdfDoc {
  const className = t(lang, input.releaseClass === 'caused_outage' ? 'release.caused-outage' : classKey(input.releaseClass));
  const paragraphs = [para(plain(t(lang, 'releaseReview.comment', { class: className, name: oneLine(input.reporter) })), plain(oneLine(input.summary)))];
  if (input.reviewPage) paragraphs.push(para(plain(t(lang, 'releaseReview.commentReview')), linked(oneLine(input.reviewPage.title) || input.reviewPage.url, input.reviewPage.url)));
  if (input.incident) paragraphs.push(para(plain(t(lang, 'releaseReview.commentIncident')), linked(oneLine(input.incident.key), input.incident.url)));
  return finish(doc(...paragraphs));
}
