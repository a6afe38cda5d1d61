/**
 * A Forge macro (Custom UI) in Confluence storage format.
 *
 * Confluence Cloud stores a Forge macro as the ADF `extension` node it is in the editor, wrapped for storage as
 * `ac:adf-extension` > `ac:adf-node type="extension"`, ADF attributes as `ac:adf-attribute` and the `parameters`
 * object as nested `ac:adf-parameter`s; ADF's camelCase keys are written kebab-case (`extensionKey` →
 * `extension-key`, `guestParams` → `guest-params`, `localId` → `local-id`). The macro's own configuration
 * (`context.extension.config` in the app) is `guest-params`.
 *
 * What this is based on (no Atlassian page documents the storage shape of a Forge macro in full):
 * - Atlassian's REST reference for "Get macro body by macro ID" (developer.atlassian.com/cloud/confluence/rest/v1/
 *   api-group-content-body/): for a Forge macro the macro id is the `local-id` parameter inside the `parameters`
 *   node, with the example `<ac:adf-node type="extension"><ac:adf-attribute key="extension-type">
 *   com.atlassian.ecosystem</ac:adf-attribute><ac:adf-attribute key="parameters"><ac:adf-parameter key="local-id">…`;
 * - storage read back from Confluence Cloud in public apps' code and fixtures: codeclou's advanced-codeblocks README
 *   (a Connect → Forge macro: extension-key `<appId>/<envId>/static/<module>`, `local-id`, `extension-id`
 *   `ari:cloud:ecosystem::extension/<extension-key>`, `extension-title`, `guest-params` with the macro's config,
 *   then `text`, `layout`, `local-id` attributes), a digital-signature app's test fixture writing the same shape
 *   through the REST API, and a keyword-extractor fixture with the `ac:adf-fallback` copy Confluence adds;
 * - Atlassian's "Migrate a macro module from Connect to Forge" guide: `extensionType` `com.atlassian.ecosystem`,
 *   `extensionKey` prefixed with the app (and environment) id, config under `parameters.guestParams`.
 * `ac:adf-fallback` (a legacy rendering Confluence writes for old clients) is left out: Confluence derives it on save.
 */
import { el, type XElement } from './xhtml';

/** The ADF extension type of every Forge module rendered in the editor. */
export const FORGE_EXTENSION_TYPE = 'com.atlassian.ecosystem';

/** A Forge extension key: `<appId>/<environmentId>/static/<moduleKey>`. */
const EXTENSION_KEY = /^[^/\s]+\/[^/\s]+\/static\/[^/\s]+$/;

export interface ForgeMacroInput {
  /** `<appId>/<environmentId>/static/<moduleKey>` (the app id without its `ari:cloud:ecosystem::app/` prefix). */
  extensionKey: string;
  /** The module's title in the manifest, shown while the macro loads and in the editor. */
  title: string;
  /**
   * The macro instance's id: Confluence's macro id for Forge macros, `localId` in the app's `view.getContext()`.
   * Must be unique on the page and stable, so the same page rendered twice is the same page.
   */
  localId: string;
  /** The macro's configuration: `context.extension.config[camelCase(key)]` in the app. Keys are kebab-case. */
  guestParams: Readonly<Record<string, string>>;
}

/** The Forge macro as storage: `<ac:adf-extension><ac:adf-node type="extension">…</ac:adf-node></ac:adf-extension>`. */
export function forgeMacro({ extensionKey, title, localId, guestParams }: ForgeMacroInput): XElement {
  // A wrong key (a full ARI, a missing environment) gives a broken macro on every incident page: refuse it here.
  if (!EXTENSION_KEY.test(extensionKey)) throw new Error(`forgeMacro: extensionKey must be '<appId>/<envId>/static/<module>', got '${extensionKey}'`);
  const attribute = (key: string, ...content: (string | XElement)[]): XElement => el('ac:adf-attribute', { key }, ...content);
  const parameter = (key: string, ...content: (string | XElement)[]): XElement => el('ac:adf-parameter', { key }, ...content);
  return el(
    'ac:adf-extension',
    {},
    el(
      'ac:adf-node',
      { type: 'extension' },
      attribute('extension-key', extensionKey),
      attribute('extension-type', FORGE_EXTENSION_TYPE),
      attribute(
        'parameters',
        parameter('local-id', localId),
        parameter('extension-id', `ari:cloud:ecosystem::extension/${extensionKey}`),
        parameter('extension-title', title),
        parameter('guest-params', ...Object.entries(guestParams).map(([key, value]) => parameter(key, value))),
      ),
      attribute('text', title),
      attribute('layout', 'default'),
      attribute('local-id', localId),
    ),
  );
}
