/**
 * The Confluence emulator's persisted records and the store namespaces that hold them.
 *
 * Every piece of state lives in the sandbox {@link Store} under a namespace prefixed `confluence:`, so a
 * sandbox restart keeps it and `seed()` can wipe exactly this product. Records are plain data (msgpack in
 * LMDB); the JSON the REST API returns is built from them in `serialize.ts` / `v1-content.ts`.
 */

/** Store namespaces. Keys are documented next to each one. */
export const NS = {
  /** key: padded space id → {@link SpaceRecord} */
  spaces: 'confluence:spaces',
  /** key: padded page id → {@link PageRecord} */
  pages: 'confluence:pages',
  /** key: `<padded page id>/<padded version number>` → {@link PageVersionRecord} (every version, latest included) */
  versions: 'confluence:versions',
  /** key: `<space id>/<lower-cased title>` → page id. Only pages whose status reserves their title. */
  titles: 'confluence:titles',
  /** key: `<padded parent id>/<padded child id>` → child id. Every page that has a parent, whatever its status. */
  children: 'confluence:children',
  /** key: `<padded page id>/<prefix>:<name>` → {@link LabelRecord} */
  labels: 'confluence:labels',
  /** key: `<prefix>:<name>` → label id. Labels are site-wide entities in Confluence, with one id per name. */
  labelIds: 'confluence:label-ids',
  /** key: `<padded page id>/<padded property id>` → {@link PropertyRecord} */
  properties: 'confluence:properties',
  /** key: account id → {@link ConfluenceUser} */
  users: 'confluence:users',
  /** counters (`seq:<name>`) and the seed marker */
  meta: 'confluence:meta',
} as const;

/** Every namespace the emulator writes (what `seed()` clears). */
export const ALL_NAMESPACES: readonly string[] = Object.values(NS);

/** Zero-pads a numeric id so the store's lexicographic key order is numeric order. */
export function pad(id: string | number, width = 16): string {
  return String(id).padStart(width, '0');
}

/** `historical` is never stored: it is how an older version is shown. */
export type PageStatus = 'current' | 'draft' | 'trashed' | 'archived' | 'historical';

/** Statuses whose title blocks another page with the same title in the space (drafts and trash don't). */
export const TITLE_RESERVING: ReadonlySet<PageStatus> = new Set(['current', 'archived']);

/** Body representations the emulator stores (the API also names `wiki`, which is not emulated). */
export type Representation = 'storage' | 'atlas_doc_format';

/** A body as stored: the representation it was written in, and its value (ADF is a JSON string, as on the wire). */
export interface StoredBody {
  representation: Representation;
  value: string;
}

/** The v2 `Version` of a page or content property. */
export interface VersionInfo {
  number: number;
  message: string;
  minorEdit: boolean;
  authorId: string;
  createdAt: string;
}

/** A space. Spaces are seeded, never created through the API. */
export interface SpaceRecord {
  id: string;
  key: string;
  name: string;
  type: 'global' | 'personal';
  status: 'current' | 'archived';
  authorId: string;
  createdAt: string;
  homepageId: string;
  description: string;
}

/** A page as it is now (its latest version, or its draft). */
export interface PageRecord {
  id: string;
  spaceId: string;
  /** null for a page at the root of the space (the homepage, or one created with `root-level=true`). */
  parentId: string | null;
  title: string;
  status: PageStatus;
  authorId: string;
  ownerId: string;
  lastOwnerId: string | null;
  createdAt: string;
  /** Sibling order; larger is later. */
  position: number;
  version: VersionInfo;
  body: StoredBody;
  /** Set when created with `private=true`: only this account (and the app) may see the page. */
  privateTo: string | null;
}

/** One version of a page: the metadata plus what the page looked like at that version. */
export interface PageVersionRecord extends VersionInfo {
  pageId: string;
  title: string;
  body: StoredBody;
  status: PageStatus;
}

/** A label on one page. */
export interface LabelRecord {
  id: string;
  prefix: string;
  name: string;
  createdAt: string;
}

/** A content property of a page. */
export interface PropertyRecord {
  id: string;
  pageId: string;
  key: string;
  value: unknown;
  version: VersionInfo;
}

/** A user of the site (the sandbox users and the app's own account). */
export interface ConfluenceUser {
  accountId: string;
  displayName: string;
  email: string;
  accountType: 'atlassian' | 'app';
  timeZone: string;
  /** May create and edit pages in the seeded space. */
  canEdit: boolean;
}
