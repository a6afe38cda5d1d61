/**
 * The live incident page (DESIGN 3.2, the response template) in Confluence storage format, in the page language.
 * Pure: built as an {@link XNode} tree and written by the XML serializer, so alert text is escaped by construction.
 * https://confluence.atlassian.com/doc/confluence-storage-format-790796544.html
 */
import type { Alert } from '../domain/alert';
import type { Incident, Language, TimelineEntry } from '../domain/incident';
import { formatTime } from '../i18n/format-time';
import { t } from '../i18n/messages';
import { linkText, sourceName } from '../i18n/names';
import { forgeMacro } from './forge-macro';
import { regionId } from './regions';
import { anchor, cell, placeholder, structuredMacro } from './storage-nodes';
import { cutToUtf16, oneLine, safeHref } from './text';
import { timelineRegion } from './timeline-region';
import { keyTimesRegion, rolesRegion } from './response-regions';
import { el, serializeStorage, type XChild, type XElement, type XNode } from './xhtml';

export { renderTimelineRegionBody } from './timeline-region';

/** Confluence's limit on a page title, in UTF-16 code units (Java `String.length()`). */
export const CONFLUENCE_TITLE_MAX = 255;

/**
 * The status macro's parameter naming its incident, in storage (kebab-case) form. The macro reads it as
 * `context.extension.config.incidentId` (Confluence maps `guest-params` keys to ADF's camelCase).
 */
export const STATUS_MACRO_INCIDENT_PARAM = 'incident-id';

export interface IncidentPageInput {
  incident: Incident;
  /** The Jira issue the page names (DESIGN 3.1 step 4: the page names the issue). */
  issueKey: string;
  /** The alert that opened the incident; none for an incident declared by hand (`incident.declared`). */
  alert?: Alert | undefined;
  language: Language;
  macro: {
    /** `<appId>/<envId>/static/incident-status`: the installed app's Forge macro. */
    extensionKey: string;
  };
  /** Machine timeline entries to show in the timeline region at creation (default: none yet). */
  timeline?: readonly TimelineEntry[];
}

/**
 * The page's title and body. The title is `OPS-12: <incident title>`: unique in the space because the issue key
 * is, and stable for the incident, so a resumed creation step finds the page it made instead of making a second one.
 */
export function renderIncidentPage(input: IncidentPageInput): { title: string; storage: string } {
  return { title: renderIncidentPageTitle(input.issueKey, input.incident, input.alert), storage: serializeStorage(pageNodes(input)) };
}

/**
 * `OPS-12: <title>`, one line, at most {@link CONFLUENCE_TITLE_MAX} UTF-16 units cut at a character boundary.
 * Confluence Cloud accepts any character in a title (the old Server-era ban on `: @ / \ | ^ # ; [ ] { } < >` and
 * a leading `$`, `~` or `..` does not apply; the title starts with the issue key anyway) but trims surrounding
 * whitespace and rejects line breaks, so only whitespace and control characters are normalised.
 * https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-page/#api-pages-post
 */
export function renderIncidentPageTitle(issueKey: string, incident: Incident, alert?: Alert): string {
  const title = oneLine(incident.title) || (alert ? oneLine(alert.title) || oneLine(alert.monitor.name) : '');
  return cutToUtf16(`${oneLine(issueKey)}: ${title}`, CONFLUENCE_TITLE_MAX);
}

