/**
 * The incident panel (DESIGN 3.3): the incident, or a friendly word when the issue is not one, or the
 * error — never a blank panel. "Acknowledge" acts as the user; a refusal is shown, and a success reloads the view.
 */
import { useState } from 'react';
import type { AcknowledgeData } from '@shared/incident-view';
import { Button } from '@ui/components/button';
import { ErrorMessage, Loading, Notice } from '@ui/components/messages';
import { call, type UiError } from '@ui/forge';
import { useI18n } from '@ui/i18n/i18n-context';
import { useResolver } from '@ui/use-resolver';
import { IncidentDetails } from './incident-details';

type ActionState = { status: 'idle' } | { status: 'busy' } | { status: 'done'; outcome: AcknowledgeData['outcome'] } | { status: 'error'; error: UiError };

export function IncidentPanel() {
  const { t } = useI18n();
  const { state, reload } = useResolver('getIncident', {});
  const [action, setAction] = useState<ActionState>({ status: 'idle' });

  const acknowledge = async () => {
    setAction({ status: 'busy' });
    const result = await call('acknowledgeIncident', {});
    setAction(result.ok ? { status: 'done', outcome: result.data.outcome } : { status: 'error', error: result.error });
    if (result.ok) reload();
  };

  return (
    <section data-testid="incident-panel">
      <h1 className="kz-h1" data-testid="locale-text">
        {t('panel.title')}
      </h1>
      {state.status === 'loading' ? <Loading /> : null}
      {state.status === 'error' ? <ErrorMessage error={state.error} onRetry={reload} /> : null}
      {state.status === 'ok' && state.data.incident === null ? (
        <Notice testId="empty-state">
          <p>
            <strong>{t('panel.empty.title')}</strong>
          </p>
          <p>{t('panel.empty.body')}</p>
        </Notice>
      ) : null}
      {state.status === 'ok' && 'timeline' in state.data ? (
        <IncidentDetails
          incident={state.data.incident}
          timeline={state.data.timeline}
          actions={
            state.data.incident.state === 'open' ? (
              <Button appearance="primary" testId="acknowledge-button" disabled={action.status === 'busy'} onClick={() => void acknowledge()}>
                {action.status === 'busy' ? t('panel.acknowledging') : t('panel.acknowledge')}
              </Button>
            ) : null
          }
          feedback={
            action.status === 'error' ? (
              <ErrorMessage error={action.error} />
            ) : action.status === 'done' ? (
              <Notice tone="success" testId="action-success">
                <p>{t(`panel.ack.${action.outcome}`)}</p>
              </Notice>
            ) : null
          }
        />
      ) : null}
    </section>
  );
}
