/**
 * The retrospective page's status macro (region 'retro-status', retrospective-page.ts): read what people set it to in
 * the Confluence editor, and the macro Kaizen writes when it publishes. Pure.
 *
 * The status macro has no body, so it is replaced whole (`replaceMacro` in storage-regions.ts), found by its
 * `ac:macro-id`; people's text around it is untouched.
 */
import type { Language } from '../domain/incident';
import { t } from '../i18n/messages';
import type { RetroStatus } from '../shared/retrospective';
import { regionId } from './regions';
import { retrospectiveStatusMacro } from './retrospective-page';
import { descendants, macroParameter, storageTree } from './storage-tree';
import { serializeStorage } from './xhtml';

const squash = (s: string): string => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
const WORDS: ReadonlyArray<[RetroStatus, string]> = (['en', 'ja'] as const).flatMap((lang) => [
  ['draft', squash(t(lang, 'retro.status.draft'))],
  ['in-review', squash(t(lang, 'retro.status.inReview'))],
  ['published', squash(t(lang, 'retro.status.published'))],
] as [RetroStatus, string][]);

/**
 * The status people set on the page: the title of the status macro with the retro-status macro id, in either
 * language (Published / 公開済み, In review / レビュー中, Draft / 下書き). Undefined when the macro is gone or its
 * title is a word Kaizen does not know.
 */
export function readRetrospectiveStatus(storage: string, incidentId: string): RetroStatus | undefined {
  const id = regionId(incidentId, 'retro-status');
  const macro = descendants(storageTree(storage)).find((e) => e.name === 'ac:structured-macro' && e.attributes['ac:macro-id'] === id);
  const title = macro && macroParameter(macro, 'title');
  if (title === undefined) return undefined;
  return WORDS.find(([, word]) => word === squash(title))?.[0];
}

/** The whole status macro, as storage, for a status. */
export function renderRetrospectiveStatusMacro(incidentId: string, status: RetroStatus, lang: Language): string {
  return serializeStorage([retrospectiveStatusMacro(incidentId, status === 'in-review' ? 'inReview' : status, lang)]);
}
