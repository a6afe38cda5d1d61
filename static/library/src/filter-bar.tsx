/**
 * The library's filters: search, level, service, period, release class, label, recommended only, drills, sort.
 * Choices (selects, switches) apply at once; typed text (search, service, label) applies on Enter or Apply.
 */
import { useId, useState, type ReactNode } from 'react';
import { LIBRARY_PERIODS, LIBRARY_SORTS } from '@shared/library';
import { RELEASE_PROBLEM_CLASSES } from '@shared/metrics';
import { LEVELS } from '@shared/vocabulary';
import { Button } from '@ui/components/button';
import { useLibraryI18n } from './i18n/library-i18n';
import { isFiltered, NO_FILTERS, type Filters } from './filters';

function Field({ label, children, id }: { label: string; id: string; children: ReactNode }) {
  return (
    <div className="kz-lib-field">
      <label className="kz-lib-field__label" htmlFor={id}>
        {label}
      </label>
      {children}
    </div>
  );
}

export function FilterBar({ applied, onApply }: { applied: Filters; onApply: (f: Filters) => void }) {
  const { t } = useLibraryI18n();
  const [draft, setDraft] = useState<Filters>(applied);
  const ids = { search: useId(), level: useId(), service: useId(), period: useId(), cls: useId(), label: useId(), sort: useId() };
  // a choice applies at once, with whatever text is typed so far
  const choose = (change: Partial<Filters>) => {
    const next = { ...draft, ...change };
    setDraft(next);
    onApply(next);
  };
  const type = (change: Partial<Filters>) => setDraft({ ...draft, ...change });
  return (
    <form
      className="kz-lib-filters"
      aria-label={t('library.filters')}
      data-testid="library-filters"
      onSubmit={(e) => {
        e.preventDefault();
        onApply(draft);
      }}
    >
      <Field label={t('library.filter.search')} id={ids.search}>
        <input id={ids.search} className="kz-lib-input kz-lib-input--wide" type="search" maxLength={200} value={draft.search} placeholder={t('library.filter.searchPlaceholder')} onChange={(e) => type({ search: e.target.value })} data-testid="filter-search" />
      </Field>
      <Field label={t('library.filter.level')} id={ids.level}>
        <select id={ids.level} className="kz-lib-input" value={draft.level} onChange={(e) => choose({ level: e.target.value as Filters['level'] })} data-testid="filter-level">
          <option value="">{t('library.any')}</option>
          {LEVELS.map((l) => (
            <option key={l} value={l}>
              {t(`level.${l}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('library.filter.service')} id={ids.service}>
        <input id={ids.service} className="kz-lib-input" maxLength={255} value={draft.service} placeholder={t('library.filter.servicePlaceholder')} onChange={(e) => type({ service: e.target.value })} data-testid="filter-service" />
      </Field>
      <Field label={t('library.filter.period')} id={ids.period}>
        <select id={ids.period} className="kz-lib-input" value={draft.period} onChange={(e) => choose({ period: e.target.value as Filters['period'] })} data-testid="filter-period">
          {LIBRARY_PERIODS.map((p) => (
            <option key={p} value={p}>
              {t(`library.period.${p}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('library.filter.releaseClass')} id={ids.cls}>
        <select id={ids.cls} className="kz-lib-input" value={draft.releaseClass} onChange={(e) => choose({ releaseClass: e.target.value as Filters['releaseClass'] })} data-testid="filter-release-class">
          <option value="">{t('library.any')}</option>
          {RELEASE_PROBLEM_CLASSES.map((c) => (
            <option key={c} value={c}>
              {t(`library.class.${c}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('library.filter.label')} id={ids.label}>
        <input id={ids.label} className="kz-lib-input" maxLength={255} value={draft.label} placeholder={t('library.filter.labelPlaceholder')} onChange={(e) => type({ label: e.target.value })} data-testid="filter-label" />
      </Field>
      <Field label={t('library.filter.sort')} id={ids.sort}>
        <select id={ids.sort} className="kz-lib-input" value={draft.sort} onChange={(e) => choose({ sort: e.target.value as Filters['sort'] })} data-testid="filter-sort">
          {LIBRARY_SORTS.map((s) => (
            <option key={s} value={s}>
              {t(`library.sort.${s}`)}
            </option>
          ))}
        </select>
      </Field>
      <div className="kz-lib-switches">
        <label className="kz-lib-check">
          <input type="checkbox" checked={draft.recommendedOnly} onChange={(e) => choose({ recommendedOnly: e.target.checked })} data-testid="filter-recommended" />
          {t('library.filter.recommendedOnly')}
        </label>
        <label className="kz-lib-check">
          <input type="checkbox" checked={draft.includeDrills} onChange={(e) => choose({ includeDrills: e.target.checked })} data-testid="filter-drills" />
          {t('library.filter.includeDrills')}
        </label>
      </div>
      <div className="kz-lib-filters__actions">
        <Button type="submit" appearance="primary" testId="filter-apply">
          {t('library.filter.apply')}
        </Button>
        {isFiltered(draft) ? (
          <Button appearance="subtle" testId="filter-clear" onClick={() => choose({ ...NO_FILTERS, sort: draft.sort })}>
            {t('library.filter.clear')}
          </Button>
        ) : null}
      </div>
    </form>
  );
}
