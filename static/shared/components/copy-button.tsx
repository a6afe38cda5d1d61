import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n-context';

/**
 * Copies `text` to the clipboard. A Custom UI iframe may lack the clipboard permission, so it falls back to a
 * selected hidden textarea and `execCommand('copy')`; when both fail it says so and the text stays selectable.
 * The outcome is announced (`role="status"`), not only drawn.
 */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'kz-offscreen';
    document.body.appendChild(area);
    area.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    } finally {
      area.remove();
    }
  }
}

export function CopyButton({ text, label, testId }: { text: string; label: string; testId: string }) {
  const { t } = useI18n();
  const [outcome, setOutcome] = useState<'copied' | 'failed' | undefined>();
  useEffect(() => {
    if (!outcome) return;
    const timer = setTimeout(() => setOutcome(undefined), 4000);
    return () => clearTimeout(timer);
  }, [outcome]);
  return (
    <span className="kz-copy">
      <button type="button" className="kz-button kz-button--default kz-button--compact" data-testid={testId} aria-label={label} onClick={() => void copyText(text).then((ok) => setOutcome(ok ? 'copied' : 'failed'))}>
        {t('copy.button')}
      </button>
      <span role="status" className={`kz-small ${outcome === 'failed' ? 'kz-text-danger' : 'kz-text-success'}`} data-testid={`${testId}-outcome`} data-outcome={outcome}>
        {outcome ? t(`copy.${outcome}`) : ''}
      </span>
    </span>
  );
}
