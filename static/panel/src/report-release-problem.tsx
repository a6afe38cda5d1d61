/**
 * The "Report a release problem" issue action (DESIGN 3.4; 一部未完了 / 切り戻し / 障害発生): what went wrong (three
 * choices, each with its one-line meaning), which production deployment (or the service and version typed), what
 * happened in one line, when (now unless changed; never in the future), and the incident's level for an outage —
 * sent once as `reportReleaseProblem`. The request id is made when the form opens, so a double click or a retry
 * reports once; a changed form after a refusal is a new request. Native controls, as the "Declare incident" form.
 */
import { useId, useState } from 'react';
import type { DeploymentView } from '@shared/attribution';
import type { ReleaseProblemClass } from '@shared/metrics';
import { RELEASE_NAME_MAX, RELEASE_SUMMARY_MAX, type ReleaseProblemForm, type ReportReleaseProblemData } from '@shared/release-problems';
import { LEVELS, type Level } from '@shared/vocabulary';
import { Button } from '@ui/components/button';
import { ExternalLink } from '@ui/components/external-link';
import { ErrorMessage, Loading, Notice } from '@ui/components/messages';
import { call, type UiError } from '@ui/forge';
import { useI18n } from '@ui/i18n/i18n-context';
import { useResolver } from '@ui/use-resolver';
import { CloseRow, Field, FieldProblem, closeDialog, useRequestId } from './dialog-form';
import { LevelNamesProvider, useLevelInfo } from './level-names';
import { fromLocalInput, toLocalInput, zoneLabel } from './local-time';
import './report-release-problem.css';

const CLASSES: readonly ReleaseProblemClass[] = ['partially_incomplete', 'rolled_back', 'caused_outage'];
/** The deployment select's value for "not in the list". */
const NONE = '';

export function ReportReleaseProblem({ timeZone }: { timeZone: string }) {
  const { t } = useI18n();
  const { state, reload } = useResolver('getReleaseProblemForm', {});
  return (
    <section className="kz-stack kz-declare" data-testid="report-release-problem">
      {/* the modal's own header shows the action's title; this one is for screen readers */}
      <h1 className="kz-sr-only" data-testid="locale-text">
        {t('release.title')}
      </h1>
      {state.status === 'loading' ? <Loading /> : null}
      {state.status === 'error' ? <ErrorMessage error={state.error} onRetry={reload} /> : null}
      {state.status === 'ok' ? (
        <LevelNamesProvider levels={state.data.levels}>
          <ReportForm form={state.data} timeZone={timeZone} />
        </LevelNamesProvider>
      ) : null}
    </section>
  );
}

type Problems = Partial<Record<'class' | 'service' | 'summary' | 'occurredAt', string>>;

