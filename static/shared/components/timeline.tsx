import type { ReactNode } from 'react';
import type { TimelineEntryView, TimelineSlice } from '@shared/incident-view';
import { SOURCE_NAMES } from '@shared/vocabulary';
import { useI18n } from '../i18n/i18n-context';
import { ExternalLink } from './external-link';
import { Time } from './time';

/**
 * The machine timeline, newest first. Texts come from alerts and are rendered as text only. `detailOf` lets a view
 * say an entry's detail in its own words (the panel names people and times); `undefined` keeps the stored text.
 */
export function Timeline({ timeline, showDetail = true, detailOf }: { timeline: TimelineSlice; showDetail?: boolean; detailOf?: (entry: TimelineEntryView) => ReactNode | undefined }) {
  const { t } = useI18n();
  if (timeline.entries.length === 0) return <p className="kz-subtle" data-testid="timeline-empty">{t('timeline.empty')}</p>;
  const entries = [...timeline.entries].reverse();
  return (
    <div data-testid="timeline">
      <ol className="kz-list">
        {entries.map((e, i) => (
          <li key={`${e.at}-${i}`} data-testid="timeline-entry" data-kind={e.kind}>
            <div className="kz-row kz-small kz-subtle">
              <Time iso={e.at} />
              {e.source ? <span>{SOURCE_NAMES[e.source]}</span> : null}
              {e.actor ? <span data-testid="timeline-actor">{t('timeline.by', { actor: e.actor })}</span> : null}
            </div>
            <div>
              <strong>{t(`timeline.${e.kind}`)}</strong>
              {e.title ? <span className="kz-title">{` — ${e.title}`}</span> : null}
            </div>
            {showDetail && e.detail ? <div className="kz-small kz-subtle kz-title" data-testid="timeline-detail">{detailOf?.(e) ?? e.detail}</div> : null}
            {e.url ? (
              <div className="kz-small">
                <ExternalLink href={e.url}>{e.url}</ExternalLink>
              </div>
            ) : null}
          </li>
        ))}
      </ol>
      {timeline.total > timeline.entries.length ? (
        <p className="kz-small kz-subtle" data-testid="timeline-more">
          {t('timeline.latest', { shown: timeline.entries.length, total: timeline.total })}
        </p>
      ) : null}
    </div>
  );
}
