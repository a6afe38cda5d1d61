/**
 * Kaizen settings (jira:adminPage), the page a Jira administrator runs Kaizen from: settings, their history, the
 * alert sources with their secrets, and the dead letters. A user who is not a Jira administrator sees only the
 * refusal (every resolver checks it as the calling user; the page shows what the first answer says).
 */
import { useEffect, useState } from 'react';
import type { GetSettingsData } from '@shared/admin';
import { ErrorMessage, Loading } from '@ui/components/messages';
import { useResolver } from '@ui/use-resolver';
import { Tabs } from './admin-tabs';
import { DeadLettersPanel } from './dead-letters-panel';
import { HistoryPanel } from './history-panel';
import { useAdminI18n } from './i18n/admin-i18n';
import { SettingsPanel } from './settings-panel';
import { SourcesPanel } from './sources-panel';
import { SlackSettingsPanel } from './settings-slack';
import { DrillsPanel } from './drills-panel';

type TabId = 'settings' | 'history' | 'sources' | 'dead-letters' | 'slack' | 'drills';

export function AdminApp() {
  const { t } = useAdminI18n();
  const settings = useResolver('getSettings', {});
  const dead = useResolver('getDeadLetters', {});
  const [saved, setSaved] = useState<GetSettingsData | undefined>();
  const [tab, setTab] = useState<TabId>('settings');
  useEffect(() => setSaved(undefined), [settings.state]);

  if (settings.state.status === 'loading') return <Loading />;
  if (settings.state.status === 'error') {
    if (settings.state.error.code === 'admin-only') return <Refusal />;
    return (
      <section data-testid="admin-page">
        <h1 className="kz-h1">{t('admin.title')}</h1>
        <ErrorMessage error={settings.state.error} onRetry={settings.reload} />
      </section>
    );
  }
  const data = saved ?? settings.state.data;
  const deadCount = dead.state.status === 'ok' ? dead.state.data.count : 0;

  return (
    <section className="kz-admin" data-testid="admin-page">
      <header className="kz-admin__header">
        <div>
          <h1 className="kz-h1 kz-admin__title" data-testid="locale-text">
            {t('admin.title')}
          </h1>
          <p className="kz-subtle">{t('admin.subtitle')}</p>
        </div>
        {deadCount > 0 ? (
          <a
            href="#panel-dead-letters"
            className="kz-badge-link"
            data-testid="dead-letter-badge"
            data-count={deadCount}
            onClick={(e) => {
              e.preventDefault();
              setTab('dead-letters');
              requestAnimationFrame(() => document.getElementById('tab-dead-letters')?.focus());
            }}
          >
            <span className="kz-badge" aria-hidden="true">
              {deadCount}
            </span>
            {t(deadCount === 1 ? 'admin.deadBadgeOne' : 'admin.deadBadge', { count: deadCount })}
          </a>
        ) : null}
      </header>
      <Tabs<TabId>
        label={t('admin.tabs')}
        selected={tab}
        onSelect={setTab}
        tabs={[
          { id: 'settings', label: t('admin.tab.settings'), panel: <SettingsPanel data={data} onSaved={setSaved} onReload={settings.reload} /> },
          { id: 'history', label: t('admin.tab.history'), panel: <HistoryPanel history={data.history} /> },
          { id: 'sources', label: t('admin.tab.sources'), panel: <SourcesPanel /> },
          { id: 'slack', label: t('admin.tab.slack'), panel: <SlackSettingsPanel levels={data.settings.levels} /> },
          { id: 'drills', label: t('admin.tab.drills'), panel: <DrillsPanel /> },
          {
            id: 'dead-letters',
            label: (
              <>
                {t('admin.tab.deadLetters')}
                {deadCount > 0 ? <span className="kz-badge kz-badge--tab">{deadCount}</span> : null}
              </>
            ),
            panel:
              dead.state.status === 'ok' ? (
                <DeadLettersPanel data={dead.state.data} onChanged={dead.reload} />
              ) : dead.state.status === 'error' ? (
                <ErrorMessage error={dead.state.error} onRetry={dead.reload} />
              ) : (
                <Loading />
              ),
          },
        ]}
      />
    </section>
  );
}

/** What a user who is not a Jira administrator sees: why, and nothing else. */
function Refusal() {
  const { t } = useAdminI18n();
  return (
    <section className="kz-refusal" data-testid="admin-refused" data-error-code="admin-only" role="alert">
      <h1 className="kz-h1">{t('admin.refusedTitle')}</h1>
      <p>{t('error.admin-only')}</p>
      <p className="kz-subtle">{t('admin.refusedHelp')}</p>
    </section>
  );
}
