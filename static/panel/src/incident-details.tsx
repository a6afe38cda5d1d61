/**
 * The incident, laid out like Jira's own issue panels: a summary line (state, level, the live page; a drill says so in
 * the DrillBanner above), the buttons that move it along, then its details — level, roles, key times — a note box, the alerts and the timeline.
 */
import type { IncidentView, TimelineSlice } from '@shared/incident-view';
import type { RetrospectivePanel } from '@shared/retrospective';
import { ExternalLink } from '@ui/components/external-link';
import { LevelLozenge, StateLozenge } from '@ui/components/lozenge';
import { Timeline } from '@ui/components/timeline';
import { useI18n } from '@ui/i18n/i18n-context';
import { ActionFeedback } from './action-feedback';
import { ActionItemsSection } from './action-items-section';
import { AlertList } from './alert-list';
import { KeyTimes } from './key-times';
import { LevelSelect } from './level-select';
import { NoteForm } from './note-form';
import { usePanelActions } from './panel-actions';
import { RetrospectiveSection } from './retrospective-section';
import { RolesEditor } from './roles-editor';
import { StateActions } from './state-actions';
import { timelineDetail } from './timeline-detail';

export function IncidentDetails({ incident, timeline, retro }: { incident: IncidentView; timeline: TimelineSlice; retro?: RetrospectivePanel | undefined }) {
  const { t } = useI18n();
  const { readOnly, busy } = usePanelActions();
  return (
    <div className="kz-stack" aria-busy={busy !== undefined}>
      <header className="kz-stack kz-stack--tight">
        <div className="kz-row">
          <StateLozenge state={incident.state} />
          <LevelLozenge level={incident.level} />
          {incident.reopenCount > 0 ? <span className="kz-small kz-subtle">{t('panel.reopened', { count: incident.reopenCount })}</span> : null}
          {incident.page ? (
            <span className="kz-push">
              <ExternalLink href={incident.page.url} testId="live-page-link">
                {t('panel.livePage')} ↗
              </ExternalLink>
            </span>
          ) : null}
        </div>
        <p className="kz-title kz-strong" data-testid="incident-title">
          {incident.title}
        </p>
      </header>
      <StateActions state={incident.state} />
      <ActionFeedback />
      <RetrospectiveSection retro={retro} state={incident.state} />
      <ActionItemsSection retro={retro} />
      <section aria-labelledby="kz-level">
        <h2 className="kz-h2" id="kz-level">
          {t('panel.level.label')}
        </h2>
        <LevelSelect level={incident.level} setBy={incident.setByPerson?.level} />
      </section>
      <section aria-labelledby="kz-roles">
        <h2 className="kz-h2" id="kz-roles">
          {t('panel.roles')}
        </h2>
        <RolesEditor roles={incident.roles} setBy={incident.setByPerson?.roles} />
      </section>
      <section aria-labelledby="kz-times">
        <h2 className="kz-h2" id="kz-times">
          {t('panel.times')}
        </h2>
        <KeyTimes times={incident.times} setBy={incident.setByPerson} />
      </section>
      {readOnly ? null : (
        <section aria-labelledby="kz-note">
          <h2 className="kz-h2" id="kz-note">
            {t('panel.note.title')}
          </h2>
          <NoteForm />
        </section>
      )}
      <section aria-labelledby="kz-alerts">
        <h2 className="kz-h2" id="kz-alerts">
          {t('panel.alerts')}
        </h2>
        <AlertList alerts={incident.alerts} total={incident.alertTotal} />
      </section>
      <section aria-labelledby="kz-timeline">
        <h2 className="kz-h2" id="kz-timeline">
          {t('panel.timeline')}
        </h2>
        <Timeline timeline={timeline} detailOf={timelineDetail} />
      </section>
    </div>
  );
}
