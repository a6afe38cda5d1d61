import type { PersonMarkView } from '@shared/incident-view';
import { Time } from '@ui/components/time';
import { useI18n } from '@ui/i18n/i18n-context';

/** Who set a value and when (`Set by Aiko Sato · 2 Dec 2026, 09:30`), or that the alerts did (`machine`). */
export function SetBy({ mark, machine = false }: { mark: PersonMarkView | undefined; machine?: boolean }) {
  const { t } = useI18n();
  if (!mark) return machine ? <span data-testid="set-by" data-by="machine">{t('panel.fromAlerts')}</span> : null;
  return (
    <span data-testid="set-by" data-by={mark.accountId}>
      {t('panel.setBy', { name: mark.displayName })} · <Time iso={mark.at} />
    </span>
  );
}
