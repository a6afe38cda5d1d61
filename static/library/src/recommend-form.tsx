/**
 * Recommend (おすすめ): a one-line reason (trimmed, 1–200 characters, checked here as the resolver checks it) and
 * Save / Cancel; or, for a recommended postmortem, change the reason or remove the recommendation. The resolver
 * checks, as the person, that they may edit the postmortem's page; its refusal is shown here in their language.
 */
import { useState } from 'react';
import { RECOMMEND_REASON_MAX, RECOMMENDED_LABEL, reasonProblem, type LibraryRow } from '@shared/library';
import { Button } from '@ui/components/button';
import { ErrorMessage, Notice } from '@ui/components/messages';
import { call, type UiError } from '@ui/forge';
import { ReasonField } from '@ui/components/reason-field';
import { RowForm } from '@ui/components/row-form';
import { useLibraryI18n } from './i18n/library-i18n';

const PROBLEM_KEY = { 'reason-required': 'library.reasonRequired', 'reason-too-long': 'library.reasonTooLong', 'reason-one-line': 'library.reasonOneLine' } as const;

export function RecommendControl({ row, onChanged }: { row: LibraryRow; onChanged: (notice: 'saved' | 'removed') => void }) {
  const { t } = useLibraryI18n();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState(row.recommended?.reason ?? '');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | undefined>();
  const problem = reasonProblem(reason);

  const send = async (recommended: boolean) => {
    setTried(true);
    if (recommended && problem) return;
    setBusy(true);
    setError(undefined);
    const answer = await call('setRecommendation', recommended ? { pageId: row.pageId, recommended, reason: reason.trim() } : { pageId: row.pageId, recommended });
    setBusy(false);
    if (!answer.ok) return setError(answer.error);
    setOpen(false);
    onChanged(recommended ? 'saved' : 'removed');
  };

  if (!open) {
    return (
      <div className="kz-lib-actions__group">
        <Button appearance={row.recommended ? 'subtle' : 'default'} testId="recommend-open" onClick={() => setOpen(true)} label={`${row.recommended ? t('library.editReason') : t('library.recommend')}: ${row.title}`}>
          {row.recommended ? t('library.editReason') : t('library.recommend')}
        </Button>
        {row.recommended ? (
          <Button appearance="subtle" testId="recommend-remove" busy={busy} onClick={() => void send(false)} label={`${t('library.unrecommend')}: ${row.title}`}>
            {t('library.unrecommend')}
          </Button>
        ) : null}
        {error ? <ErrorMessage error={error} /> : null}
      </div>
    );
  }
  return (
    <RowForm
      testId="recommend-form"
      onSubmit={() => void send(true)}
      error={error}
      busy={busy}
      submit={{ testId: 'recommend-save', text: t('library.save') }}
      cancel={{ testId: 'recommend-cancel', text: t('library.cancel'), onClick: () => setOpen(false) }}
    >
      <ReasonField
        value={reason}
        onChange={setReason}
        tried={tried}
        texts={{
          label: t('library.reason'),
          help: t('library.reasonHelp', { max: RECOMMEND_REASON_MAX }),
          count: (count, max) => t('library.reasonCount', { count, max }),
          problem: (p, max) => t(PROBLEM_KEY[p], { max }),
        }}
        classes={{ label: 'kz-lib-field__label', input: 'kz-lib-input kz-lib-input--wide', problem: 'kz-small kz-text-danger' }}
      />
    </RowForm>
  );
}

export function RecommendNotice({ kind }: { kind: 'saved' | 'removed' }) {
  const { t } = useLibraryI18n();
  return (
    <Notice tone="success" testId="recommend-notice">
      <p>{kind === 'saved' ? t('library.saved', { label: RECOMMENDED_LABEL }) : t('library.removed')}</p>
    </Notice>
  );
}
