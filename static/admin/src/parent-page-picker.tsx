/**
 * A parent page: searched by title in the space and picked (stored by id, so renaming it later does not matter),
 * or just a title (Kaizen finds or creates that page in the space). Typing a title drops a picked page.
 */
import { useId, useState } from 'react';
import type { FieldProblem } from '@shared/resolver-result';
import { Button } from '@ui/components/button';
import { call } from '@ui/forge';
import { FieldMessages } from './field';
import type { StoredProblem } from '@shared/admin';
import { useAdminI18n } from './i18n/admin-i18n';

type Page = { id: string; title: string };

export function ParentPagePicker({ name, label, spaceKey, pageId, title, onChange, problem, stored }: {
  name: string;
  label: string;
  spaceKey: string;
  pageId: string | undefined;
  title: string;
  onChange: (pageId: string | undefined, title: string) => void;
  problem: FieldProblem | undefined;
  stored: StoredProblem[];
}) {
  const { t } = useAdminI18n();
  const id = useId();
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState<{ status: 'idle' } | { status: 'busy' } | { status: 'done'; pages: Page[] } | { status: 'failed' }>({ status: 'idle' });
  const run = async () => {
    setSearch({ status: 'busy' });
    const result = await call('getSettingsOptions', { spaceKey, pageQuery: query.trim() });
    setSearch(result.ok ? { status: 'done', pages: result.data.pages } : { status: 'failed' });
  };
  const testId = `field-${name}`;
  return (
    <fieldset className="kz-field kz-picker" data-testid={testId} data-invalid={problem ? 'true' : undefined}>
      <legend className="kz-field__label">{label}</legend>
      {pageId ? (
        <p className="kz-picker__picked" data-testid={`${testId}-picked`}>
          <span>{t('parent.picked', { title })}</span>
          <span className="kz-subtle kz-small">{t('parent.pageId', { id: pageId })}</span>
          <Button appearance="subtle" testId={`${testId}-unpick`} onClick={() => onChange(undefined, title)}>
            {t('parent.unpick')}
          </Button>
        </p>
      ) : null}
      <div className="kz-row">
        <label className="kz-sr-only" htmlFor={`${id}-title`}>
          {t('parent.titleLabel', { what: label })}
        </label>
        <input
          id={`${id}-title`}
          className="kz-input"
          value={title}
          aria-invalid={problem ? true : undefined}
          aria-describedby={`${id}-help${problem ? ` ${id}-error` : ''}${stored.length ? ` ${id}-stored` : ''}`}
          data-testid={`${testId}-title`}
          onChange={(e) => onChange(undefined, e.target.value)}
        />
      </div>
      <FieldMessages id={id} help={pageId ? t('parent.helpPicked') : t('parent.helpTitle')} problem={problem} stored={stored} testId={testId} />
      <div className="kz-row kz-picker__search" role="search">
        <label className="kz-sr-only" htmlFor={`${id}-query`}>
          {t('parent.searchLabel', { what: label })}
        </label>
        <input
          id={`${id}-query`}
          className="kz-input kz-input--search"
          type="search"
          placeholder={t('parent.searchPlaceholder')}
          value={query}
          data-testid={`${testId}-query`}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void run();
            }
          }}
        />
        <Button testId={`${testId}-search`} onClick={() => void run()} busy={search.status === 'busy'} label={t('parent.searchLabel', { what: label })}>
          {t('parent.search')}
        </Button>
      </div>
      <div aria-live="polite">
        {search.status === 'failed' ? <p className="kz-field__error">{t('parent.searchFailed')}</p> : null}
        {search.status === 'done' && search.pages.length === 0 ? <p className="kz-subtle kz-small">{t('parent.noResults')}</p> : null}
        {search.status === 'done' && search.pages.length > 0 ? (
          <ul className="kz-picker__results" aria-label={t('parent.results')} data-testid={`${testId}-results`}>
            {search.pages.map((p) => (
              <li key={p.id}>
                <button
                  type="button"
                  className="kz-picker__result"
                  aria-pressed={p.id === pageId}
                  onClick={() => {
                    onChange(p.id, p.title);
                    setSearch({ status: 'idle' });
                    setQuery('');
                  }}
                >
                  <span className="kz-title">{p.title}</span>
                  <span className="kz-subtle kz-small">{t('parent.pageId', { id: p.id })}</span>
                </button>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </fieldset>
  );
}
