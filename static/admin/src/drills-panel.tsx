/**
 * The Drills tab (障害対応演習, DESIGN 3.6): pick a built-in scenario or a past incident and a speed, start the run
 * (once per click: the form's request id makes a double click one run), and follow the latest runs and their drill
 * incidents. The list refreshes itself while a run is running.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { DrillRunView, DrillScenarioView, DrillSpeedOption, GetDrillsData, StartDrillData } from '@shared/drills';
import { DRILL_SPEED_OPTIONS } from '@shared/drills';
import { SOURCE_NAMES } from '@shared/vocabulary';
import { Button } from '@ui/components/button';
import { ExternalLink } from '@ui/components/external-link';
import { Lozenge } from '@ui/components/lozenge';
import { ErrorMessage, Loading, Notice } from '@ui/components/messages';
import { Time } from '@ui/components/time';
import { call, type UiError } from '@ui/forge';
import { useResolver } from '@ui/use-resolver';
import { useAdminI18n, type AdminI18n } from './i18n/admin-i18n';

/** How often the list is read again while a run is running. */
const POLL_MS = 2000;

/** How much faster than real time each speed replays (src/domain/drill-plan.ts `SPEED_DIVISOR`). */
const SPEED_FACTOR: Readonly<Record<'x10' | 'x60', number>> = { x10: 10, x60: 60 };

type Kind = 'scenario' | 'incident';

export function DrillsPanel() {
  const { t } = useAdminI18n();
  const drills = useResolver('getDrills', {});
  const [data, setData] = useState<GetDrillsData | undefined>();
  useEffect(() => {
    if (drills.state.status === 'ok') setData(drills.state.data);
  }, [drills.state]);
  const running = data?.runs.some((r) => r.state === 'running' || (r.state === 'done' && r.incidents.length === 0)) ?? false;
  const reload = drills.reload;
  useEffect(() => {
    if (!running) return undefined;
    const timer = setTimeout(reload, POLL_MS);
    return () => clearTimeout(timer);
  }, [running, data, reload]);

  if (!data) return drills.state.status === 'error' ? <ErrorMessage error={drills.state.error} onRetry={reload} /> : <Loading />;
  return (
    <section className="kz-section" aria-labelledby="drills-title" data-testid="drills">
      <h2 className="kz-h2" id="drills-title">
        {t('drills.title')}
      </h2>
      <p className="kz-section__help">{t('drills.help')}</p>
      <DrillForm data={data} onStarted={reload} />
      <RunList runs={data.runs} onRefresh={reload} />
    </section>
  );
}

