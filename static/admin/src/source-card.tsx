/**
 * One alert source (or "Deployments (CI)", CI's bearer secret for the deployment web trigger): its URL, whether it has been heard from, its secrets (fingerprints only), and the actions —
 * generate / rotate (Kaizen makes the secret) or paste (the sender makes it, PagerDuty), retire with a confirmation,
 * and the header names the sender lets the admin choose.
 */
import { useState } from 'react';
import type { AdminSource, GeneratedSecret, GetAdminSourcesData } from '@shared/admin';
import type { ConnectionState } from '@shared/source-status';
import { Button } from '@ui/components/button';
import { ConfirmDialog } from '@ui/components/confirm-dialog';
import { CopyButton } from '@ui/components/copy-button';
import { Lozenge, type LozengeAppearance } from '@ui/components/lozenge';
import { ErrorMessage } from '@ui/components/messages';
import { Time } from '@ui/components/time';
import { call, type UiError } from '@ui/forge';
import { useAdminI18n } from './i18n/admin-i18n';
import { ownerName } from './owner-name';
import { PasteSecret } from './paste-secret';
import { SecretPanel } from './secret-panel';
import { SourceHeaders } from './source-headers';

const CONNECTION_APPEARANCE: Record<ConnectionState, LozengeAppearance> = { receiving: 'success', tested: 'inprogress', never: 'default' };

export function SourceCard({ source, onSources, onReload }: { source: AdminSource; onSources: (data: GetAdminSourcesData) => void; onReload: () => void }) {
  const { t } = useAdminI18n();
  const id = source.source;
  const name = ownerName(id, t);
  const ci = id === 'deployments';
  const [generated, setGenerated] = useState<GeneratedSecret | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | undefined>();
  const [retiring, setRetiring] = useState<string | undefined>();
  const when = (iso: string | undefined, testId: string) => (iso ? <Time iso={iso} testId={testId} /> : <span data-testid={testId}>{t('admin.never')}</span>);

  const generate = async () => {
    setBusy(true);
    setError(undefined);
    const result = await call('generateSourceSecret', { source: id });
    setBusy(false);
    if (result.ok) {
      setGenerated(result.data);
      onReload(); // the new fingerprint is listed at once; the secret itself stays in this card only
    } else setError(result.error);
  };
  const retire = async (fingerprint: string) => {
    setBusy(true);
    setError(undefined);
    const result = await call('retireSourceSecret', { source: id, fingerprint });
    setBusy(false);
    setRetiring(undefined);
    if (result.ok) onSources(result.data);
    else setError(result.error);
  };
  const closePanel = () => {
    setGenerated(undefined); // the secret is gone from the page from here on
    onReload();
  };
  const rotating = source.secrets.length > 1;

  return (
    <article className="kz-card" aria-labelledby={`source-${id}`} data-testid={`source-${id}`} data-connection={source.connection} data-secrets={source.secrets.length}>
      <header className="kz-card__header">
        <h3 className="kz-h3" id={`source-${id}`}>
          {name}
        </h3>
        <Lozenge appearance={CONNECTION_APPEARANCE[source.connection]} testId={`source-status-${id}`} value={source.connection}>
          {ci && source.connection === 'receiving' ? t('deployments.receiving') : t(`connection.${source.connection}`)}
        </Lozenge>
      </header>
      <dl className="kz-facts">
        <dt>{t('source.url')}</dt>
        <dd>
          {source.url ? (
            <span className="kz-url">
              <code className="kz-code kz-code--value" data-testid={`source-url-${id}`}>
                {source.url}
              </code>
              <CopyButton text={source.url} label={t('copy.label', { what: t('source.urlOf', { source: name }) })} testId={`source-url-copy-${id}`} />
            </span>
          ) : (
            <span className="kz-subtle">{t('source.noUrl')}</span>
          )}
        </dd>
        <dt>{t(ci ? 'deployments.lastReceived' : 'admin.col.lastAlert')}</dt>
        <dd>{when(source.lastAlertAt, `source-last-alert-${id}`)}</dd>
        {ci ? null : (
          <>
            <dt>{t('admin.col.lastTest')}</dt>
            <dd>{when(source.lastTestAt, `source-last-test-${id}`)}</dd>
          </>
        )}
        <dt>{t('source.secrets')}</dt>
        <dd>
          {source.secrets.length === 0 ? (
            <p className="kz-subtle" data-testid={`source-no-secret-${id}`}>
              {t(source.secretGeneratedBy === 'sender' ? 'source.noSecretPaste' : 'source.noSecret')}
            </p>
          ) : (
            <ul className="kz-secrets" data-testid={`source-secrets-${id}`}>
              {source.secrets.map((s, i) => (
                <li key={s.fingerprint} data-testid="secret-fingerprint" data-fingerprint={s.fingerprint}>
                  <code className="kz-code">{s.fingerprint}</code>
                  {rotating ? <Lozenge appearance={i === 0 ? 'success' : 'default'}>{t(i === 0 ? 'source.newest' : 'source.older')}</Lozenge> : null}
                  <span className="kz-small kz-subtle">
                    {t('source.created')} <Time iso={s.createdAt} />
                    {s.createdBy ? ` · ${s.createdBy}` : ''}
                  </span>
                  {rotating && i > 0 ? (
                    <Button appearance="subtle" testId={`retire-${id}`} label={t('source.retireLabel', { fingerprint: s.fingerprint })} onClick={() => setRetiring(s.fingerprint)} disabled={busy}>
                      {t('source.retire')}
                    </Button>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          {rotating ? <p className="kz-small kz-subtle">{t('source.rotating')}</p> : null}
        </dd>
      </dl>
      {error ? <ErrorMessage error={error} /> : null}
      {generated ? (
        <SecretPanel source={source} generated={generated} onClose={closePanel} />
      ) : source.secretGeneratedBy === 'sender' ? (
        <PasteSecret source={source} onSaved={onReload} onError={setError} />
      ) : (
        <div className="kz-row">
          <Button appearance={source.secrets.length === 0 ? 'primary' : 'default'} testId={`generate-${id}`} onClick={() => void generate()} busy={busy} disabled={rotating}>
            {t(source.secrets.length === 0 ? 'source.generate' : 'source.rotate')}
          </Button>
          {rotating ? <span className="kz-small kz-subtle">{t('source.rotateLimit')}</span> : null}
        </div>
      )}
      {source.headerConfigurable ? <SourceHeaders key={`${source.headerName}-${source.timestampHeaderName}-${source.requireTimestamp}`} source={source} onSaved={onSources} onError={setError} /> : null}
      {retiring ? (
        <ConfirmDialog title={t('source.retireTitle')} confirmLabel={t('source.retireConfirm')} onConfirm={() => void retire(retiring)} onCancel={() => setRetiring(undefined)} busy={busy} testId="retire-dialog">
          <p>{t('source.retireBody', { fingerprint: retiring, source: name })}</p>
        </ConfirmDialog>
      ) : null}
    </article>
  );
}
