import { Fragment, useEffect, useState } from 'react';
import { incidentDurationMs, keyDurations } from '@shared/durations';
import type { IncidentStatus } from '@shared/incident-status';
import type { KeyTimes, RolesView } from '@shared/incident-view';
import { ExternalLink } from '@ui/components/external-link';
import { LevelLozenge, StateLozenge } from '@ui/components/lozenge';
import { ErrorMessage, Loading } from '@ui/components/messages';
import { Time } from '@ui/components/time';
import { Timeline } from '@ui/components/timeline';
import { useI18n } from '@ui/i18n/i18n-context';
import type { Loadable } from '@ui/use-resolver';
import { displayNameOf } from './people';

/** `Date.now()`, refreshed every `everyMs` so relative texts ("updated 10 s ago", a running duration) move on. */
function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

export function StatusBlock({ state, checkedAt, onRetry }: { state: Loadable<IncidentStatus>; checkedAt?: number | undefined; onRetry: () => void }) {
  const { t, duration } = useI18n();
  const now = useNow(1_000);
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') return <ErrorMessage error={state.error} onRetry={onRetry} />;
  const s = state.data;
  // a running incident's duration counts on from the server's `asOf`, by the time passed since the answer came
  const elapsed = checkedAt === undefined ? 0 : Math.max(0, now - checkedAt);
  const ms = incidentDurationMs(s.impactStartedAt, s.recoveredAt, new Date(Date.parse(s.asOf) + elapsed));
  return (
    <>
      <div className="kz-row">
        <StateLozenge state={s.state} />
        <LevelLozenge level={s.level} />
        <span className="kz-title" data-testid="incident-title">
          {s.title}
        </span>
      </div>
      <dl className="kz-facts">
        <dt>{t('macro.started')}</dt>
        <dd data-testid="incident-started">
          <Time iso={s.impactStartedAt} />
        </dd>
        <dt>{t('macro.duration')}</dt>
        <dd data-testid="incident-duration" data-ms={ms}>
          {duration(ms)}
        </dd>
        {s.issue ? (
          <>
            <dt>{t('macro.issue')}</dt>
            <dd>
              <ExternalLink href={s.issue.url} testId="issue-link">
                {s.issue.key}
              </ExternalLink>
            </dd>
          </>
        ) : null}
        {s.retrospective ? (
          <>
            <dt>{t('macro.retrospective')}</dt>
            <dd>
              <ExternalLink href={s.retrospective.url} testId="retrospective-link">
                {s.retrospective.title}
              </ExternalLink>{' '}
              <span className="kz-small kz-subtle" data-testid="retrospective-status">
                ({t(`retro.status.${s.retrospective.status}`)})
              </span>
            </dd>
          </>
        ) : null}
      </dl>
      <Roles roles={s.roles} />
      <KeyTimesList times={s.times} />
      <section>
        <h2 className="kz-h2">{t('macro.latest')}</h2>
        <Timeline timeline={s.timeline} showDetail={false} />
      </section>
      <p className="kz-small kz-subtle" data-testid="updated-at" data-version={s.version}>
        {checkedAt === undefined ? t('macro.updatedJustNow') : t('macro.updatedAgo', { ago: duration(Math.max(0, now - checkedAt)) })}
      </p>
    </>
  );
}

/** An account shown by its display name once Confluence names it (as the user), its account id until then. */
function Person({ accountId }: { accountId: string }) {
  const [name, setName] = useState<string | undefined>(undefined);
  useEffect(() => {
    let current = true;
    void displayNameOf(accountId).then((n) => {
      if (current) setName(n);
    });
    return () => {
      current = false;
    };
  }, [accountId]);
  return <span data-account-id={accountId}>{name ?? accountId}</span>;
}

const SINGLE_ROLES = ['commander', 'communicationsLead', 'scribe'] as const;

function Roles({ roles }: { roles: RolesView | undefined }) {
  const { t } = useI18n();
  const responders = roles?.responders ?? [];
  return (
    <section data-testid="macro-roles">
      <h2 className="kz-h2">{t('macro.roles')}</h2>
      <dl className="kz-facts">
        {SINGLE_ROLES.map((role) => {
          const who = roles?.[role];
          return (
            <Fragment key={role}>
              <dt>{t(`role.${role}`)}</dt>
              <dd data-testid={`macro-role-${role}`}>{who ? <Person accountId={who} /> : t('panel.roles.none')}</dd>
            </Fragment>
          );
        })}
        <dt>{t('role.responders')}</dt>
        <dd data-testid="macro-role-responders">
          {responders.length === 0
            ? t('panel.roles.noResponders')
            : responders.map((r, i) => (
                <span key={r}>
                  {i > 0 ? ', ' : ''}
                  <Person accountId={r} />
                </span>
              ))}
        </dd>
      </dl>
    </section>
  );
}

const TIME_ROWS = [
  ['impactStartedAt', 'time.impactStart'],
  ['detectedAt', 'time.detected'],
  ['acknowledgedAt', 'time.acknowledged'],
  ['mitigatedAt', 'time.mitigated'],
  ['recoveredAt', 'time.recovered'],
] as const;

function KeyTimesList({ times }: { times: KeyTimes }) {
  const { t, duration } = useI18n();
  const d = keyDurations(times);
  const metrics = [
    ['metric.ttd', d.ttdMs],
    ['metric.tta', d.ttaMs],
    ['metric.ttm', d.ttmMs],
    ['metric.ttr', d.ttrMs],
  ] as const;
  return (
    <section data-testid="macro-times">
      <h2 className="kz-h2">{t('macro.times')}</h2>
      <dl className="kz-facts">
        {TIME_ROWS.map(([key, label]) => {
          const iso = times[key];
          return (
            <Fragment key={key}>
              <dt>{t(label)}</dt>
              <dd data-testid={`macro-time-${key}`}>{iso ? <Time iso={iso} /> : t('time.notYet')}</dd>
            </Fragment>
          );
        })}
        {metrics.map(([label, ms]) => (
          <Fragment key={label}>
            <dt>{t(label)}</dt>
            <dd data-testid={`macro-${label.replace('.', '-')}`} data-ms={ms}>
              {ms === undefined ? t('time.notYet') : duration(ms)}
            </dd>
          </Fragment>
        ))}
      </dl>
    </section>
  );
}
