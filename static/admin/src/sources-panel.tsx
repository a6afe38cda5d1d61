/** The five alert sources, each as a card (source-card.tsx), and "Deployments (CI)": CI's card for the deployment web trigger. */
import { useEffect, useState } from 'react';
import type { GetAdminSourcesData } from '@shared/admin';
import { ErrorMessage, Loading } from '@ui/components/messages';
import { useResolver } from '@ui/use-resolver';
import { useAdminI18n } from './i18n/admin-i18n';
import { SourceCard } from './source-card';

export function SourcesPanel() {
  const { t } = useAdminI18n();
  const { state, reload } = useResolver('getAdminSources', {});
  // answers of retire / set headers replace the list without another round trip
  const [data, setData] = useState<GetAdminSourcesData | undefined>();
  useEffect(() => setData(state.status === 'ok' ? state.data : undefined), [state]);
  return (
    <>
      <section className="kz-section" aria-labelledby="sources-title" data-testid="sources">
        <h2 className="kz-h2" id="sources-title">
          {t('sources.title')}
        </h2>
        <p className="kz-section__help">{t('sources.help')}</p>
        {state.status === 'loading' ? <Loading /> : null}
        {state.status === 'error' ? <ErrorMessage error={state.error} onRetry={reload} /> : null}
        {data ? (
          <div className="kz-cards" data-testid="source-list">
            {data.sources.map((s) => (
              <SourceCard key={s.source} source={s} onSources={setData} onReload={reload} />
            ))}
          </div>
        ) : null}
      </section>
      {data ? (
        <section className="kz-section" aria-labelledby="deployments-title" data-testid="deployments">
          <h2 className="kz-h2" id="deployments-title">
            {t('deployments.title')}
          </h2>
          <p className="kz-section__help">{t('deployments.help')}</p>
          <div className="kz-cards">
            <SourceCard source={data.deployments} onSources={setData} onReload={reload} />
          </div>
        </section>
      ) : null}
    </>
  );
}
