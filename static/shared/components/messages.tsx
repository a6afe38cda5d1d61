import type { ReactNode } from 'react';
import type { UiError } from '../forge';
import { useI18n } from '../i18n/i18n-context';
import { Button } from './button';

/** Any error, as a sentence in the user's language; `data-error-code` carries the machine code for tests. */
export function ErrorMessage({ error, onRetry }: { error: UiError; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <section className="kz-message kz-message--error" role="alert" data-testid="error-message" data-error-code={error.code}>
      <p>{t(`error.${error.code}`)}</p>
      {onRetry ? (
        <Button testId="retry-button" onClick={onRetry}>
          {t('app.retry')}
        </Button>
      ) : null}
    </section>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="kz-subtle" role="status" data-testid="loading">
      {t('app.loading')}
    </p>
  );
}

export function Notice({ tone = 'info', testId, children }: { tone?: 'info' | 'success'; testId: string; children: ReactNode }) {
  return (
    <section className={`kz-message kz-message--${tone}`} role="status" data-testid={testId}>
      {children}
    </section>
  );
}
