/** The five alert sources, each as a card (source-card.tsx). */
import { useEffect, useState } from 'react';
import type { AdminSource } from '@shared/admin';
import { ErrorMessage, Loading } from '@ui/components/messages';
import { useResolver } from '@ui/use-resolver';
import { useAdminI18n } from './i18n/admin-i18n';
import { SourceCard } from './source-card';

export function SourcesPanel() {
  const { t } = useAdminI18n();
  const { state, reload } = useResolver('getAdminSources', {});
  // answers of retire / set headers replace the list without another round trip
  const [sources, setSources] = useState<AdminSource[] | undefined>();
  useEffect(() => setSources(state.status === 'ok' ? state.data.sources : undefined), [state]);
  return (
    <section className="kz-section" aria-labelledby="sources-title" data-testid="sources">
      <h2 className="kz-h2" id="sources-title">
        {t('sources.title')}
      </h2>
      <p className="kz-section__help">{t('sources.help')}</p>
      {state.status === 'loading' ? <Loading /> : null}
      {state.status === 'error' ? <ErrorMessage error={state.error} onRetry={reload} /> : null}
      {sources ? (
        <div className="kz-cards" data-testid="source-list">
          {sources.map((s) => (
            <SourceCard key={s.source} source={s} onSources={setSources} onReload={reload} />
          ))}
        </div>
      ) : null}
    </section>
  );
}
