/**
 * The retrospective in the incident panel (DESIGN 3.4): its status, a link to the page, the buttons that apply
 * (Draft — offered first once the incident has recovered —, Refresh facts, Publish), the 24-hour countdown in the
 * viewer's language and time zone, and the blameless hints found in people's text (phrase, why, the reframing in
 * the viewer's language). A viewer who may not edit the issue sees it all without the buttons, and why.
 */
import { useEffect, useState } from 'react';
import type { IncidentState } from '@shared/vocabulary';
import type { BlamelessHintView, RetrospectivePanel, RetrospectiveView } from '@shared/retrospective';
import { Button } from '@ui/components/button';
import { ExternalLink } from '@ui/components/external-link';
import { Lozenge } from '@ui/components/lozenge';
import { ErrorMessage } from '@ui/components/messages';
import { call, type UiError } from '@ui/forge';
import { useI18n } from '@ui/i18n/i18n-context';
import { usePanelActions } from './panel-actions';
import { AiDraft } from './ai-draft';
import { RecommendRetrospective } from './recommend-retrospective';

type RetroKey = 'draftRetrospective' | 'refreshRetrospectiveFacts' | 'publishRetrospective';
type Done = 'drafted' | 'existing' | 'refreshed' | 'unchanged' | 'published' | 'already';

const HOUR_MS = 3_600_000;

export function RetrospectiveSection({ retro, state }: { retro: RetrospectivePanel | undefined; state: IncidentState }) {
  const { t, time, lang } = useI18n();
  const { readOnly } = usePanelActions();
  const [view, setView] = useState<RetrospectiveView | undefined>(retro?.retrospective);
  const [hints, setHints] = useState<BlamelessHintView[] | undefined>();
  const [busy, setBusy] = useState<RetroKey | undefined>();
  const [done, setDone] = useState<Done | undefined>();
  const [error, setError] = useState<UiError | undefined>();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => setView(retro?.retrospective), [retro?.retrospective]);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);

  const run = async (key: RetroKey): Promise<void> => {
    setBusy(key);
    setDone(undefined);
    setError(undefined);
    const result = await call(key, {});
    setBusy(undefined);
    if (!result.ok) return setError(result.error);
    const data = result.data;
    setView(data.retrospective);
    setHints(data.hints);
    setDone('outcome' in data ? data.outcome : data.written ? 'refreshed' : 'unchanged');
  };

  const recovered = state === 'recovered' || state === 'closed';
  const published = view?.status === 'published';
  const due = retro?.due;
  const canAct = !readOnly;

  return (
    <section aria-labelledby="kz-retro" className="kz-stack kz-stack--tight" data-testid="retrospective-section">
      <h2 className="kz-h2" id="kz-retro">
        {t('retro.title')}
      </h2>
      {view ? (
        <div className="kz-row">
          <Lozenge appearance={published ? 'success' : view.status === 'in-review' ? 'inprogress' : 'default'} testId="retro-status" value={view.status}>
            {t(`retro.status.${view.status}`)}
          </Lozenge>
          <ExternalLink href={view.page.url} testId="retro-page-link">
            {t('retro.open')} ↗
          </ExternalLink>
        </div>
      ) : (
        <p className="kz-small kz-subtle" data-testid="retro-none">
          {recovered ? t('retro.recoveredPrompt') : t('retro.none')}
        </p>
      )}
      {published && view.publishedAt ? (
        <p className="kz-small" data-testid="retro-published-at">
          {t('retro.publishedAt', { at: time(view.publishedAt) })}
        </p>
      ) : due ? (
        <p className={due.overdue ? 'kz-small kz-danger' : 'kz-small'} data-testid="retro-due" data-overdue={due.overdue}>
          {dueText(due.dueAt, due.overdue)}
        </p>
      ) : null}
      {canAct ? (
        <div className="kz-row">
          {!view ? (
            <Button appearance={recovered ? 'primary' : 'default'} testId="retro-draft" busy={busy === 'draftRetrospective'} disabled={busy !== undefined} onClick={() => void run('draftRetrospective')}>
              {busy === 'draftRetrospective' ? t('retro.drafting') : t('retro.draft')}
            </Button>
          ) : null}
          {view && !published ? (
            <Button testId="retro-refresh" label={t('retro.refreshLabel')} busy={busy === 'refreshRetrospectiveFacts'} disabled={busy !== undefined} onClick={() => void run('refreshRetrospectiveFacts')}>
              {busy === 'refreshRetrospectiveFacts' ? t('retro.refreshing') : t('retro.refresh')}
            </Button>
          ) : null}
          {view && !published ? (
            <Button appearance="primary" testId="retro-publish" label={t('retro.publishLabel')} busy={busy === 'publishRetrospective'} disabled={busy !== undefined} onClick={() => void run('publishRetrospective')}>
              {busy === 'publishRetrospective' ? t('retro.publishing') : t('retro.publish')}
            </Button>
          ) : null}
        </div>
      ) : (
        <p className="kz-small kz-subtle" data-testid="retro-read-only">
          {t('retro.readOnly')}
        </p>
      )}
      {error ? <ErrorMessage error={error} /> : null}
      {done ? (
        <p className="kz-small" role="status" data-testid="retro-done" data-outcome={done}>
          {t(`retro.done.${done}`)}
        </p>
      ) : null}
      {published ? <RecommendRetrospective /> : null}
      {hints !== undefined ? <Hints hints={hints} lang={lang} /> : null}
      {canAct && view && !published ? <AiDraft /> : null}
    </section>
  );

  function dueText(dueAt: string, overdue: boolean): string {
    const hours = Math.max(1, Math.ceil(Math.abs(Date.parse(dueAt) - now) / HOUR_MS));
    return overdue || Date.parse(dueAt) < now ? t('retro.overdueBy', { h: hours, at: time(dueAt) }) : t('retro.dueIn', { h: hours, at: time(dueAt) });
  }
}

function Hints({ hints, lang }: { hints: BlamelessHintView[]; lang: 'en' | 'ja' }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="kz-retro-hints" className="kz-stack kz-stack--tight" data-testid="retro-hints">
      <h3 className="kz-h3" id="kz-retro-hints">
        {t('retro.hints.title')}
      </h3>
      {hints.length === 0 ? (
        <p className="kz-small kz-subtle">{t('retro.hints.none')}</p>
      ) : (
        <>
          <p className="kz-small kz-subtle">{t('retro.hints.intro')}</p>
          <ul className="kz-list">
            {hints.map((h, i) => (
              <li key={`${h.ruleId}-${i}`} data-testid="retro-hint" data-rule={h.ruleId}>
                <p>
                  <strong>{lang === 'ja' ? `「${h.phrase}」` : `“${h.phrase}”`}</strong> <span className="kz-small kz-subtle">{t('retro.hint.in', { section: h.section })}</span>
                </p>
                <p className="kz-small">{t(`retro.hint.${h.kind}`)}</p>
                <p className="kz-small">{h.reframing[lang]}</p>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
