/**
 * Recommend (おすすめ) from the incident panel (issue 11 item 1), for a PUBLISHED retrospective: "★ Recommended by X:
 * reason" with Change reason / Remove recommendation, or Recommend — the library's form (a one-line reason, checked as
 * the resolver checks it). The resolver is the library's use case for the retrospective's page: it checks, as the
 * person, that they may read and edit the page, and its refusal is shown here in their language. A viewer who may
 * not edit the issue sees the recommendation without the buttons, as the rest of the section (the library offers them).
 */
import { useState } from 'react';
import { RECOMMEND_REASON_MAX, RECOMMENDED_LABEL, reasonProblem, type RetrospectiveRecommendation } from '@shared/library';
import { Button } from '@ui/components/button';
import { ErrorMessage, Notice } from '@ui/components/messages';
import { ReasonField } from '@ui/components/reason-field';
import { RowForm } from '@ui/components/row-form';
import { call, type UiError } from '@ui/forge';
import { useI18n } from '@ui/i18n/i18n-context';
import { useResolver } from '@ui/use-resolver';
import { usePanelActions } from './panel-actions';

const PROBLEM_KEY = { 'reason-required': 'retro.recommend.reasonRequired', 'reason-too-long': 'retro.recommend.reasonTooLong', 'reason-one-line': 'retro.recommend.reasonOneLine' } as const;

export function RecommendRetrospective() {
  const { t } = useI18n();
  const { readOnly } = usePanelActions();
  const { state } = useResolver('getRetrospectiveRecommendation', {});
  const [answered, setAnswered] = useState<RetrospectiveRecommendation['recommended'] | undefined>();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | undefined>();
  const [notice, setNotice] = useState<'saved' | 'removed' | undefined>();

  if (state.status === 'loading') return null;
  if (state.status === 'error') {
    return (
      <div data-testid="retro-recommend">
        <ErrorMessage error={state.error} />
      </div>
    );
  }
  const recommended = answered === undefined ? state.data.recommended : answered;

  const send = async (recommend: boolean) => {
    setTried(true);
    if (recommend && reasonProblem(reason)) return;
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    const answer = await call('recommendRetrospective', recommend ? { recommended: true, reason: reason.trim() } : { recommended: false });
    setBusy(false);
    if (!answer.ok) return setError(answer.error);
    setAnswered(answer.data.recommended);
    setOpen(false);
    setNotice(recommend ? 'saved' : 'removed');
  };
  const start = () => {
    setReason(recommended?.reason ?? '');
    setTried(false);
    setError(undefined);
    setNotice(undefined);
    setOpen(true);
  };

  return (
    <div className="kz-stack kz-stack--tight" data-testid="retro-recommend" data-recommended={recommended ? 'true' : 'false'}>
      {recommended ? (
        <p className="kz-small" data-testid="retro-recommended">
          ★ <strong>{t('retro.recommend.by', { name: recommended.byName ?? t('retro.recommend.someone') })}</strong>: {recommended.reason}
        </p>
      ) : (
        <p className="kz-small kz-subtle">{t('retro.recommend.none')}</p>
      )}
      {open ? (
        <RowForm
          testId="recommend-form"
          onSubmit={() => void send(true)}
          error={error}
          busy={busy}
          submit={{ testId: 'recommend-save', text: t('retro.recommend.save') }}
          cancel={{ testId: 'recommend-cancel', text: t('retro.recommend.cancel'), onClick: () => setOpen(false) }}
          classes={{ form: 'kz-field', actions: 'kz-row' }}
        >
          <ReasonField
            value={reason}
            onChange={setReason}
            tried={tried}
            texts={{
              label: t('retro.recommend.reason'),
              help: t('retro.recommend.reasonHelp', { max: RECOMMEND_REASON_MAX }),
              count: (count, max) => t('retro.recommend.reasonCount', { count, max }),
              problem: (p, max) => t(PROBLEM_KEY[p], { max }),
            }}
            classes={{ label: 'kz-label', input: 'kz-input', problem: 'kz-small kz-danger' }}
          />
        </RowForm>
      ) : readOnly ? null : (
        <div className="kz-row">
          <Button appearance={recommended ? 'subtle' : 'default'} testId="recommend-open" onClick={start}>
            {recommended ? t('retro.recommend.change') : t('retro.recommend.open')}
          </Button>
          {recommended ? (
            <Button appearance="subtle" testId="recommend-remove" busy={busy} onClick={() => void send(false)}>
              {t('retro.recommend.remove')}
            </Button>
          ) : null}
        </div>
      )}
      {!open && error ? <ErrorMessage error={error} /> : null}
      {notice ? (
        <Notice tone="success" testId="recommend-notice">
          <p>{notice === 'saved' ? t('retro.recommend.saved', { label: RECOMMENDED_LABEL }) : t('retro.recommend.removed')}</p>
        </Notice>
      ) : null}
    </div>
  );
}
