import type { PeriodDays } from '@shared/incident-counts';
import { INCIDENT_STATES, LEVELS } from '@shared/vocabulary';
import { LevelLozenge, StateLozenge } from '@ui/components/lozenge';
import { ErrorMessage, Loading } from '@ui/components/messages';
import { useI18n } from '@ui/i18n/i18n-context';
import { useResolver } from '@ui/use-resolver';

/** Incident counts by state and by level over the saved period, drills apart. */
export function CountsView({ period }: { period: PeriodDays }) {
  const { t } = useI18n();
  const { state, reload } = useResolver('getIncidentCounts', { period });
  return (
    <section data-testid="gadget-view" data-period={period}>
      <div className="kz-row">
        <h1 className="kz-h1" data-testid="locale-text">
          {t('gadget.title')}
        </h1>
        <span className="kz-subtle" data-testid="period">
          {t('gadget.period', { days: period })}
        </span>
      </div>
      {state.status === 'loading' ? <Loading /> : null}
      {state.status === 'error' ? <ErrorMessage error={state.error} onRetry={reload} /> : null}
      {state.status === 'ok' ? (
        <>
          <p>
            {t('gadget.total')}: <strong data-testid="count-total">{state.data.total}</strong>
          </p>
          <div className="kz-columns">
            <section>
              <h2 className="kz-h2">{t('gadget.byState')}</h2>
              <table className="kz-table">
                <tbody>
                  {INCIDENT_STATES.map((s) => (
                    <tr key={s}>
                      <td>
                        <StateLozenge state={s} testId={`state-${s}`} />
                      </td>
                      <td data-testid={`count-state-${s}`}>{state.data.byState[s]}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            <section>
              <h2 className="kz-h2">{t('gadget.byLevel')}</h2>
              <table className="kz-table">
                <tbody>
                  {LEVELS.map((l) => (
                    <tr key={l}>
                      <td>
                        <LevelLozenge level={l} testId={`level-${l}`} />
                      </td>
                      <td data-testid={`count-level-${l}`}>{state.data.byLevel[l]}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          </div>
          {state.data.drills > 0 ? <p className="kz-small kz-subtle" data-testid="count-drills">{t('gadget.drills', { count: state.data.drills })}</p> : null}
          {state.data.truncated ? <p className="kz-small kz-subtle" data-testid="counts-truncated">{t('gadget.truncated')}</p> : null}
        </>
      ) : null}
    </section>
  );
}
