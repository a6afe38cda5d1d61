/**
 * The deployment the incident counts against (DESIGN 3.5; 原因となったデプロイ), in the incident panel: loaded in its
 * own call after the panel (getAttribution, as the viewer), again when impact start moves (the rule depends on it).
 * It shows the deployment — title, service, version, outcome, when it finished, its pipeline — and whether the rule
 * chose it or a person did (who, when), with what the rule would choose beside a person's choice. Someone who may
 * edit the issue can choose another (the service's production deployments before impact start), say no deployment
 * caused it, or go back to the rule; each is setAttribution, checked as them, and its answer is shown at once (the
 * panel then reloads the incident, whose timeline has the change).
 */
import { useEffect, useId, useState } from 'react';
import type { Attribution, DeploymentView, SetAttributionRequest } from '@shared/attribution';
import { Button } from '@ui/components/button';
import { ExternalLink } from '@ui/components/external-link';
import { Lozenge, type LozengeAppearance } from '@ui/components/lozenge';
import { ErrorMessage, Loading } from '@ui/components/messages';
import { Time } from '@ui/components/time';
import { call, type UiError } from '@ui/forge';
import { useI18n } from '@ui/i18n/i18n-context';
import { isHttpUrl } from '@shared/http-url';
import { usePanelActions } from './panel-actions';
import { usePersonName } from './person-name';
import './attribution-section.css';

const OUTCOME_APPEARANCE: Record<DeploymentView['outcome'], LozengeAppearance> = { success: 'success', failed: 'removed', rolled_back: 'moved', partially_incomplete: 'moved' };

/** `onChanged`: a change was saved (its timeline entry is new: the panel reloads the incident). */
export function AttributionSection({ impactStartedAt, onChanged }: { impactStartedAt: string; onChanged: () => void }) {
  const { t } = useI18n();
  const { readOnly } = usePanelActions();
  const [shown, setShown] = useState<Attribution | undefined>();
  const [loadError, setLoadError] = useState<UiError | undefined>();
  const [round, setRound] = useState(0);
  const [busy, setBusy] = useState<SetAttributionRequest['mode'] | undefined>();
  const [error, setError] = useState<UiError | undefined>();
  const [saved, setSaved] = useState(false);
  const [choosing, setChoosing] = useState(false);

  useEffect(() => {
    let current = true;
    setLoadError(undefined);
    void call('getAttribution', {}).then((answer) => {
      if (!current) return;
      if (answer.ok) setShown(answer.data);
      else setLoadError(answer.error);
    });
    return () => {
      current = false;
    };
  }, [impactStartedAt, round]);

  const apply = async (request: SetAttributionRequest): Promise<void> => {
    setBusy(request.mode);
    setError(undefined);
    setSaved(false);
    const answer = await call('setAttribution', request);
    setBusy(undefined);
    if (!answer.ok) return setError(answer.error);
    setShown(answer.data);
    setChoosing(false);
    setSaved(true);
    onChanged();
  };

  return (
    <section aria-labelledby="kz-attribution" className="kz-stack kz-stack--tight kz-attribution" data-testid="attribution-section">
      <h2 className="kz-h2" id="kz-attribution">
        {t('attribution.title')}
      </h2>
      {loadError ? <ErrorMessage error={loadError} onRetry={() => setRound((r) => r + 1)} /> : null}
      {!shown && !loadError ? <Loading /> : null}
      {shown ? (
        <>
          <Current attribution={shown} />
          <Chooser attribution={shown} />
          {readOnly ? (
            <p className="kz-small kz-subtle" data-testid="attribution-read-only">
              {t('attribution.readOnly')}
            </p>
          ) : choosing ? (
            <ChooseForm attribution={shown} busy={busy} onSave={(deploymentId) => void apply({ mode: 'manual', deploymentId })} onCancel={() => setChoosing(false)} />
          ) : (
            <div className="kz-row">
              <Button testId="attribution-change" label={t('attribution.changeLabel')} disabled={busy !== undefined} onClick={() => (setChoosing(true), setSaved(false))}>
                {t('attribution.change')}
              </Button>
              {shown.mode !== 'none' ? (
                <Button appearance="subtle" testId="attribution-clear" busy={busy === 'none'} disabled={busy !== undefined} onClick={() => void apply({ mode: 'none' })}>
                  {t('attribution.clear')}
                </Button>
              ) : null}
              {shown.mode !== 'auto' ? (
                <Button appearance="subtle" testId="attribution-auto" busy={busy === 'auto'} disabled={busy !== undefined} onClick={() => void apply({ mode: 'auto' })}>
                  {t('attribution.useRule')}
                </Button>
              ) : null}
            </div>
          )}
          {error ? <ErrorMessage error={error} /> : null}
          {saved ? (
            <p className="kz-small" role="status" data-testid="attribution-saved">
              {t('attribution.saved')}
            </p>
          ) : null}
          <p className="kz-small kz-subtle">{t('attribution.explain')}</p>
        </>
      ) : null}
    </section>
  );
}