function DrillForm({ data, onStarted }: { data: GetDrillsData; onStarted: () => void }) {
  const { t, locale } = useAdminI18n();
  const id = useId();
  const [kind, setKind] = useState<Kind>('scenario');
  const [scenarioId, setScenarioId] = useState(data.scenarios[0]?.id ?? '');
  const [issueKey, setIssueKey] = useState(data.incidents[0]?.issueKey ?? '');
  const [speed, setSpeed] = useState<DrillSpeedOption>('x10');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | undefined>();
  const [done, setDone] = useState<StartDrillData | undefined>();
  // one request id per intended start: a double click (or a retry of a lost answer) repeats it, starting one run
  const requestId = useRef(crypto.randomUUID());
  const scenario = data.scenarios.find((s) => s.id === scenarioId);
  // the "started" notice says the drill incident is coming: it goes once the run has one, or has ended without
  const doneRun = done ? data.runs.find((r) => r.runId === done.runId) : undefined;
  const showDone = done !== undefined && (doneRun === undefined || (doneRun.state === 'running' && doneRun.incidents.length === 0));

  const start = async () => {
    if (busy) return;
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    const result = await call('startDrill', { requestId: requestId.current, speed, ...(kind === 'scenario' ? { scenarioId } : { issueKey }) });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setDone(result.data);
    requestId.current = crypto.randomUUID();
    onStarted();
  };

  return (
    <form
      className="kz-stack"
      data-testid="drill-form"
      onSubmit={(e) => {
        e.preventDefault();
        void start();
      }}
    >
      <fieldset className="kz-field" data-testid="drill-kind">
        <legend>{t('drills.what')}</legend>
        {(['scenario', 'incident'] as const).map((k) => (
          <label key={k} className="kz-check">
            <input type="radio" name={`${id}-kind`} value={k} checked={kind === k} data-testid={`drill-kind-${k}`} onChange={() => setKind(k)} />
            <span>{t(`drills.kind.${k}`)}</span>
          </label>
        ))}
      </fieldset>
      {kind === 'scenario' ? (
        <div className="kz-field" data-testid="drill-scenario-field">
          <label className="kz-field__label" htmlFor={`${id}-scenario`}>
            {t('drills.scenarioLabel')}
          </label>
          <select id={`${id}-scenario`} className="kz-select" data-testid="drill-scenario" value={scenarioId} aria-describedby={`${id}-scenario-help`} onChange={(e) => setScenarioId(e.target.value)}>
            {data.scenarios.map((s) => (
              <option key={s.id} value={s.id}>
                {scenarioName(s.id, t)}
              </option>
            ))}
          </select>
          {scenario ? (
            <p className="kz-field__help" id={`${id}-scenario-help`}>
              {SOURCE_NAMES[scenario.source]} · {scenarioFacts(scenario, speed, t, locale)}
            </p>
          ) : null}
        </div>
      ) : (
        <div className="kz-field" data-testid="drill-incident-field">
          <label className="kz-field__label" htmlFor={`${id}-incident`}>
            {t('drills.incidentLabel')}
          </label>
          {data.incidents.length === 0 ? (
            <p className="kz-subtle">{t('drills.noIncidents')}</p>
          ) : (
            <select id={`${id}-incident`} className="kz-select" data-testid="drill-incident" value={issueKey} onChange={(e) => setIssueKey(e.target.value)}>
              {data.incidents.map((i) => (
                <option key={i.issueKey} value={i.issueKey}>
                  {i.issueKey} — {i.title}
                </option>
              ))}
            </select>
          )}
        </div>
      )}
      <div className="kz-field">
        <label className="kz-field__label" htmlFor={`${id}-speed`}>
          {t('drills.speed')}
        </label>
        <select id={`${id}-speed`} className="kz-select kz-select--compact" data-testid="drill-speed" value={speed} onChange={(e) => setSpeed(e.target.value as DrillSpeedOption)}>
          {DRILL_SPEED_OPTIONS.map((s) => (
            <option key={s} value={s}>
              {t(`drills.speed.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="kz-row">
        <Button type="submit" appearance="primary" testId="drill-start" busy={busy} disabled={busy || (kind === 'incident' && !issueKey)}>
          {t('drills.start')}
        </Button>
      </div>
      <div aria-live="polite">
        {done && showDone ? (
          <Notice tone="success" testId="drill-started">
            <p>{done.existing ? t('drills.alreadyStarted') : t('drills.started', { total: done.total })}</p>
          </Notice>
        ) : null}
      </div>
      {error ? <ErrorMessage error={error} /> : null}
    </form>
  );
}

function RunList({ runs, onRefresh }: { runs: DrillRunView[]; onRefresh: () => void }) {
  const { t } = useAdminI18n();
  return (
    <section aria-labelledby="drill-runs-title" data-testid="drill-runs">
      <div className="kz-section__head">
        <h3 className="kz-h3" id="drill-runs-title">
          {t('drills.runs')}
        </h3>
        <Button appearance="subtle" testId="drill-refresh" onClick={onRefresh}>
          {t('drills.refresh')}
        </Button>
      </div>
      {runs.length === 0 ? (
        <p className="kz-subtle" data-testid="drill-runs-empty">
          {t('drills.runsEmpty')}
        </p>
      ) : (
        <table className="kz-table">
          <caption className="kz-sr-only">{t('drills.runs')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('drills.col.what')}</th>
              <th scope="col">{t('drills.col.started')}</th>
              <th scope="col">{t('drills.col.speed')}</th>
              <th scope="col">{t('drills.col.state')}</th>
              <th scope="col">{t('drills.col.incident')}</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.runId} data-testid="drill-run" data-run-id={r.runId} data-state={r.state}>
                <td className="kz-title">{r.scenarioId ? scenarioName(r.scenarioId, t) : r.replayOf ? t('drills.replayOf', { key: r.replayOf.issueKey, title: r.replayOf.title }) : r.runId}</td>
                <td className="kz-nowrap">
                  <Time iso={r.startedAt} />
                </td>
                <td>{t(`drills.speed.${r.speed}`)}</td>
                <td>
                  <Lozenge appearance={r.state === 'failed' ? 'removed' : r.state === 'done' ? 'success' : 'inprogress'} value={r.state}>
                    {r.state === 'failed' ? t('drills.state.failed', { status: r.failure?.status ?? 0 }) : t(`drills.state.${r.state}`, { sent: r.sent, total: r.total })}
                  </Lozenge>
                  {r.failure ? <p className="kz-small kz-subtle">{r.failure.detail}</p> : null}
                </td>
                <td>
                  {r.incidents.length === 0 ? (
                    <span className="kz-subtle">{t('drills.noIncidentYet')}</span>
                  ) : (
                    r.incidents.map((i) => (
                      <ExternalLink key={i.issueKey} href={i.url} testId="drill-incident-link">
                        {i.issueKey}
                      </ExternalLink>
                    ))
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** How many alerts the scenario sends and over how long, at the chosen speed. */
function scenarioFacts(scenario: DrillScenarioView, speed: DrillSpeedOption, t: AdminI18n['t'], locale: string): string {
  const alerts = scenario.alerts;
  if (speed === 'fast') return t('drills.scenarioFacts.fast', { alerts });
  if (speed === 'real') return t('drills.scenarioFacts.real', { alerts, time: approxTime(scenario.durationSeconds, t, locale) });
  return t('drills.scenarioFacts.faster', { alerts, factor: SPEED_FACTOR[speed], time: approxTime(scenario.durationSeconds / SPEED_FACTOR[speed], t, locale) });
}

/** `25 minutes`, `2.5 minutes`, `25 seconds`: minutes to a tenth under ten, whole above; seconds under a minute and a half. */
function approxTime(seconds: number, t: AdminI18n['t'], locale: string): string {
  if (seconds < 90) return t('drills.seconds', { n: new Intl.NumberFormat(locale).format(Math.max(1, Math.round(seconds))) });
  const minutes = seconds / 60;
  return t('drills.minutes', { n: new Intl.NumberFormat(locale, { maximumFractionDigits: minutes < 10 ? 1 : 0 }).format(minutes) });
}

/** The scenario's name in the user's language; an id this bundle does not know (a newer backend) as it is. */
function scenarioName(scenarioId: string, t: AdminI18n['t']): string {
  const key = `drills.scenario.${scenarioId}`;
  return key === 'drills.scenario.web-latency-outage' || key === 'drills.scenario.disk-full' || key === 'drills.scenario.payment-errors' ? t(key) : scenarioId;
}
