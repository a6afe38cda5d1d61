/** Kaizen settings (jira:adminPage): for now, the five alert sources and whether each has been heard from. */
import type { ConnectionState } from '@shared/source-status';
import { SOURCE_NAMES } from '@shared/vocabulary';
import { Lozenge, type LozengeAppearance } from '@ui/components/lozenge';
import { ErrorMessage, Loading } from '@ui/components/messages';
import { Time } from '@ui/components/time';
import { useI18n } from '@ui/i18n/i18n-context';
import { useResolver } from '@ui/use-resolver';

const CONNECTION_APPEARANCE: Record<ConnectionState, LozengeAppearance> = { receiving: 'success', tested: 'inprogress', never: 'default' };

export function AdminApp() {
  const { t } = useI18n();
  const { state, reload } = useResolver('getSources', {});
  const when = (iso: string | undefined, testId: string) => (iso ? <Time iso={iso} testId={testId} /> : <span data-testid={testId}>{t('admin.never')}</span>);
  return (
    <section data-testid="admin-page">
      <h1 className="kz-h1" data-testid="locale-text">
        {t('admin.title')}
      </h1>
      <h2 className="kz-h2">{t('admin.sources')}</h2>
      {state.status === 'loading' ? <Loading /> : null}
      {state.status === 'error' ? <ErrorMessage error={state.error} onRetry={reload} /> : null}
      {state.status === 'ok' ? (
        <table className="kz-table" data-testid="source-list">
          <thead>
            <tr>
              <th>{t('admin.col.source')}</th>
              <th>{t('admin.col.connection')}</th>
              <th>{t('admin.col.lastTest')}</th>
              <th>{t('admin.col.lastAlert')}</th>
            </tr>
          </thead>
          <tbody>
            {state.data.sources.map((s) => (
              <tr key={s.source} data-testid={`source-row-${s.source}`} data-connection={s.connection}>
                <td>{SOURCE_NAMES[s.source]}</td>
                <td>
                  <Lozenge appearance={CONNECTION_APPEARANCE[s.connection]} testId={`source-status-${s.source}`} value={s.connection}>
                    {t(`connection.${s.connection}`)}
                  </Lozenge>
                </td>
                <td>{when(s.lastTestAt, `source-last-test-${s.source}`)}</td>
                <td>{when(s.lastAlertAt, `source-last-alert-${s.source}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <p className="kz-small kz-subtle">{t('admin.later')}</p>
    </section>
  );
}