/** What the incident counts against now. */
function Current({ attribution }: { attribution: Attribution }) {
  const { t } = useI18n();
  if (attribution.deployment) return <DeploymentCard deployment={attribution.deployment} />;
  if (attribution.mode === 'none') {
    return (
      <p className="kz-strong" data-testid="attribution-none">
        {t('attribution.none')}
      </p>
    );
  }
  // the rule finds none: say why in the incident's terms
  return (
    <p className="kz-small" data-testid="attribution-none-found">
      {attribution.service === null ? t('attribution.noService') : t('attribution.noneFound', { service: attribution.service })}
    </p>
  );
}

function DeploymentCard({ deployment }: { deployment: DeploymentView }) {
  const { t } = useI18n();
  const facts = [deployment.service, deployment.version ? t('attribution.version', { version: deployment.version }) : null].filter((f): f is string => !!f);
  return (
    <div className="kz-stack kz-stack--tight kz-attribution__deployment" data-testid="attribution-deployment" data-deployment-id={deployment.id}>
      <div className="kz-row">
        <strong className="kz-title" data-testid="attribution-deployment-title">
          {deployment.title}
        </strong>
        <Lozenge appearance={OUTCOME_APPEARANCE[deployment.outcome]} testId="attribution-outcome" value={deployment.outcome}>
          {t(`attribution.outcome.${deployment.outcome}`)}
        </Lozenge>
        {deployment.pipelineUrl && isHttpUrl(deployment.pipelineUrl) ? (
          <span className="kz-push">
            <ExternalLink href={deployment.pipelineUrl} testId="attribution-pipeline">
              {t('attribution.pipeline')} ↗
            </ExternalLink>
          </span>
        ) : null}
      </div>
      <p className="kz-small kz-subtle">
        {facts.length > 0 ? `${facts.join(' · ')} · ` : ''}
        <Finished iso={deployment.finishedAt} />
      </p>
    </div>
  );
}

function Finished({ iso }: { iso: string }) {
  const { t, time } = useI18n();
  return <time dateTime={iso}>{t('attribution.finished', { at: time(iso) })}</time>;
}

/** Who chose: the rule, or a person (and then what the rule would choose). */
function Chooser({ attribution }: { attribution: Attribution }) {
  const { t } = useI18n();
  if (!attribution.setBy) {
    return (
      <p className="kz-small kz-subtle" data-testid="attribution-by" data-by="rule">
        {t('attribution.byRule')}
      </p>
    );
  }
  return (
    <div className="kz-small kz-subtle">
      <p data-testid="attribution-by" data-by={attribution.setBy.accountId}>
        <ChosenBy accountId={attribution.setBy.accountId} /> · <Time iso={attribution.setBy.at} />
      </p>
      <p data-testid="attribution-rule-would">{attribution.auto ? t('attribution.ruleWould', { title: attribution.auto.title }) : t('attribution.ruleFindsNone')}</p>
    </div>
  );
}

function ChosenBy({ accountId }: { accountId: string }) {
  const { t } = useI18n();
  return <>{t('attribution.chosenBy', { name: usePersonName(accountId) })}</>;
}

/** A select of the candidates (the current one first selected) with Save and Cancel. */
function ChooseForm({ attribution, busy, onSave, onCancel }: { attribution: Attribution; busy: SetAttributionRequest['mode'] | undefined; onSave: (deploymentId: string) => void; onCancel: () => void }) {
  const { t, time } = useI18n();
  const id = useId();
  const [picked, setPicked] = useState<string>(attribution.deployment?.id ?? attribution.candidates[0]?.id ?? '');
  if (attribution.candidates.length === 0) {
    return (
      <div className="kz-stack kz-stack--tight">
        <p className="kz-small" data-testid="attribution-no-candidates">
          {t('attribution.noCandidates')}
        </p>
        <div className="kz-row">
          <Button appearance="subtle" testId="attribution-cancel" onClick={onCancel}>
            {t('attribution.cancel')}
          </Button>
        </div>
      </div>
    );
  }
  return (
    <form
      className="kz-field"
      onSubmit={(e) => {
        e.preventDefault();
        if (picked) onSave(picked);
      }}
    >
      <label className="kz-small kz-subtle" htmlFor={id}>
        {t('attribution.select')}
      </label>
      <select id={id} className="kz-select" data-testid="attribution-select" value={picked} disabled={busy !== undefined} onChange={(e) => setPicked(e.currentTarget.value)}>
        {attribution.candidates.map((d) => (
          <option key={d.id} value={d.id}>
            {t('attribution.option', { title: d.title, detail: [d.service, d.version].filter(Boolean).join(' ') || '—', at: time(d.finishedAt) })}
          </option>
        ))}
      </select>
      <div className="kz-row">
        <Button appearance="primary" type="submit" testId="attribution-save" busy={busy === 'manual'} disabled={busy !== undefined || !picked}>
          {busy === 'manual' ? t('attribution.saving') : t('attribution.save')}
        </Button>
        <Button appearance="subtle" testId="attribution-cancel" disabled={busy !== undefined} onClick={onCancel}>
          {t('attribution.cancel')}
        </Button>
      </div>
    </form>
  );
}
