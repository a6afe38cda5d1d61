/**
 * "Draft summary with AI" in the retrospective section (issue 11 item 6): asks for a proposal (the model runs in the
 * app's AI consumer), polls every 2 s while it is pending (stopped when the panel closes), shows the proposal labelled
 * as AI-drafted — untrusted text, rendered as text —, and inserts it into the retrospective page or discards it.
 * Hidden when Forge LLMs is unavailable to this site (the backend remembers the platform's refusal).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AiDraftView, InsertAiDraftData } from '@shared/ai-draft';
import { Button } from '@ui/components/button';
import { ErrorMessage } from '@ui/components/messages';
import { call, type UiError } from '@ui/forge';
import { useI18n } from '@ui/i18n/i18n-context';
import './ai-draft.css';

type AiKey = 'requestAiDraft' | 'getAiDraft' | 'insertAiDraft' | 'discardAiDraft';

/** How often the panel asks while the model works. */
export const AI_POLL_MS = 2_000;

export function AiDraft() {
  const { t, time } = useI18n();
  const [view, setView] = useState<AiDraftView | undefined>();
  const [busy, setBusy] = useState<AiKey | undefined>();
  const [error, setError] = useState<UiError | undefined>();
  const [placed, setPlaced] = useState<InsertAiDraftData['placed'] | undefined>();
  /** The platform refused while this panel was open: say so once, instead of the button vanishing silently. */
  const [refusedNow, setRefusedNow] = useState(false);
  const mounted = useRef(true);

  const load = useCallback(async (): Promise<void> => {
    const result = await call('getAiDraft', {});
    if (!mounted.current) return;
    if (!result.ok) return setError(result.error);
    setView((previous) => {
      if (previous?.state === 'pending' && result.data.state === 'unavailable') setRefusedNow(true);
      return result.data;
    });
  }, []);

  useEffect(() => {
    mounted.current = true;
    void load();
    return () => {
      mounted.current = false;
    };
  }, [load]);

  // poll while the model works; the timer goes with the panel
  useEffect(() => {
    if (view?.state !== 'pending') return undefined;
    const timer = setTimeout(() => void load(), AI_POLL_MS);
    return () => clearTimeout(timer);
  }, [view, load]);

  const run = async (key: Exclude<AiKey, 'getAiDraft'>): Promise<void> => {
    setBusy(key);
    setError(undefined);
    setPlaced(undefined);
    const result = await call(key, {});
    if (!mounted.current) return;
    setBusy(undefined);
    if (!result.ok) return setError(result.error);
    if ('placed' in result.data) {
      setPlaced(result.data.placed);
      setView(result.data.draft);
    } else {
      if (result.data.state === 'unavailable') setRefusedNow(true);
      setView(result.data);
    }
  };

  if (view === undefined && error === undefined) return null;
  if (view?.state === 'unavailable') {
    return refusedNow ? (
      <p className="kz-small kz-subtle" data-testid="ai-draft-unavailable">
        {t('aiDraft.failed.unavailable')}
      </p>
    ) : (
      // nothing to see: the site has no Forge LLMs (an empty marker says the answer came)
      <span hidden data-testid="ai-draft-off" />
    );
  }

  const requestButton = (
    <Button testId="ai-draft-request" label={t('aiDraft.requestLabel')} busy={busy === 'requestAiDraft'} disabled={busy !== undefined} onClick={() => void run('requestAiDraft')}>
      {busy === 'requestAiDraft' ? t('aiDraft.requesting') : t('aiDraft.request')}
    </Button>
  );

  return (
    <section aria-labelledby="kz-ai-draft" className="kz-stack kz-stack--tight kz-ai-draft" data-testid="ai-draft" data-state={view?.state}>
      <h3 className="kz-h3" id="kz-ai-draft">
        {t('aiDraft.title')}
      </h3>
      {view?.state === 'none' || (view?.state === 'ready' && view.insertedAt) ? <div className="kz-row">{requestButton}</div> : null}
      {view?.state === 'pending' ? (
        <p className="kz-small" role="status" data-testid="ai-draft-pending">
          {t('aiDraft.pending')}
        </p>
      ) : null}
      {view?.state === 'failed' ? (
        <>
          <p className="kz-small kz-danger" role="alert" data-testid="ai-draft-failed" data-reason={view.reason}>
            {t(`aiDraft.failed.${view.reason}`)}
          </p>
          <div className="kz-row">{requestButton}</div>
        </>
      ) : null}
      {view?.state === 'ready' && !view.insertedAt ? (
        <div className="kz-ai-draft__proposal" data-testid="ai-draft-proposal">
          <p className="kz-ai-draft__label" data-testid="ai-draft-label">
            {t('aiDraft.label')}
          </p>
          <p className="kz-small kz-subtle">{t('aiDraft.untrusted')}</p>
          <h4 className="kz-ai-draft__heading">{t('aiDraft.summary')}</h4>
          <p className="kz-ai-draft__text" data-testid="ai-draft-summary">
            {view.proposal.summary}
          </p>
          <h4 className="kz-ai-draft__heading">{t('aiDraft.narrative')}</h4>
          <p className="kz-ai-draft__text" data-testid="ai-draft-narrative">
            {view.proposal.narrative}
          </p>
          <p className="kz-small kz-subtle">{t('aiDraft.by', { who: view.requestedBy, model: view.proposal.model, at: time(view.proposal.createdAt) })}</p>
          <div className="kz-row">
            <Button appearance="primary" testId="ai-draft-insert" label={t('aiDraft.insertLabel')} busy={busy === 'insertAiDraft'} disabled={busy !== undefined} onClick={() => void run('insertAiDraft')}>
              {busy === 'insertAiDraft' ? t('aiDraft.inserting') : t('aiDraft.insert')}
            </Button>
            <Button appearance="subtle" testId="ai-draft-discard" busy={busy === 'discardAiDraft'} disabled={busy !== undefined} onClick={() => void run('discardAiDraft')}>
              {t('aiDraft.discard')}
            </Button>
          </div>
        </div>
      ) : null}
      {placed ? (
        <p className="kz-small" role="status" data-testid="ai-draft-inserted" data-placed={placed}>
          {t(`aiDraft.inserted.${placed}`)}
        </p>
      ) : null}
      {error ? <ErrorMessage error={error} /> : null}
    </section>
  );
}
