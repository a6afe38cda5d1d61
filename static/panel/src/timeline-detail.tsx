/**
 * People's timeline entries in the viewer's words, from what the entry changed as data (`change`, src/shared/
 * timeline-change.ts): the roles by name, the people as Jira names them to the viewer, the times in the viewer's
 * zone, the levels by the names the admin gave them. The stored `detail` text (compact English, for the Jira
 * comment and the page) is never parsed: an entry without `change` (one stored before it existed, or the machine's)
 * shows its text as it is.
 */
import type { ReactNode } from 'react';
import type { TimelineEntryView } from '@shared/incident-view';
import type { AttributionChoice, RolesChange, TimelineChange } from '@shared/timeline-change';
import type { KeyTimeField, Level } from '@shared/vocabulary';
import { Time } from '@ui/components/time';
import { useI18n } from '@ui/i18n/i18n-context';
import { useLevelInfo } from './level-names';
import { PersonName } from './person-name';

const ROLES = ['commander', 'communicationsLead', 'scribe', 'responders'] as const;
const TIME_LABEL = { impactStartedAt: 'time.impactStart', detectedAt: 'time.detected', acknowledgedAt: 'time.acknowledged', mitigatedAt: 'time.mitigated', recoveredAt: 'time.recovered' } as const satisfies Record<KeyTimeField, string>;

function RolesDetail({ to }: { to: RolesChange }) {
  const { t } = useI18n();
  const parts = ROLES.flatMap((role) => {
    const value = to[role];
    if (value === undefined) return [];
    const ids = value === null ? [] : typeof value === 'string' ? [value] : value;
    return [[role, ids] as const];
  });
  return (
    <>
      {parts.map(([role, ids], i) => (
        <span key={role} className="kz-detail-part" data-testid={`timeline-role-${role}`}>
          {i > 0 ? ' · ' : ''}
          {t(`role.${role}`)}:{' '}
          {ids.length === 0 ? '—' : ids.map((id, j) => <span key={id}>{j > 0 ? ', ' : ''}<PersonName accountId={id} plain /></span>)}
        </span>
      ))}
    </>
  );
}

/** A key time set: its label (unless the entry's kind already says which, as "Incident mitigated" does) and when. */
function TimeDetail({ field, iso, labelled }: { field: KeyTimeField; iso: string; labelled: boolean }) {
  const { t } = useI18n();
  return (
    <>
      {labelled ? `${t(TIME_LABEL[field])}: ` : ''}
      <Time iso={iso} />
    </>
  );
}

function LevelChange({ from, to }: { from: Level; to: Level }) {
  const info = useLevelInfo();
  return <>{`${info(from).name} → ${info(to).name}`}</>;
}

/** Which deployment the incident counts against, before → after (the deployment id as its sender gave it). */
function AttributionChange({ from, to }: { from: AttributionChoice; to: AttributionChoice }) {
  const { t } = useI18n();
  const said = (c: AttributionChoice): string => (c.mode === 'manual' ? t('attribution.change.manual', { id: c.deploymentId ?? '—' }) : t(`attribution.change.${c.mode}`));
  return <>{`${said(from)} → ${said(to)}`}</>;
}

function ChangeDetail({ kind, change }: { kind: TimelineEntryView['kind']; change: TimelineChange }) {
  if (change.field === 'level') return <LevelChange from={change.from} to={change.to} />;
  if (change.field === 'attribution') return <AttributionChange from={change.from} to={change.to} />;
  if (change.field === 'roles') return <RolesDetail to={change.to} />;
  return <TimeDetail field={change.field} iso={change.to} labelled={kind === 'time-set'} />;
}

/** The panel's words for an entry's detail, or `undefined` to show the stored text. */
export function timelineDetail(entry: TimelineEntryView): ReactNode | undefined {
  return entry.change ? <ChangeDetail kind={entry.kind} change={entry.change} /> : undefined;
}
