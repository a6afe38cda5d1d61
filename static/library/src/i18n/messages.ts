/**
 * The library's own catalogue on top of the shared one (static/shared/i18n/messages.ts), as the admin page does
 * (static/admin/src/i18n/messages.ts): compile-time checks that both languages have the same keys and placeholders,
 * and that no key repeats a shared one.
 */
import type { CatalogueOf, MismatchedPlaceholders } from '../../../../src/shared/message-catalogue';
import type { English as SharedEnglish, Language } from '../../../shared/i18n/messages';
import { en } from './en';
import { ja } from './ja';

type English = typeof en;
type Japanese = typeof ja;
export type LibraryEnglish = SharedEnglish & English;

en satisfies CatalogueOf<English>;
ja satisfies CatalogueOf<English>;
const placeholdersMatch: [MismatchedPlaceholders<English, Japanese>] extends [never] ? true : MismatchedPlaceholders<English, Japanese> = true;
const noSharedKey: [keyof English & keyof SharedEnglish] extends [never] ? true : keyof English & keyof SharedEnglish = true;
void placeholdersMatch;
void noSharedKey;

export const LIBRARY_CATALOGUES: Readonly<Record<Language, CatalogueOf<English>>> = { en, ja };
