/**
 * One postmortem of the library: its title (a link to the page), kind, level, service, release class, publish date,
 * the recommendation and its reason, how many reading sessions read it, DRILL when it was one; then its actions —
 * Recommend, and H3's "Start a reading session" (./start-session-button.tsx).
 */
import type { LibraryRow as Row } from '@shared/library';
import { LEVELS, type Level } from '@shared/vocabulary';
import { ExternalLink } from '@ui/components/external-link';
import { LevelLozenge, Lozenge } from '@ui/components/lozenge';
import { useLibraryI18n } from './i18n/library-i18n';
import { RecommendControl } from './recommend-form';
import { StartSessionButton } from './start-session-button';

const isLevel = (value: string | null): value is Level => value !== null && (LEVELS as readonly string[]).includes(value);

export function LibraryRow({ row, onChanged }: { row: Row; onChanged: (notice?: 'saved' | 'removed') => void }) {
  const { t, time } = useLibraryI18n();
  const title = row.title.trim() || t('library.untitled');
  const sessions = row.sessions === 0 ? t('library.sessionsNone') : row.sessions === 1 ? t('library.sessionsOne') : t('library.sessions', { count: row.sessions });
  return (
    <li className={`kz-lib-row${row.recommended ? ' kz-lib-row--recommended' : ''}`} data-testid="library-row" data-page-id={row.pageId} data-recommended={row.recommended ? 'true' : 'false'} data-drill={row.drill ? 'true' : 'false'}>
      <div className="kz-lib-row__main">
        <div className="kz-lib-row__title">
          {row.url ? (
            <ExternalLink href={row.url} testId="library-title">
              {title}
            </ExternalLink>
          ) : (
            <span data-testid="library-title" title={t('library.noLink')}>
              {title}
            </span>
          )}
          {row.recommended ? (
            <Lozenge appearance="success" testId="library-recommended" value="recommended">
              ★ {t('library.recommended')}
            </Lozenge>
          ) : null}
          {row.drill ? (
            <Lozenge appearance="moved" testId="library-drill" value="drill">
              {t('library.drill')}
            </Lozenge>
          ) : null}
        </div>
        <div className="kz-lib-row__meta kz-small kz-subtle">
          <Lozenge appearance="default" testId="library-kind" value={row.kind}>
            {t(`library.kind.${row.kind}`)}
          </Lozenge>
          {isLevel(row.level) ? <LevelLozenge level={row.level} testId="library-level" /> : null}
          {row.service ? <span data-testid="library-service">{row.service}</span> : null}
          {row.releaseClass ? (
            <span data-testid="library-release-class" data-value={row.releaseClass}>
              {t(`library.class.${row.releaseClass}`)}
            </span>
          ) : null}
          <time dateTime={row.publishedAt} data-testid="library-published">
            {t('library.published', { date: time(row.publishedAt) })}
          </time>
          <span data-testid="library-sessions" data-count={row.sessions}>
            {sessions}
          </span>
        </div>
        {row.recommended ? (
          <p className="kz-lib-row__reason" data-testid="library-reason">
            <span className="kz-lib-row__by">{t('library.recommendedBy', { name: row.recommended.byName ?? t('library.someone') })}:</span> {row.recommended.reason}
          </p>
        ) : null}
        {row.labels.length > 0 ? (
          <ul className="kz-lib-labels" data-testid="library-labels">
            {row.labels.map((l) => (
              <li key={l} className="kz-lib-label">
                {l}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <div className="kz-lib-actions" role="group" aria-label={t('library.rowActions', { title })} data-testid="library-actions">
        <RecommendControl row={row} onChanged={onChanged} />
        {/* ---- H3's slot: "Start a reading session" (static/library/src/start-session-button.tsx) ---- */}
        <StartSessionButton postmortem={{ pageId: row.pageId, title: row.title, language: row.language }} onStarted={() => onChanged()} />
      </div>
    </li>
  );
}
