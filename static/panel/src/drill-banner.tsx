/**
 * The banner at the top of a drill's panel (DESIGN 3.6): DRILL / 演習, before anything else, so nobody mistakes the
 * rehearsal for a real incident. `role="note"`: it describes the incident, it is not an alert to act on.
 */
import { useI18n } from '@ui/i18n/i18n-context';
import './drill-banner.css';

export function DrillBanner() {
  const { t } = useI18n();
  return (
    <div className="kz-drill-banner" role="note" data-testid="drill-banner">
      <strong className="kz-drill-banner__title">{t('panel.drillBanner.title')}</strong>
      <span>{t('panel.drillBanner.body')}</span>
    </div>
  );
}
