/**
 * The retrospective overdue reminder, a Jira comment on the incident issue (DESIGN 3.4, the 24-hour rule), as ADF
 * built with `@atlaskit/adf-utils/builders`, in the incident's language. Pure. The commander is named with a mention
 * node (Jira notifies them); untrusted text (the incident and page titles) only ever goes into text nodes.
 * https://developer.atlassian.com/cloud/jira/platform/apis/document/nodes/mention/
 */
import { doc } from '@atlaskit/adf-utils/builders';
import type { Language } from '../domain/incident';
import { formatDuration, formatTime } from '../i18n/format-time';
import { t } from '../i18n/messages';
import type { AdfDoc } from '../usecases/ports';
import { bold, finish, linked, para, plain, type Inline } from './adf-nodes';
import { cutToCodePoints, oneLine } from './text';

/** Titles are cut to this many code points in the comment (the issue and the page keep them whole). */
const TITLE_MAX = 200;

export interface RetrospectiveReminderInput {
  title: string;
  /** When the retrospective was due (ISO). */
  dueAt: string;
  /** How long past due. */
  overdueMs: number;
  /** The due time's distance from recovery (settings `retrospectiveDueHours`). */
  dueHours: number;
  /** The first reminder, or a later one. */
  first: boolean;
  /** The incident commander's Jira account id, if one was named. */
  commanderAccountId: string | undefined;
  /** The retrospective page, once drafted. */
  page: { title: string; url: string } | undefined;
}

export function renderRetrospectiveReminder(input: RetrospectiveReminderInput, lang: Language): AdfDoc {
  // rounded down to whole minutes: "25 h 3 min", not the seconds of the run that noticed it
  const overdue = formatDuration(Math.floor(input.overdueMs / 60_000) * 60_000, lang);
  const title = cutToCodePoints(oneLine(input.title), TITLE_MAX);
  const owner = input.commanderAccountId
    ? para([{ type: 'mention', attrs: { id: input.commanderAccountId } } as Inline], plain(t(lang, 'retroReminder.commander')))
    : para(plain(t(lang, 'retroReminder.noCommander')));
  const page = input.page
    ? para(plain(t(lang, 'retroReminder.page')), linked(cutToCodePoints(oneLine(input.page.title), TITLE_MAX), input.page.url))
    : para(plain(t(lang, 'retroReminder.noPage')));
  return finish(
    doc(
      para(bold(t(lang, input.first ? 'retroReminder.heading.first' : 'retroReminder.heading.again'))),
      para(plain(t(lang, 'retroReminder.overdue', { title, overdue, due: formatTime(input.dueAt, lang), hours: input.dueHours }))),
      owner,
      page,
      para(plain(t(lang, 'retroReminder.footer'))),
    ),
  );
}
