/**
 * The postmortem library macro (DESIGN 3.6, issue 11 item 1): published retrospectives and release reviews, filtered,
 * sorted (newest, most read, recommended first) and paged, 20 a page. Each page is one `listPostmortems` call: one SQL
 * statement and one Confluence request as the viewer, who sees only postmortems whose pages they may read.
 */
import { useEffect, useState } from 'react';
import type { LibraryPage } from '@shared/library';
import { Button } from '@ui/components/button';
import { ErrorMessage, Loading } from '@ui/components/messages';
import { call } from '@ui/forge';
import type { Loadable } from '@ui/use-resolver';
import { FilterBar } from './filter-bar';
import { isFiltered, NO_FILTERS, requestOf, type Filters } from './filters';
import { LibraryTexts, useLibraryI18n } from './i18n/library-i18n';
import { LibraryRow } from './library-row';
import { RecommendNotice } from './recommend-form';

export function LibraryApp() {
  return (
    <LibraryTexts>
      <Library />
    </LibraryTexts>
  );
}

function Library() {
  const { t, locale } = useLibraryI18n();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [page, setPage] = useState(1);
  const [round, setRound] = useState(0);
  const [state, setState] = useState<Loadable<LibraryPage>>({ status: 'loading' });
  const [notice, setNotice] = useState<'saved' | 'removed' | undefined>();

  useEffect(() => {
    let current = true;
    setState((s) => (s.status === 'ok' ? s : { status: 'loading' }));
    void call('listPostmortems', requestOf(filters, page)).then((answer) => {
      if (current) setState(answer.ok ? { status: 'ok', data: answer.data } : { status: 'error', error: answer.error });
    });
    return () => {
      current = false;
    };
  }, [filters, page, round]);

  const apply = (next: Filters) => {
    setNotice(undefined);
    setFilters(next);
    setPage(1);
  };
  const changed = (kind?: 'saved' | 'removed') => {
    setNotice(kind);
    setRound((r) => r + 1);
  };
  const number = (n: number) => n.toLocaleString(locale);

  return (
    <section className="kz-lib" data-testid="postmortem-library" aria-busy={state.status === 'loading'}>
      <header className="kz-lib-head">
        <h1 className="kz-h1" data-testid="locale-text">
          {t('library.title')}
        </h1>
        <p className="kz-subtle">{t('library.subtitle')}</p>
      </header>
      <FilterBar applied={filters} onApply={apply} />
      {notice ? <RecommendNotice kind={notice} /> : null}
      {state.status === 'loading' ? <Loading /> : null}
      {state.status === 'error' ? <ErrorMessage error={state.error} onRetry={() => setRound((r) => r + 1)} /> : null}
      {state.status === 'error' && state.error.code === 'content-not-visible' ? (
        <p className="kz-subtle" data-testid="library-pages-only">
          {t('library.pagesOnly')}
        </p>
      ) : null}
      {state.status === 'ok' ? (
        <Results
          data={state.data}
          filtered={isFiltered(filters)}
          number={number}
          onPage={(p) => {
            setNotice(undefined);
            setPage(p);
          }}
          onChanged={changed}
        />
      ) : null}
    </section>
  );
}

/**
 * One page of results. The count ("N postmortems · page X of Y") is shown when the answer carries a total (no
 * free-text filter); otherwise "Page X", with Previous / Next driven by `hasMore`. Rows the viewer cannot read are
 * simply not on the page (it may hold fewer than 20): no note says so, for a note would tell that they exist.
 */
function Results({ data, filtered, number, onPage, onChanged }: { data: LibraryPage; filtered: boolean; number: (n: number) => string; onPage: (p: number) => void; onChanged: (kind?: 'saved' | 'removed') => void }) {
  const { t } = useLibraryI18n();
  if (data.rows.length === 0 && !data.hasMore) {
    return (
      <div className="kz-lib-empty" data-testid="library-empty">
        <p>{filtered ? t('library.empty') : t('library.emptyAll')}</p>
        {data.page > 1 ? (
          <Button testId="page-first" onClick={() => onPage(1)}>
            {t('library.previous')}
          </Button>
        ) : null}
      </div>
    );
  }
  const total = data.total;
  const pageText = total === undefined ? t('library.page', { page: number(data.page) }) : t('library.pageOf', { page: number(data.page), pages: number(Math.max(1, Math.ceil(total / data.pageSize))) });
  return (
    <>
      <p className="kz-lib-count kz-subtle" data-testid="library-count" data-total={total} data-page={data.page} data-has-more={data.hasMore ? 'true' : 'false'}>
        {total === undefined ? null : (
          <>
            {total === 1 ? t('library.countOne') : t('library.count', { total: number(total) })}
            <span className="kz-sep">·</span>
          </>
        )}
        <span data-testid="library-page">{pageText}</span>
      </p>
      <ul className="kz-lib-list" data-testid="library-list">
        {data.rows.map((row) => (
          <LibraryRow key={row.pageId} row={row} onChanged={onChanged} />
        ))}
      </ul>
      <nav className="kz-lib-pager" aria-label={pageText}>
        <Button testId="page-previous" disabled={data.page <= 1} onClick={() => onPage(data.page - 1)}>
          {t('library.previous')}
        </Button>
        <Button testId="page-next" disabled={!data.hasMore} onClick={() => onPage(data.page + 1)}>
          {t('library.next')}
        </Button>
      </nav>
    </>
  );
}