function ReportForm({ form, timeZone }: { form: ReleaseProblemForm; timeZone: string }) {
  const { t, locale, time } = useI18n();
  const info = useLevelInfo();
  const id = useId();
  const requestIdFor = useRequestId();
  const [problemClass, setProblemClass] = useState<ReleaseProblemClass | undefined>();
  const [deploymentId, setDeploymentId] = useState<string>(form.deployments[0]?.id ?? NONE);
  const [service, setService] = useState('');
  const [version, setVersion] = useState('');
  const [summary, setSummary] = useState('');
  const [occurredAt, setOccurredAt] = useState(() => toLocalInput(new Date().toISOString(), timeZone));
  const [level, setLevel] = useState<Level>('SEV3');
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<Problems>({});
  const [error, setError] = useState<UiError | undefined>();
  const [done, setDone] = useState<ReportReleaseProblemData | undefined>();

  if (!form.canReport) {
    return (
      <>
        <section className="kz-message kz-message--error" role="alert" data-testid="release-not-allowed" data-error-code="edit-not-allowed">
          <p>{t('release.notAllowed', { key: form.issue.key })}</p>
        </section>
        <CloseRow label={t('release.close')} />
      </>
    );
  }
  if (done) return <Reported data={done} />;

  const outage = problemClass === 'caused_outage';
  /** A change to a field answers its problem: the message goes until the next send. */
  const changed = <V,>(field: keyof Problems, set: (value: V) => void) => (value: V) => {
    set(value);
    if (problems[field]) setProblems(({ [field]: _gone, ...rest }) => rest);
  };
  const submit = async () => {
    const at = occurredAt ? fromLocalInput(occurredAt, timeZone) : undefined;
    const found: Problems = {
      ...(problemClass ? {} : { class: t('release.classRequired') }),
      ...(deploymentId === NONE && !service.trim() ? { service: t('release.serviceRequired') } : {}),
      ...(summary.trim() ? {} : { summary: t('release.summaryRequired') }),
      ...(!at ? { occurredAt: t('release.occurredAtRequired') } : Date.parse(at) > Date.now() + 60_000 ? { occurredAt: t('release.occurredAtFuture') } : {}),
    };
    setProblems(found);
    if (Object.keys(found).length > 0 || !problemClass || !at) return;
    setBusy(true);
    setError(undefined);
    const body = {
      class: problemClass,
      deploymentId: deploymentId === NONE ? null : deploymentId,
      service: deploymentId === NONE ? service.trim() : null,
      version: deploymentId === NONE && version.trim() ? version.trim() : null,
      summary: summary.trim(),
      occurredAt: at,
      ...(outage ? { level } : {}),
    };
    const payload = JSON.stringify(body);
    const requestId = requestIdFor(payload);
    const result = await call('reportReleaseProblem', { requestId, ...body });
    setBusy(false);
    if (result.ok) return setDone(result.data);
    if (result.error.code === 'time-rule') return setProblems({ occurredAt: t('release.occurredAtFuture') });
    setError(result.error);
  };

  return (
    <form
      className="kz-stack kz-release"
      data-testid="release-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <p className="kz-subtle">{t('release.intro')}</p>
      <fieldset className="kz-field kz-fieldset" data-testid="release-class" aria-describedby={problems.class ? `${id}-class-problem` : undefined}>
        <legend className="kz-label">{t('release.field.class')}</legend>
        <div className="kz-choices" role="presentation">
          {CLASSES.map((c) => {
            const disabled = c === 'caused_outage' && !form.canDeclare;
            return (
              <label key={c} className="kz-choice" data-checked={problemClass === c || undefined} data-disabled={disabled || undefined}>
                <input
                  type="radio"
                  name={`${id}-class`}
                  value={c}
                  data-testid={`release-class-${c}`}
                  checked={problemClass === c}
                  disabled={disabled}
                  aria-labelledby={`${id}-${c}-name`}
                  aria-describedby={`${id}-${c}-hint`}
                  onChange={() => changed('class', setProblemClass)(c)}
                />
                <span className="kz-choice__text">
                  <span className="kz-choice__name" id={`${id}-${c}-name`}>
                    {t(`release.class.${c}`)}
                  </span>
                  <span className="kz-small kz-subtle" id={`${id}-${c}-hint`}>
                    {c === 'caused_outage'
                      ? disabled
                        ? t('release.class.caused_outage.notAllowed', { project: form.incidentProjectKey })
                        : t('release.class.caused_outage.hint', { project: form.incidentProjectKey })
                      : t(`release.class.${c}.hint`)}
                  </span>
                </span>
              </label>
            );
          })}
        </div>
        {problems.class ? <FieldProblem id={`${id}-class-problem`} testId="release-class-problem" text={problems.class} /> : null}
      </fieldset>
      {outage ? (
        <Field id={`${id}-level`} label={t('release.field.level')} hint={info(level).description}>
          <select id={`${id}-level`} className="kz-select" data-testid="release-level" value={level} aria-describedby={`${id}-level-hint`} onChange={(e) => setLevel(e.currentTarget.value as Level)}>
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {t('panel.level.option', { name: info(l).name, description: info(l).description })}
              </option>
            ))}
          </select>
        </Field>
      ) : null}

      {form.deployments.length > 0 ? (
        <Field id={`${id}-deployment`} label={t('release.field.deployment')} hint={t('release.deploymentHint')}>
          <select id={`${id}-deployment`} className="kz-select" data-testid="release-deployment" value={deploymentId} aria-describedby={`${id}-deployment-hint`} onChange={(e) => setDeploymentId(e.currentTarget.value)}>
            {form.deployments.map((d) => (
              <option key={d.id} value={d.id}>
                {deploymentLabel(d, time)}
              </option>
            ))}
            <option value={NONE}>{t('release.deployment.none')}</option>
          </select>
        </Field>
      ) : (
        <p className="kz-small kz-subtle" data-testid="release-no-deployments">
          {t('release.noDeployments')}
        </p>
      )}
      {deploymentId === NONE ? (
        <div className="kz-row kz-release__names">
          <Field id={`${id}-service`} label={t('release.field.service')} problem={problems.service} testId="release-service-problem">
            <input
              id={`${id}-service`}
              className="kz-input"
              data-testid="release-service"
              value={service}
              maxLength={RELEASE_NAME_MAX}
              aria-invalid={problems.service ? true : undefined}
              aria-describedby={problems.service ? `${id}-service-problem` : undefined}
              onChange={(e) => changed('service', setService)(e.currentTarget.value)}
            />
          </Field>
          <Field id={`${id}-version`} label={t('release.field.version')}>
            <input id={`${id}-version`} className="kz-input" data-testid="release-version" value={version} maxLength={RELEASE_NAME_MAX} onChange={(e) => setVersion(e.currentTarget.value)} />
          </Field>
        </div>
      ) : null}

      <Field id={`${id}-summary`} label={t('release.field.summary')} problem={problems.summary} testId="release-summary-problem">
        <input
          id={`${id}-summary`}
          className="kz-input kz-release__wide"
          data-testid="release-summary"
          value={summary}
          maxLength={RELEASE_SUMMARY_MAX}
          placeholder={t('release.summaryPlaceholder')}
          aria-invalid={problems.summary ? true : undefined}
          aria-describedby={problems.summary ? `${id}-summary-problem` : undefined}
          onChange={(e) => changed('summary', setSummary)(e.currentTarget.value)}
        />
      </Field>
      <Field
        id={`${id}-occurred`}
        label={t('release.field.occurredAt')}
        hint={t('release.occurredAtHint', { zone: zoneLabel(timeZone, locale) })}
        problem={problems.occurredAt}
        testId="release-occurred-problem"
      >
        <input
          id={`${id}-occurred`}
          className="kz-input"
          type="datetime-local"
          data-testid="release-occurred"
          value={occurredAt}
          max={toLocalInput(new Date().toISOString(), timeZone)}
          aria-invalid={problems.occurredAt ? true : undefined}
          aria-describedby={`${id}-occurred-hint${problems.occurredAt ? ` ${id}-occurred-problem` : ''}`}
          onChange={(e) => changed('occurredAt', setOccurredAt)(e.currentTarget.value)}
        />
      </Field>
      {error ? <ErrorMessage error={error} /> : null}
      <div className="kz-row">
        <Button type="submit" appearance={outage ? 'danger' : 'primary'} testId="release-submit" busy={busy} disabled={busy}>
          {outage ? t('release.submitOutage') : t('release.submit')}
        </Button>
        <Button appearance="subtle" testId="close-button" onClick={closeDialog}>
          {t('release.cancel')}
        </Button>
      </div>
    </form>
  );
}

