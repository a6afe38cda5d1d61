/**
 * The admin page's own catalogue, on top of the shared one (static/shared/i18n/messages.ts): the settings, sources,
 * dead letters and history texts only this bundle needs, so the panel, macro and gadget do not carry them.
 * Compile-time guarantees, as for the shared catalogue (`npm run typecheck`):
 * - a key missing from, or extra in, either language is an error (`satisfies`);
 * - a Japanese text whose `{placeholders}` differ from the English one is an error naming the key;
 * - a key the shared catalogue has too is an error naming it (one text per key, whichever bundle);
 * - a field problem code (src/shared/resolver-result.ts) without a `problem.<code>` text is an error naming it.
 * Relative imports (no `@ui` alias), so unit tests in test/ui can load it as it is.
 */
import type { FieldProblemCode } from '../../../../src/shared/resolver-result';
import type { CatalogueOf, MismatchedPlaceholders, ParamsArg as ParamsArgOf } from '../../../../src/shared/message-catalogue';
import { CATALOGUES as SHARED, type English as SharedEnglish, type Language } from '../../../shared/i18n/messages';
import { en } from './en';
import { ja } from './ja';

type English = typeof en;
type Japanese = typeof ja;
/** The admin page's English: the shared texts and its own. */
export type AdminEnglish = SharedEnglish & English;
export type AdminMessageKey = keyof AdminEnglish;
export type AdminParamsArg<K extends AdminMessageKey> = ParamsArgOf<AdminEnglish, K>;

en satisfies CatalogueOf<English>;
ja satisfies CatalogueOf<English>;

// A compile error here names the key whose placeholders differ between en and ja.
const placeholdersMatch: [MismatchedPlaceholders<English, Japanese>] extends [never] ? true : MismatchedPlaceholders<English, Japanese> = true;
// … the admin key the shared catalogue has too.
const noSharedKey: [keyof English & keyof SharedEnglish] extends [never] ? true : keyof English & keyof SharedEnglish = true;
// … the field problem code without a text.
const everyProblemSaid: [Exclude<`problem.${FieldProblemCode}`, keyof English>] extends [never] ? true : Exclude<`problem.${FieldProblemCode}`, keyof English> = true;
void placeholdersMatch;
void noSharedKey;
void everyProblemSaid;

/** The admin page's own texts, by language (without the shared ones). */
export const ADMIN_CATALOGUES: Readonly<Record<Language, CatalogueOf<English>>> = { en, ja };

/** Every text the admin page can show in `lang`, shared and its own (a function, so a bundle that does not call it drops it). */
export const allAdminTexts = (lang: Language): CatalogueOf<AdminEnglish> => ({ ...SHARED[lang], ...ADMIN_CATALOGUES[lang] });
