import { view } from '@forge/bridge';
import { Button } from '@ui/components/button';
import { useI18n } from '@ui/i18n/i18n-context';

/** The issue action's dialog. Declaring by hand is a later issue: say so plainly and let the user close it. */
export function DeclareIncident() {
  const { t } = useI18n();
  return (
    <section data-testid="declare-incident">
      <h1 className="kz-h1" data-testid="locale-text">
        {t('declare.title')}
      </h1>
      <p data-testid="declare-placeholder">{t('declare.body')}</p>
      <Button testId="close-button" onClick={() => void view.close().catch(() => undefined)}>
        {t('declare.close')}
      </Button>
    </section>
  );
}
