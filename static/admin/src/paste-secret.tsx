/** A secret the sender makes (PagerDuty's signing secret), pasted here once; the field is emptied as soon as it is sent. */
import { useState } from 'react';
import type { AdminSource } from '@shared/admin';
import { Button } from '@ui/components/button';
import { call, type UiError } from '@ui/forge';
import { Field } from './field';
import { useAdminI18n } from './i18n/admin-i18n';

export function PasteSecret({ source, onSaved, onError }: { source: AdminSource; onSaved: () => void; onError: (e: UiError) => void }) {
  const { t } = useAdminI18n();
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [fingerprint, setFingerprint] = useState<string | undefined>();
  const tooShort = secret.length > 0 && secret.trim().length < 16;
  const save = async () => {
    const value = secret.trim();
    const owner = source.source;
    if (owner === 'deployments') return; // Kaizen makes CI's secret: never pasted
    setSecret(''); // never kept once sent
    setBusy(true);
    const result = await call('pasteSourceSecret', { source: owner, secret: value });
    setBusy(false);
    if (result.ok) {
      setFingerprint(result.data.fingerprint);
      onSaved();
    } else onError(result.error);
  };
  return (
    <form
      className="kz-paste"
      data-testid={`paste-${source.source}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (secret.trim().length >= 16) void save();
      }}
    >
      <h4 className="kz-h4">{t('paste.title')}</h4>
      <p className="kz-small">{t('paste.howto')}</p>
      <Field label={t('paste.label')} help={t('paste.help')} problem={tooShort ? { field: 'secret', path: 'secret', message: t('paste.tooShort') } : undefined} testId={`paste-field-${source.source}`}>
        {(a11y) => <input {...a11y} className="kz-input kz-input--wide" type="password" autoComplete="off" spellCheck={false} value={secret} onChange={(e) => setSecret(e.target.value)} />}
      </Field>
      <div className="kz-row">
        <Button type="submit" appearance="primary" testId={`paste-save-${source.source}`} disabled={secret.trim().length < 16} busy={busy}>
          {t('paste.save')}
        </Button>
        <span role="status" className="kz-small kz-text-success">
          {fingerprint ? t('paste.saved', { fingerprint }) : ''}
        </span>
      </div>
    </form>
  );
}
