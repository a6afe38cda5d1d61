import type { ReactNode } from 'react';
import type { IncidentView, TimelineSlice } from '@shared/incident-view';
import { ExternalLink } from '@ui/components/external-link';
import { LevelLozenge, StateLozenge } from '@ui/components/lozenge';
import { Timeline } from '@ui/components/timeline';
import { useI18n } from '@ui/i18n/i18n-context';
import { AlertList } from './alert-list';
import { KeyTimes } from './key-times';

export function IncidentDetails({ incident, timeline, actions, feedback }: { incident: IncidentView; timeline: TimelineSlice; actions: ReactNode; feedback: ReactNode }) {
  const { t } = useI18n();
  return (
    <>
      <div className="kz-row">
        <StateLozenge state={incident.state} />
        <LevelLozenge level={incident.level} />
        {incident.reopenCount > 0 ? <span className="kz-small kz-subtle">{t('panel.reopened', { count: incident.reopenCount })}</span> : null}
      </div>
      <p className="kz-title" data-testid="incident-title">
        {incident.title}
      </p>
      {incident.drill ? <p className="kz-small kz-subtle" data-testid="incident-drill">{t('panel.drill')}</p> : null}
      <div className="kz-row">
        {actions}
        {incident.page ? (
          <ExternalLink href={incident.page.url} testId="live-page-link">
            {t('panel.livePage')}
          </ExternalLink>
        ) : null}
      </div>
      {feedback}
      <section>
        <h2 className="kz-h2">{t('panel.times')}</h2>
        <KeyTimes times={incident.times} />
      </section>
      <section>
        <h2 className="kz-h2">{t('panel.alerts')}</h2>
        <AlertList alerts={incident.alerts} total={incident.alertTotal} />
      </section>
      <section>
        <h2 className="kz-h2">{t('panel.timeline')}</h2>
        <Timeline timeline={timeline} />
      </section>
    </>
  );
}
