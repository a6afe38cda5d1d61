/**
 * The incident panel (DESIGN 3.3): the issue's incident, or a friendly word when the issue is not one, or the
 * error — never a blank panel. Every action acts as the user; its answer is the incident to show, so the panel
 * follows at once (acknowledge, which answers only its outcome, reloads).
 */
import { useCallback, useEffect, useState } from 'react';
import type { IncidentView, LevelNames, TimelineSlice } from '@shared/incident-view';
import type { RetrospectivePanel } from '@shared/retrospective';
import { ErrorMessage, Loading, Notice } from '@ui/components/messages';
import { useI18n } from '@ui/i18n/i18n-context';
import { useResolver } from '@ui/use-resolver';
import { AttributionSection } from './attribution-section';
import { DrillBanner } from './drill-banner';
import { IncidentDetails } from './incident-details';
import { LevelNamesProvider } from './level-names';
import { PanelActionsProvider } from './panel-actions';

type Shown = { incident: IncidentView; timeline: TimelineSlice };

export function IncidentPanel({ issueId, timeZone }: { issueId: string | undefined; timeZone: string }) {
  const { t } = useI18n();
  const { state, reload } = useResolver('getIncident', {});
  // the latest answer, from the load or from an action
  const [shown, setShown] = useState<Shown | undefined>();
  // the level names the admin set, from the load (an action's answer does not repeat them)
  const [levels, setLevels] = useState<LevelNames | undefined>();
  // the retrospective's page, status and countdown, from the load (its own buttons show their answers)
  const [retro, setRetro] = useState<RetrospectivePanel | undefined>();
  useEffect(() => {
    if (state.status === 'ok' && 'timeline' in state.data) {
      setShown({ incident: state.data.incident, timeline: state.data.timeline });
      setLevels(state.data.levels);
      setRetro(state.data.retro);
    }
  }, [state]);
  const onView = useCallback((view: Shown) => setShown(view), []);

  return (
    <section data-testid="incident-panel" className="kz-panel">
      <h1 className="kz-sr-only" data-testid="locale-text">
        {t('panel.title')}
      </h1>
      {state.status === 'loading' && !shown ? <Loading /> : null}
      {state.status === 'error' ? <ErrorMessage error={state.error} onRetry={reload} /> : null}
      {state.status === 'ok' && state.data.incident === null ? (
        <Notice testId="empty-state">
          <p>
            <strong>{t('panel.empty.title')}</strong>
          </p>
          <p>{t('panel.empty.body')}</p>
        </Notice>
      ) : null}
      {shown && state.status !== 'error' ? (
        <PanelActionsProvider issueId={issueId} timeZone={timeZone} onView={onView} onReload={reload}>
          <LevelNamesProvider levels={levels}>
            {shown.incident.drill ? <DrillBanner /> : null}
            <IncidentDetails incident={shown.incident} timeline={shown.timeline} retro={retro} />
            <AttributionSection impactStartedAt={shown.incident.times.impactStartedAt} onChanged={reload} />
          </LevelNamesProvider>
        </PanelActionsProvider>
      ) : null}
    </section>
  );
}
