/**
 * The admin page's I18n: the view's (static/shared/mount.tsx picks the language and zone) speaking the admin
 * catalogue too. `AdminTexts` wraps the app once; every admin component reads `useAdminI18n()`, typed with the
 * admin keys. Shared components keep `useAdminI18n()` and the shared keys.
 */
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { withCatalogue, type I18nOf } from '@ui/i18n/i18n';
import { useI18n } from '@ui/i18n/i18n-context';
import { ADMIN_CATALOGUES, type AdminEnglish } from './messages';

export type AdminI18n = I18nOf<AdminEnglish>;

const AdminI18nContext = createContext<AdminI18n | null>(null);

export function AdminTexts({ children }: { children: ReactNode }) {
  const base = useI18n();
  const i18n = useMemo(() => withCatalogue(base, ADMIN_CATALOGUES), [base]);
  return <AdminI18nContext value={i18n}>{children}</AdminI18nContext>;
}

export function useAdminI18n(): AdminI18n {
  const i18n = useContext(AdminI18nContext);
  if (!i18n) throw new Error('useAdminI18n outside AdminTexts');
  return i18n;
}
