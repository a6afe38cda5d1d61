/**
 * What the last action did, said once under the buttons: refused (the reason, in the viewer's language), done but
 * Jira did not follow (a warning: the incident changed, the issue did not), or nothing to change. A successful change
 * needs no words: the panel shows it.
 */
import { ErrorMessage } from '@ui/components/messages';
import { useI18n } from '@ui/i18n/i18n-context';
import { usePanelActions } from './panel-actions';

export function ActionFeedback() {
  const { t } = useI18n();
  const { feedback, readOnly } = usePanelActions();
  if (readOnly) {
    return (
      <section className="kz-message kz-message--info" role="status" data-testid="read-only">
        <p>{t('panel.readOnly')}</p>
      </section>
    );
  }
  if (!feedback) return null;
  if (feedback.kind === 'error') return <ErrorMessage error={feedback.error} />;
  if (feedback.jira === 'failed') {
    return (
      <section className="kz-message kz-message--warning" role="alert" data-testid="jira-failed">
        <p>{t('panel.jiraFailed')}</p>
      </section>
    );
  }
  if (feedback.key === 'acknowledgeIncident') {
    return (
      <section className="kz-message kz-message--success" role="status" data-testid="action-success">
        <p>{t(`panel.ack.${feedback.outcome as 'acknowledged' | 'already-acknowledged' | 'not-open'}`)}</p>
      </section>
    );
  }
  if (feedback.outcome === 'unchanged') {
    return (
      <section className="kz-message kz-message--info" role="status" data-testid="action-unchanged">
        <p>{t('panel.unchanged')}</p>
      </section>
    );
  }
  return null;
}
