/**
 * The header names a sender lets the admin choose (Opsgenie's custom header, Grafana's signature and timestamp
 * headers) and, for Grafana, whether a request without a signed timestamp is refused.
 */
import { useId, useState } from 'react';
import { HeaderNameSchema, type AdminSource, type GetAdminSourcesData } from '@shared/admin';
import { Button } from '@ui/components/button';
import { call, type UiError } from '@ui/forge';
import { Field } from './field';
import { useAdminI18n } from './i18n/admin-i18n';

export function SourceHeaders({ source, onSaved, onError }: { source: AdminSource; onSaved: (data: GetAdminSourcesData) => void; onError: (e: UiError) => void }) {
  const { t } = useAdminI18n();
  const id = useId();
  const grafana = source.source === 'grafana';
  const [headerName, setHeaderName] = useState(source.headerName ?? source.defaultHeaderName ?? '');
  const [timestampHeader, setTimestampHeader] = useState(source.timestampHeaderName ?? '');
  const [requireTimestamp, setRequireTimestamp] = useState(source.requireTimestamp ?? false);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const invalid = (v: string) => (v === '' || HeaderNameSchema.safeParse(v).success ? undefined : { field: 'headerName', path: 'headerName', message: t('headers.invalid') });
  const headerProblem = invalid(headerName);
  const timestampProblem = grafana ? invalid(timestampHeader) : undefined;
  const dirty = headerName !== (source.headerName ?? source.defaultHeaderName ?? '') || (grafana && (timestampHeader !== (source.timestampHeaderName ?? '') || requireTimestamp !== (source.requireTimestamp ?? false)));
  const save = async () => {
    const owner = source.source;
    if (headerProblem || timestampProblem || owner === 'deployments') return; // CI's header is always Authorization
    setBusy(true);
    setSaved(false);
    const result = await call('setSourceHeaders', {
      source: owner,
      ...(headerName ? { headerName } : {}),
      ...(grafana ? { ...(timestampHeader ? { timestampHeaderName: timestampHeader } : {}), requireTimestamp } : {}),
    });
    setBusy(false);
    if (result.ok) {
      setSaved(true);
      onSaved(result.data);
    } else onError(result.error);
  };
  return (
    <form
      className="kz-headers"
      data-testid={`headers-${source.source}`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h4 className="kz-h4">{t('headers.title')}</h4>
      <div className="kz-grid">
        <Field label={t(grafana ? 'headers.signature' : 'headers.custom')} help={source.defaultHeaderName ? t('headers.default', { name: source.defaultHeaderName }) : undefined} problem={headerProblem} testId={`header-name-${source.source}`}>
          {(a11y) => <input {...a11y} className="kz-input" value={headerName} spellCheck={false} autoComplete="off" onChange={(e) => setHeaderName(e.target.value)} />}
        </Field>
        {grafana ? (
          <Field label={t('headers.timestamp')} help={t('headers.timestampHelp')} problem={timestampProblem} testId={`timestamp-header-${source.source}`}>
            {(a11y) => <input {...a11y} className="kz-input" value={timestampHeader} spellCheck={false} autoComplete="off" onChange={(e) => setTimestampHeader(e.target.value)} />}
          </Field>
        ) : null}
      </div>
      {grafana ? (
        <div className="kz-field kz-check">
          <label className="kz-check__label">
            <input type="checkbox" checked={requireTimestamp} aria-describedby={`${id}-ts-help`} data-testid="require-timestamp" onChange={(e) => setRequireTimestamp(e.target.checked)} />
            <span>{t('headers.requireTimestamp')}</span>
          </label>
          <p className={requireTimestamp ? 'kz-field__help' : 'kz-field__warning'} id={`${id}-ts-help`} data-testid="require-timestamp-help">
            {t(requireTimestamp ? 'headers.requireOn' : 'headers.requireOff')}
          </p>
        </div>
      ) : null}
      <div className="kz-row">
        <Button type="submit" testId={`headers-save-${source.source}`} disabled={!dirty || !!headerProblem || !!timestampProblem} busy={busy}>
          {t('headers.save')}
        </Button>
        <span role="status" className="kz-small kz-text-success">
          {saved && !dirty ? t('headers.saved') : ''}
        </span>
      </div>
    </form>
  );
}
