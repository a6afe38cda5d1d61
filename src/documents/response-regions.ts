/**
 * The Kaizen-owned Roles and Key times regions of the live incident page (DESIGN 3.2 Roles / 体制, and the key times
 * of 3.3): what people set in the Jira issue panel, kept on the page by src/usecases/sync-page-regions.ts. Each is a
 * page properties (`details`) macro whose `ac:macro-id` is `regionId(incidentId, 'roles' | 'key-times')` (regions.ts);
 * the sync replaces only its body (`replaceRegion`), never people's content around it.
 *
 * Why page properties: the regions are tables, shown open (an `expand` would hide them behind a click), and the Cloud
 * editor's `panel` (ADF `panel`) cannot hold a table; page properties can, and a Page Properties Report can then list
 * every incident's commander and key times. The body's first line says Kaizen keeps it.
 *
 * Pure: built as {@link XNode}s and written by the XML serializer, so names and ids are escaped by construction.
 * https://confluence.atlassian.com/doc/confluence-storage-format-790796544.html
 */
import type { Incident, KeyTimeField, Language, Roles } from '../domain/incident';
import { KEY_TIME_FIELDS } from '../domain/incident';
import { formatDuration, formatTime } from '../i18n/format-time';
import { t } from '../i18n/messages';
import { keyDurations } from '../shared/durations';
import { regionId } from './regions';
import { simpleTable, structuredMacro } from './storage-nodes';
import { oneLine } from './text';
import { el, serializeStorage, type XChild, type XElement, type XNode } from './xhtml';

/** What the two regions show: the roles, the key times and who set each. */
export type ResponseFacts = Pick<Incident, 'roles' | 'setByPerson' | KeyTimeField>;

/**
 * A person as a Confluence user mention: Confluence shows their current display name (and profile card) from the
 * account id, so Kaizen needs no user lookup and never writes a stale name.
 * https://confluence.atlassian.com/doc/confluence-storage-format-790796544.html (Links: a user)
 */
export function userMention(accountId: string): XElement {
  return el('ac:link', {}, el('ri:user', { 'ri:account-id': oneLine(accountId) }));
}

function people(accountIds: readonly string[], lang: Language): XChild[] {
  const ids = accountIds.filter((id) => oneLine(id) !== '');
  if (ids.length === 0) return [el('em', {}, t(lang, 'region.roles.notSet'))];
  return ids.flatMap((id, i) => (i === 0 ? [userMention(id)] : [t(lang, 'common.listSeparator'), userMention(id)]));
}

/** The Roles region's body: a note, then one row per role with its people as mentions (or "not set"). */
export function rolesRegionNodes(roles: Roles | undefined, lang: Language): XNode[] {
  const one = (id: string | undefined): string[] => (id ? [id] : []);
  const rows: [string, XChild[]][] = [
    [t(lang, 'role.commander'), people(one(roles?.commander), lang)],
    [t(lang, 'role.communications'), people(one(roles?.communicationsLead), lang)],
    [t(lang, 'role.scribe'), people(one(roles?.scribe), lang)],
    [t(lang, 'role.responders'), people(roles?.responders ?? [], lang)],
  ];
  return [el('p', {}, el('em', {}, t(lang, 'region.roles.note'))), simpleTable([t(lang, 'page.roles.role'), t(lang, 'page.roles.person')], rows)];
}

/** Who set a key time: the person who set it (their display name as recorded), else the alerts; nobody when unset. */
function setBy(facts: ResponseFacts, field: KeyTimeField, lang: Language): string {
  const mark = facts.setByPerson?.[field];
  if (mark) return oneLine(mark.displayName) || oneLine(mark.accountId);
  return facts[field] ? t(lang, 'region.keyTimes.byAlerts') : '';
}

/** The Key times region's body: a note, the five key times with who set each, then TTD / TTA / TTM / TTR. */
export function keyTimesRegionNodes(facts: ResponseFacts, lang: Language): XNode[] {
  const times = KEY_TIME_FIELDS.map((field): XChild[] => {
    const at = facts[field];
    return [t(lang, `region.keyTimes.${field}`), at ? formatTime(at, lang) : el('em', {}, t(lang, 'region.keyTimes.notYet')), setBy(facts, field, lang)];
  });
  const d = keyDurations(facts);
  const duration = (ms: number | undefined): string => (ms === undefined ? t(lang, 'region.keyTimes.noDuration') : formatDuration(ms, lang));
  const durations: XChild[][] = [
    [t(lang, 'region.keyTimes.ttd'), duration(d.ttdMs)],
    [t(lang, 'region.keyTimes.tta'), duration(d.ttaMs)],
    [t(lang, 'region.keyTimes.ttm'), duration(d.ttmMs)],
    [t(lang, 'region.keyTimes.ttr'), duration(d.ttrMs)],
  ];
  return [
    el('p', {}, el('em', {}, t(lang, 'region.keyTimes.note'))),
    simpleTable([t(lang, 'region.keyTimes.col.what'), t(lang, 'region.keyTimes.col.time'), t(lang, 'region.keyTimes.col.setBy')], times),
    simpleTable([t(lang, 'region.keyTimes.col.duration'), t(lang, 'region.keyTimes.col.value')], durations),
  ];
}

/** The storage XHTML of the Roles region's body, for `replaceRegion`. Deterministic: same roles, same bytes. */
export const renderRolesRegionBody = (roles: Roles | undefined, lang: Language): string => serializeStorage(rolesRegionNodes(roles, lang));

/** The storage XHTML of the Key times region's body, for `replaceRegion`. Deterministic: same times, same bytes. */
export const renderKeyTimesRegionBody = (facts: ResponseFacts, lang: Language): string => serializeStorage(keyTimesRegionNodes(facts, lang));

/** The whole Roles region for a new page: the page properties macro with its stable macro id. */
export function rolesRegion(incidentId: string, roles: Roles | undefined, lang: Language): XElement {
  return structuredMacro('details', { macroId: regionId(incidentId, 'roles'), body: rolesRegionNodes(roles, lang) });
}

/** The whole Key times region for a new page. */
export function keyTimesRegion(incidentId: string, facts: ResponseFacts, lang: Language): XElement {
  return structuredMacro('details', { macroId: regionId(incidentId, 'key-times'), body: keyTimesRegionNodes(facts, lang) });
}

/** A region of the page Kaizen keeps in step, as `IncidentPages.replaceOwnedRegions` takes it. */
export interface OwnedRegionUpdate {
  regionId: string;
  render: () => string;
}

/** The Roles and Key times regions of an incident's page, rendered from the incident record. */
export function responseRegionUpdates(incident: Pick<Incident, 'id' | 'language'> & ResponseFacts): OwnedRegionUpdate[] {
  return [
    { regionId: regionId(incident.id, 'roles'), render: () => renderRolesRegionBody(incident.roles, incident.language) },
    { regionId: regionId(incident.id, 'key-times'), render: () => renderKeyTimesRegionBody(incident, incident.language) },
  ];
}
