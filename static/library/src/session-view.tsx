/**
 * The `reading-session` macro on a session page (ポストモーテム読書会, DESIGN 3.6): the postmortem the session reads
 * (its link), when the session starts, how many TODOs became Jira tasks, and "Sync TODOs to Jira" — the action items
 * sync run on the page's TODO table — with its result (created / updated / the rows not synced and why). The macro
 * finds its session by the page it is on; the resolver checks, as the person, that they can read (and, to sync, edit)
 * the page. Mounted for the `reading-session` module key (the library resource serves both macros).
 */
import { useState } from 'react';
import type { SyncActionItemsData } from '@shared/retrospective';
import { Button } from '@ui/components/button';
import { ExternalLink } from '@ui/components/external-link';
import { ErrorMessage, Loading, Notice } from '@ui/components/messages';
import { SyncResult } from '@ui/components/sync-result';
import { call, type UiError } from '@ui/forge';
import { useResolver } from '@ui/use-resolver';
import { zoneLabel } from '../../panel/src/local-time';
import { LibraryTexts, useLibraryI18n } from './i18n/library-i18n';

export function SessionView() {
  return (
    <LibraryTexts>
      <Session />
    </LibraryTexts>
  );
}

function Session() {
  const { t, time, timeZone, locale } = useLibraryI18n();
  const { state, reload } = useResolver('getReadingSession', {});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | undefined>();
  const [result, setResult] = useState<SyncActionItemsData | undefined>();

  const sync = async () => {
    setBusy(true);
    setError(undefined);
    const answer = await call('syncReadingSessionTodos', {});
    setBusy(false);
    if (!answer.ok) return setError(answer.error);
    setResult(answer.data);
    reload();
  };

  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') return <ErrorMessage error={state.error} onRetry={reload} />;
  const data = state.data;
  if (data.session === null) {
    return (
      <Notice testId="session-none">
        <p>{t('readingSession.notASession')}</p>
      </Notice>
    );
  }
  const { session, postmortem, tasks } = data;
  return (
    <section className="kz-lib kz-stack" data-testid="reading-session" aria-labelledby="kz-session-title">
      <h1 className="kz-h2" id="kz-session-title" data-testid="locale-text">
        {t('readingSession.viewTitle')}
      </h1>
      {postmortem ? (
        <p>
          <span className="kz-lib-field__label">{t('readingSession.reads')}: </span>
          <ExternalLink href={postmortem.url} testId="session-postmortem-link">
            {postmortem.title} ↗
          </ExternalLink>
        </p>
      ) : null}
      <p className="kz-small kz-subtle">
        {session.startsAt ? <span data-testid="session-starts">{t('readingSession.startsAt', { time: time(session.startsAt), zone: zoneLabel(timeZone, locale) })}</span> : null}
        {session.startsAt ? <span className="kz-sep">·</span> : null}
        <span data-testid="session-tasks" data-total={tasks.total} data-done={tasks.done}>
          {tasks.total === 0 ? t('readingSession.noTasks') : t('readingSession.tasks', { total: tasks.total, done: tasks.done })}
        </span>
      </p>
      <div className="kz-row">
        <Button appearance="primary" testId="session-sync" busy={busy} onClick={() => void sync()}>
          {busy ? t('actionItems.syncing') : t('readingSession.sync')}
        </Button>
      </div>
      {error ? <ErrorMessage error={error} /> : null}
      {result ? <SyncResult result={result} testIds={{ result: 'session-sync-result', key: 'session-task-key', problems: 'session-sync-problems' }} /> : null}
    </section>
  );
}
