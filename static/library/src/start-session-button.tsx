/**
 * "Start a reading session" (ポストモーテム読書会, DESIGN 3.6) on a library row: a button opening a small form — when
 * it starts (in the viewer's profile time zone, the one the session macro shows it in) and whether they facilitate — that asks `startReadingSession` and then shows
 * the new page's link. The resolver checks, as the person, that they can read the postmortem and create pages in its
 * space; its refusal is shown here in their language. One request id per form: a double click or a retry starts one
 * session (the resolver answers `already`).
 */
import { useId, useState } from 'react';
import type { StartReadingSessionData } from '@shared/reading-sessions';
import { Button } from '@ui/components/button';
import { ExternalLink } from '@ui/components/external-link';
import { Notice } from '@ui/components/messages';
import { call, type UiError } from '@ui/forge';
import { fromLocalInput, toLocalInput, zoneLabel } from '../../panel/src/local-time';
import { useLibraryI18n } from './i18n/library-i18n';
import { RowForm } from '@ui/components/row-form';

export interface StartSessionButtonProps {
  postmortem: { pageId: string; title: string; language: 'en' | 'ja' };
  onStarted?: () => void;
}

/** The next full hour: a session is rarely "now". */
const nextHour = (): string => new Date(Math.ceil((Date.now() + 1) / 3_600_000) * 3_600_000).toISOString();

export function StartSessionButton({ postmortem, onStarted }: StartSessionButtonProps) {
  // the Forge context's zone (static/shared/mount.tsx), as the session macro shows the time in, not the browser's
  const { t, locale, timeZone: zone } = useLibraryI18n();
  const ids = { when: useId(), zone: useId(), problem: useId(), me: useId(), meHint: useId() };
  const [open, setOpen] = useState(false);
  const [when, setWhen] = useState(() => toLocalInput(nextHour(), zone));
  const [facilitate, setFacilitate] = useState(true);
  const [requestId, setRequestId] = useState(() => crypto.randomUUID());
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | undefined>();
  const [done, setDone] = useState<StartReadingSessionData | undefined>();

  const startsAt = fromLocalInput(when, zone);
  const send = async () => {
    setTried(true);
    if (!startsAt || busy) return;
    setBusy(true);
    setError(undefined);
    const answer = await call('startReadingSession', { requestId, postmortemPageId: postmortem.pageId, startsAt, ...(facilitate ? {} : { facilitatorAccountId: null }) });
    setBusy(false);
    if (!answer.ok) return setError(answer.error);
    setDone(answer.data);
    onStarted?.();
  };
  /** A changed form is a new request (the same form sent again keeps its id). */
  const change = <T,>(set: (v: T) => void) => (value: T) => {
    set(value);
    setRequestId(crypto.randomUUID());
  };

  if (done) {
    return (
      <Notice tone="success" testId="session-started">
        <p data-testid="session-outcome" data-value={done.outcome}>
          {t(done.outcome === 'created' ? 'readingSession.created' : done.outcome === 'existing' ? 'readingSession.existing' : 'readingSession.already')}
        </p>
        <p>
          <ExternalLink href={done.session.url} testId="session-link">
            {t('readingSession.open')} ↗
          </ExternalLink>
          <span className="kz-small kz-subtle"> — {done.session.title}</span>
        </p>
      </Notice>
    );
  }
  if (!open) {
    return (
      <div className="kz-lib-actions__group">
        <Button testId="session-open" onClick={() => setOpen(true)} label={t('readingSession.startFor', { title: postmortem.title })}>
          {t('readingSession.start')}
        </Button>
      </div>
    );
  }
  const problem = tried && !startsAt;
  return (
    <RowForm
      testId="session-form"
      label={t('readingSession.formTitle')}
      noValidate
      onSubmit={() => void send()}
      error={error}
      busy={busy}
      submit={{ testId: 'session-create', text: t('readingSession.create') }}
      cancel={{ testId: 'session-cancel', text: t('library.cancel'), onClick: () => setOpen(false) }}
    >
      <label className="kz-lib-field__label" htmlFor={ids.when}>
        {t('readingSession.when')}
      </label>
      <input
        id={ids.when}
        type="datetime-local"
        className="kz-lib-input"
        value={when}
        onChange={(e) => change(setWhen)(e.currentTarget.value)}
        aria-invalid={problem ? true : undefined}
        aria-describedby={`${ids.zone}${problem ? ` ${ids.problem}` : ''}`}
        data-testid="session-when"
        autoFocus
      />
      <p id={ids.zone} className="kz-small kz-subtle">
        {t('readingSession.zone', { zone: zoneLabel(zone, locale) })}
      </p>
      {problem ? (
        <p id={ids.problem} className="kz-small kz-text-danger" role="alert" data-testid="session-when-problem">
          {t('readingSession.whenRequired')}
        </p>
      ) : null}
      <label className="kz-lib-check" htmlFor={ids.me}>
        <input id={ids.me} type="checkbox" checked={facilitate} onChange={(e) => change(setFacilitate)(e.currentTarget.checked)} aria-describedby={ids.meHint} data-testid="session-facilitate" />
        {t('readingSession.facilitateMe')}
      </label>
      <p id={ids.meHint} className="kz-small kz-subtle">
        {t('readingSession.facilitateHint')}
      </p>
      <p className="kz-small kz-subtle">{t('readingSession.languageNote', { language: t(`readingSession.language.${postmortem.language}`) })}</p>
    </RowForm>
  );
}