function pageNodes({ incident, issueKey, alert, language: lang, macro, timeline = [] }: IncidentPageInput): XNode[] {
  const h2 = (text: string): XElement => el('h2', {}, text);
  return [
    forgeMacro({
      extensionKey: macro.extensionKey,
      // as the manifest's translated `incident-status` title reads in the page language (test/manifest.test.ts)
      title: t(lang, 'page.statusMacroTitle'),
      localId: regionId(incident.id, 'status'),
      guestParams: { [STATUS_MACRO_INCIDENT_PARAM]: incident.id },
    }),
    el('p', {}, el('strong', {}, `${t(lang, 'page.issue')}: `), jiraIssueMacro(issueKey)),
    incident.drill && structuredMacro('note', { body: [el('p', {}, t(lang, 'common.drill'))] }),
    h2(t(lang, 'page.summary')),
    el('p', {}, (alert && oneLine(alert.title)) || oneLine(incident.title)),
    el('p', {}, detectedLine(incident, alert, lang)),
    h2(t(lang, 'page.impact')),
    el('p', {}, placeholder(t(lang, 'page.impactPrompt'))),
    h2(t(lang, 'page.roles')),
    // Kaizen-owned: kept in step with the incident panel by src/usecases/sync-page-regions.ts (response-regions.ts)
    rolesRegion(incident.id, incident.roles, lang),
    h2(t(lang, 'page.keyTimes')),
    keyTimesRegion(incident.id, incident, lang),
    h2(t(lang, 'page.notes')),
    notesTable(incident, alert, lang),
    h2(t(lang, 'page.actions')),
    actionTasks(lang),
    h2(t(lang, 'page.links')),
    linksList(incident, issueKey, alert, lang),
    el('p', {}, placeholder(t(lang, 'page.linksPrompt'))),
    h2(t(lang, 'page.nextUpdate')),
    el('p', {}, placeholder(t(lang, 'page.nextUpdatePrompt'))),
    timelineRegion(incident.id, timeline, lang),
  ].filter((node): node is XElement => node !== false);
}

/**
 * The Jira issue macro (shows the issue with its live status). Only `key` is given: Confluence Cloud resolves it
 * against the site's own Jira. https://support.atlassian.com/confluence-cloud/docs/insert-the-jira-issues-macro/
 */
function jiraIssueMacro(issueKey: string): XElement {
  return structuredMacro('jira', { params: { key: oneLine(issueKey) } });
}

/** How it was found: by an alert (source, monitor) or declared by a person. */
function detectedLine(incident: Incident, alert: Alert | undefined, lang: Language): string {
  const time = formatTime(incident.detectedAt, lang);
  if (!alert) return t(lang, 'page.declared', { time, name: oneLine(incident.declared?.by.displayName ?? '') });
  return t(lang, 'page.detected', { time, source: sourceName(alert.source), monitor: oneLine(alert.monitor.name) });
}

/** Notes timeline / 対応記録: people's own rows; the first says what opened the incident, the next is empty. */
function notesTable(incident: Incident, alert: Alert | undefined, lang: Language): XElement {
  const first = alert
    ? t(lang, 'page.notes.first', { source: sourceName(alert.source), title: oneLine(alert.title) || oneLine(incident.title) })
    : t(lang, 'page.notes.declared', { title: oneLine(incident.title) });
  const who = alert ? t(lang, 'common.kaizen') : oneLine(incident.declared?.by.displayName ?? '');
  return el(
    'table',
    {},
    el(
      'tbody',
      {},
      el('tr', {}, cell('th', t(lang, 'page.notes.time')), cell('th', t(lang, 'page.notes.who')), cell('th', t(lang, 'page.notes.what'))),
      el('tr', {}, cell('td', formatTime(incident.detectedAt, lang)), cell('td', who), cell('td', first)),
      el('tr', {}, cell('td'), cell('td'), cell('td')),
    ),
  );
}

/** Actions in progress / 対応中のアクション: a task list with one placeholder task. */
function actionTasks(lang: Language): XElement {
  return el(
    'ac:task-list',
    {},
    el(
      'ac:task',
      {},
      el('ac:task-id', {}, '1'),
      el('ac:task-status', {}, 'incomplete'),
      el('ac:task-body', {}, placeholder(t(lang, 'page.actionsPrompt'))),
    ),
  );
}

/** Links / 関連リンク: the issue, the alert, the monitor and every alert link — http(s) only. */
function linksList(incident: Incident, issueKey: string, alert: Alert | undefined, lang: Language): XElement | false {
  const candidates: [string, string | undefined][] = [
    [t(lang, 'page.link.issue', { key: oneLine(issueKey) }), incident.issue?.url],
    ...(alert
      ? [
          [t(lang, 'page.link.alert', { source: sourceName(alert.source) }), alert.url] as [string, string | undefined],
          [t(lang, 'page.link.monitor', { name: oneLine(alert.monitor.name) }), alert.monitor.url] as [string, string | undefined],
          ...alert.links.map((l): [string, string | undefined] => [linkText(lang, l.kind, l.label && oneLine(l.label)), l.url]),
        ]
      : []),
  ];
  const items: XChild[] = candidates.filter(([, url]) => safeHref(url) !== undefined).map(([label, url]) => el('li', {}, anchor(label, url)));
  return items.length > 0 && el('ul', {}, items);
}
