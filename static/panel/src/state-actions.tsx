/**
 * The buttons that move the incident along, each shown only in the states it applies to (the rules are
 * src/domain/person-actions.ts): acknowledge an open one, mark mitigated, mark recovered, reopen a recovered or closed
 * one, close (after a confirmation: the Jira issue moves to done).
 */
import { useState } from 'react';
import type { IncidentState } from '@shared/vocabulary';
import { Button } from '@ui/components/button';
import { ConfirmDialog } from '@ui/components/confirm-dialog';
import { useI18n } from '@ui/i18n/i18n-context';
import { usePanelActions } from './panel-actions';

export function StateActions({ state }: { state: IncidentState }) {
  const { t } = useI18n();
  const { readOnly, busy, run, acknowledge } = usePanelActions();
  const [confirmClose, setConfirmClose] = useState(false);
  if (readOnly) return null;
  const any = busy !== undefined;
  const show = {
    acknowledge: state === 'open',
    mitigate: state === 'open' || state === 'acknowledged',
    recover: state === 'open' || state === 'acknowledged' || state === 'mitigated',
    reopen: state === 'recovered' || state === 'closed',
    close: state !== 'closed',
  };
  // the next step is the primary one; the rest stay quiet
  const primary = state === 'open' ? 'acknowledge' : state === 'acknowledged' ? 'mitigate' : state === 'mitigated' ? 'recover' : state === 'recovered' ? 'close' : 'reopen';
  const look = (name: keyof typeof show) => (primary === name ? 'primary' : 'default');
  return (
    <div className="kz-row" role="group" aria-label={t('panel.state')} data-testid="state-actions">
      {show.acknowledge ? (
        <Button appearance={look('acknowledge')} testId="acknowledge-button" busy={busy === 'acknowledgeIncident'} disabled={any} onClick={() => void acknowledge()}>
          {busy === 'acknowledgeIncident' ? t('panel.acknowledging') : t('panel.acknowledge')}
        </Button>
      ) : null}
      {show.mitigate ? (
        <Button appearance={look('mitigate')} testId="mitigate-button" busy={busy === 'markMitigated'} disabled={any} onClick={() => void run('markMitigated', {})}>
          {t('panel.action.mitigate')}
        </Button>
      ) : null}
      {show.recover ? (
        <Button appearance={look('recover')} testId="recover-button" busy={busy === 'markRecovered'} disabled={any} onClick={() => void run('markRecovered', {})}>
          {t('panel.action.recover')}
        </Button>
      ) : null}
      {show.reopen ? (
        <Button appearance={look('reopen')} testId="reopen-button" busy={busy === 'reopenIncident'} disabled={any} onClick={() => void run('reopenIncident', {})}>
          {t('panel.action.reopen')}
        </Button>
      ) : null}
      {show.close ? (
        <Button appearance={look('close')} testId="close-button" busy={busy === 'closeIncident'} disabled={any} onClick={() => setConfirmClose(true)}>
          {t('panel.action.close')}
        </Button>
      ) : null}
      {confirmClose ? (
        <ConfirmDialog
          testId="close-confirm"
          title={t('panel.action.closeConfirmTitle')}
          confirmLabel={t('panel.action.closeConfirm')}
          busy={busy === 'closeIncident'}
          onCancel={() => setConfirmClose(false)}
          onConfirm={() => void run('closeIncident', {}).then(() => setConfirmClose(false))}
        >
          <p>{t('panel.action.closeConfirmBody')}</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