/** `Release 2026.12 · checkout v1.2.0 · Dec 2, 2026, 10:42 AM`: what people recognise a deployment by. */
function deploymentLabel(d: DeploymentView, time: (iso: string) => string): string {
  const named = [d.service, d.version].filter((s): s is string => !!s).join(' ');
  return [d.title, named && named !== d.title ? named : '', time(d.finishedAt)].filter((s) => s !== '').join(' · ');
}




/** What was recorded, with the way to it: the review page, or the incident's issue. */
function Reported({ data }: { data: ReportReleaseProblemData }) {
  const { t } = useI18n();
  const made = data.reviewPage ?? data.incident;
  const text =
    data.outcome === 'already' ? t('release.done.already') : data.class === 'caused_outage' ? t('release.done.outage') : t('release.done.review');
  return (
    <>
      <Notice tone="success" testId="release-done">
        <p data-testid="release-outcome" data-value={data.outcome}>
          {text}
        </p>
        <ul className="kz-list">
          {data.reviewPage ? (
            <li>
              <ExternalLink href={data.reviewPage.url} testId="release-review-link">
                {t('release.openReview')}
              </ExternalLink>
              <span className="kz-small kz-subtle"> — {data.reviewPage.title}</span>
            </li>
          ) : null}
          {data.incident ? (
            <li>
              <ExternalLink href={data.incident.url} testId="release-incident-link">
                {t('release.openIncident', { key: data.incident.issueKey })}
              </ExternalLink>
            </li>
          ) : null}
          {made ? null : <li>{t('release.done.pending')}</li>}
        </ul>
      </Notice>
      <CloseRow label={t('release.close')} />
    </>
  );
}
