/** The library's filters as the UI holds them, and the request they make (src/shared/library.ts). */
import type { LibraryPeriod, LibrarySort, ListPostmortemsRequest } from '@shared/library';
import type { ReleaseProblemClass } from '@shared/metrics';
import type { Level } from '@shared/vocabulary';

export interface Filters {
  search: string;
  level: Level | '';
  service: string;
  period: LibraryPeriod;
  releaseClass: ReleaseProblemClass | '';
  label: string;
  recommendedOnly: boolean;
  includeDrills: boolean;
  sort: LibrarySort;
}

export const NO_FILTERS: Filters = { search: '', level: '', service: '', period: 'all', releaseClass: '', label: '', recommendedOnly: false, includeDrills: false, sort: 'newest' };

export const isFiltered = (f: Filters): boolean =>
  f.search.trim() !== '' || f.level !== '' || f.service.trim() !== '' || f.period !== 'all' || f.releaseClass !== '' || f.label.trim() !== '' || f.recommendedOnly || f.includeDrills;

export function requestOf(f: Filters, page: number): ListPostmortemsRequest {
  return {
    search: f.search.trim() || null,
    level: f.level || null,
    service: f.service.trim() || null,
    period: f.period,
    releaseClass: f.releaseClass || null,
    label: f.label.trim().toLowerCase() || null,
    recommendedOnly: f.recommendedOnly,
    includeDrills: f.includeDrills,
    sort: f.sort,
    page,
  };
}
