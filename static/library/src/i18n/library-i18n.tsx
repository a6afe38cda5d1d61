/** The library's I18n: the view's (language and zone from static/shared/mount.tsx) speaking its own catalogue too. */
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { withCatalogue, type I18nOf } from '@ui/i18n/i18n';
import { useI18n } from '@ui/i18n/i18n-context';
import { LIBRARY_CATALOGUES, type LibraryEnglish } from './messages';

export type LibraryI18n = I18nOf<LibraryEnglish>;

const LibraryI18nContext = createContext<LibraryI18n | null>(null);

export function LibraryTexts({ children }: { children: ReactNode }) {
  const base = useI18n();
  const i18n = useMemo(() => withCatalogue(base, LIBRARY_CATALOGUES), [base]);
  return <LibraryI18nContext value={i18n}>{children}</LibraryI18nContext>;
}

export function useLibraryI18n(): LibraryI18n {
  const i18n = useContext(LibraryI18nContext);
  if (!i18n) throw new Error('useLibraryI18n outside LibraryTexts');
  return i18n;
}
