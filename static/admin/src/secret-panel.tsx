/**
 * A new secret, shown this one time with what to paste where. The secret lives only in the card's state while this
 * panel is open; closing it drops it for good (the card keeps no copy, the page only the fingerprint).
 */
import { useEffect, useRef } from 'react';
import type { AdminSource, GeneratedSecret } from '@shared/admin';
import { Button } from '@ui/components/button';
import { CopyButton } from '@ui/components/copy-button';
import { useAdminI18n } from './i18n/admin-i18n';
import { ownerName } from './owner-name';
import { SenderInstructions } from './sender-instructions';

export function SecretPanel({ source, generated, onClose }: { source: AdminSource; generated: GeneratedSecret; onClose: () => void }) {
  const { t } = useAdminI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const name = ownerName(source.source, t);
  return (
    <section className="kz-secret" aria-labelledby={`secret-title-${source.source}`} data-testid={`secret-panel-${source.source}`}>
      <h3 className="kz-h3" id={`secret-title-${source.source}`} ref={heading} tabIndex={-1}>
        {t(generated.rotated ? 'secret.titleRotated' : 'secret.title', { source: name })}
      </h3>
      <div className="kz-message kz-message--warning" role="alert" data-testid="secret-once">
        <p>
          <strong>{t('secret.onceTitle')}</strong> {t('secret.once')}
        </p>
      </div>
      <div className="kz-value">
        <span className="kz-value__label">{t('secret.value')}</span>
        <code className="kz-code kz-code--value kz-code--secret" data-testid="secret-raw">
          {generated.secret}
        </code>
        <CopyButton text={generated.secret} label={t('copy.label', { what: t('secret.value') })} testId="secret-raw-copy" />
      </div>
      <p className="kz-small kz-subtle">{t('secret.fingerprint', { fingerprint: generated.fingerprint })}</p>
      <h4 className="kz-h4">{t('secret.howto', { source: name })}</h4>
      <SenderInstructions source={source} secret={generated.secret} />
      {generated.rotated ? <p className="kz-small" data-testid="secret-rotated">{t('secret.rotatedNote')}</p> : null}
      <div className="kz-row kz-secret__actions">
        <Button appearance="primary" testId="secret-close" onClick={onClose}>
          {t('secret.close')}
        </Button>
      </div>
    </section>
  );
}
