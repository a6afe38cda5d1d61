/**
 * People's timeline entries in the viewer's words: the backend stores their detail as compact English text
 * (`commander: 557058:…; responders: a, b`, `impactStartedAt: 2026-…Z`, `SEV3 → SEV1`); the panel names the roles,
 * the people (as Jira names them to the viewer) and the times in the viewer's zone. Anything it does not recognise
 * is left to the stored text.
 */
import type { ReactNode } from 'react';
import { DEFAULT_LEVELS } from '@shared/settings';
import { KEY_TIME_FIELDS, type KeyTimeField } from '@shared/incident-actions';
import type { TimelineEntryView } from '@shared/incident-view';
import { LEVELS, type Level } from '@shared/vocabulary';
import { Time } from '@ui/components/time';
import { useI18n } from '@ui/i18n/i18n-context';
import { PersonName } from './person-name';

const ROLES = ['commander', 'communicationsLead', 'scribe', 'responders'] as const;
type Role = (typeof ROLES)[number];
const TIME_LABEL = { impactStartedAt: 'time.impactStart', detectedAt: 'time.detected', acknowledgedAt: 'time.acknowledged', mitigatedAt: 'time.mitigated', recoveredAt: 'time.recovered' } as const satisfies Record<KeyTimeField, string>;
const isIso = (s: string): boolean => /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(s) && !Number.isNaN(Date.parse(s));

function RolesDetail({ parts }: { parts: Array<[Role, string[]]> }) {
  const { t } = useI18n();
  return (
    <>
      {parts.map(([role, ids], i) => (
        <span key={role} className="kz-detail-part">
          {i > 0 ? ' · ' : ''}
          {t(`role.${role}`)}:{' '}
          {ids.length === 0 ? '—' : ids.map((id, j) => <span key={id}>{j > 0 ? ', ' : ''}<PersonName accountId={id} plain /></span>)}
        </span>
      ))}
    </>
  );
}

function TimeDetail({ field, iso }: { field: KeyTimeField | undefined; iso: string }) {
  const { t } = useI18n();
  return (
    <>
      {field ? `${t(TIME_LABEL[field])}: ` : ''}
      <Time iso={iso} />
    </>
  );
}

/** The panel's words for an entry's detail, or `undefined` to show the stored text. */
export function timelineDetail(entry: TimelineEntryView): ReactNode | undefined {
  const detail = entry.detail ?? '';
  if (entry.kind === 'roles-set') {
    const parts: Array<[Role, string[]]> = [];
    for (const piece of detail.split('; ')) {
      const m = /^(\w+): (.*)$/.exec(piece);
      if (!m || !(ROLES as readonly string[]).includes(m[1]!)) return undefined;
      parts.push([m[1] as Role, m[2] === '—' ? [] : m[2]!.split(', ')]);
    }
    return parts.length > 0 ? <RolesDetail parts={parts} /> : undefined;
  }
  if (entry.kind === 'time-set') {
    const m = /^(\w+): (\S+)$/.exec(detail);
    if (!m || !(KEY_TIME_FIELDS as readonly string[]).includes(m[1]!) || !isIso(m[2]!)) return undefined;
    return <TimeDetail field={m[1] as KeyTimeField} iso={m[2]!} />;
  }
  if ((entry.kind === 'mitigated' || entry.kind === 'recovered') && isIso(detail)) return <TimeDetail field={undefined} iso={detail} />;
  if (entry.kind === 'level-set') {
    const m = /^(SEV\d) → (SEV\d)$/.exec(detail);
    if (!m || !LEVELS.includes(m[1] as Level) || !LEVELS.includes(m[2] as Level)) return undefined;
    return <LevelChange from={m[1] as Level} to={m[2] as Level} />;
  }
  return undefined;
}

function LevelChange({ from, to }: { from: Level; to: Level }) {
  const { lang } = useI18n();
  return <>{`${DEFAULT_LEVELS[from].name[lang]} → ${DEFAULT_LEVELS[to].name[lang]}`}</>;
}
