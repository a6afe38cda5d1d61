import type { Store } from '../store/store';
import {
  NS,
  pad,
  TITLE_RESERVING,
  type ConfluenceUser,
  type LabelRecord,
  type PageRecord,
  type PageVersionRecord,
  type PropertyRecord,
  type SpaceRecord,
} from './model';

/** First value of each id sequence (distinct ranges, so an id of one kind is never mistaken for another). */
const SEQUENCE_START = { space: 196609, content: 65537, property: 800001, label: 400001, position: 1 } as const;
/** The id sequences. */
export type Sequence = keyof typeof SEQUENCE_START;

/**
 * All reads and writes of Confluence state, and the only code that maintains the secondary indexes
 * (titles per space, children per parent). Callers run mutating sequences inside `store.transaction`.
 */
export class ConfluenceRepo {
  constructor(readonly store: Store) {}

  /** Next id of a sequence. Kept in the `confluence:meta` namespace so `seed()` restarts the numbering. */
  nextId(seq: Sequence): string {
    const key = `seq:${seq}`;
    const next = (this.store.get<number>(NS.meta, key) ?? SEQUENCE_START[seq] - 1) + 1;
    this.store.put(NS.meta, key, next);
    return String(next);
  }

  // ── spaces ────────────────────────────────────────────────────────────────
  getSpace(id: string): SpaceRecord | undefined {
    return /^\d+$/.test(id) ? this.store.get<SpaceRecord>(NS.spaces, pad(id)) : undefined;
  }
  spaceByKey(key: string): SpaceRecord | undefined {
    return this.listSpaces().find((s) => s.key === key);
  }
  listSpaces(): SpaceRecord[] {
    return this.store.range<SpaceRecord>(NS.spaces).map((e) => e.value);
  }
  putSpace(space: SpaceRecord): void {
    this.store.put(NS.spaces, pad(space.id), space);
  }

  // ── pages ─────────────────────────────────────────────────────────────────
  getPage(id: string): PageRecord | undefined {
    return /^\d+$/.test(id) ? this.store.get<PageRecord>(NS.pages, pad(id)) : undefined;
  }
  /** Every page in id order (the sandbox holds at most thousands; callers filter in memory). */
  listPages(): PageRecord[] {
    return this.store.range<PageRecord>(NS.pages).map((e) => e.value);
  }
  /** The page id holding `title` in the space, compared case-insensitively as Confluence does. */
  titleOwner(spaceId: string, title: string): string | undefined {
    return this.store.get<string>(NS.titles, titleKey(spaceId, title));
  }
  childIds(parentId: string): string[] {
    return this.store.range<string>(NS.children, { prefix: `${pad(parentId)}/` }).map((e) => e.value);
  }

  /** Writes a page and brings the title and children indexes in line with the change from `prev`. */
  savePage(next: PageRecord, prev?: PageRecord): void {
    if (prev && TITLE_RESERVING.has(prev.status)) {
      const key = titleKey(prev.spaceId, prev.title);
      if (this.store.get<string>(NS.titles, key) === prev.id) this.store.delete(NS.titles, key);
    }
    if (TITLE_RESERVING.has(next.status)) this.store.put(NS.titles, titleKey(next.spaceId, next.title), next.id);
    if (prev?.parentId && prev.parentId !== next.parentId) this.store.delete(NS.children, childKey(prev.parentId, prev.id));
    if (next.parentId) this.store.put(NS.children, childKey(next.parentId, next.id), next.id);
    this.store.put(NS.pages, pad(next.id), next);
  }

  /** Removes a page and everything hanging off it (versions, labels, properties, index entries). */
  purgePage(page: PageRecord): void {
    const key = titleKey(page.spaceId, page.title);
    if (this.store.get<string>(NS.titles, key) === page.id) this.store.delete(NS.titles, key);
    if (page.parentId) this.store.delete(NS.children, childKey(page.parentId, page.id));
    for (const ns of [NS.versions, NS.labels, NS.properties]) {
      for (const { key: k } of this.store.range(ns, { prefix: `${pad(page.id)}/` })) this.store.delete(ns, k);
    }
    this.store.delete(NS.pages, pad(page.id));
  }

  // ── versions ──────────────────────────────────────────────────────────────
  putVersion(v: PageVersionRecord): void {
    this.store.put(NS.versions, `${pad(v.pageId)}/${pad(v.number, 8)}`, v);
  }
  getVersion(pageId: string, n: number): PageVersionRecord | undefined {
    return this.store.get<PageVersionRecord>(NS.versions, `${pad(pageId)}/${pad(n, 8)}`);
  }
  /** Oldest first. */
  listVersions(pageId: string): PageVersionRecord[] {
    return this.store.range<PageVersionRecord>(NS.versions, { prefix: `${pad(pageId)}/` }).map((e) => e.value);
  }

  // ── labels ────────────────────────────────────────────────────────────────
  /** In the order they were added to the page. */
  labels(pageId: string): LabelRecord[] {
    return this.store
      .range<LabelRecord>(NS.labels, { prefix: `${pad(pageId)}/` })
      .map((e) => e.value)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || Number(a.id) - Number(b.id));
  }
  /** Adds a label (idempotent); the label's id is site-wide, shared by every page carrying it. */
  addLabel(pageId: string, prefix: string, name: string, createdAt: string): LabelRecord {
    const key = `${pad(pageId)}/${prefix}:${name}`;
    const existing = this.store.get<LabelRecord>(NS.labels, key);
    if (existing) return existing;
    let id = this.store.get<string>(NS.labelIds, `${prefix}:${name}`);
    if (!id) {
      id = this.nextId('label');
      this.store.put(NS.labelIds, `${prefix}:${name}`, id);
    }
    const label: LabelRecord = { id, prefix, name, createdAt };
    this.store.put(NS.labels, key, label);
    return label;
  }
  /** Removes a label by name (any prefix unless given). Returns whether one was removed. */
  removeLabel(pageId: string, name: string, prefix?: string): boolean {
    let removed = false;
    for (const l of this.labels(pageId)) {
      if (l.name === name && (prefix === undefined || l.prefix === prefix)) {
        removed = this.store.delete(NS.labels, `${pad(pageId)}/${l.prefix}:${l.name}`) || removed;
      }
    }
    return removed;
  }

  // ── content properties ────────────────────────────────────────────────────
  properties(pageId: string): PropertyRecord[] {
    return this.store.range<PropertyRecord>(NS.properties, { prefix: `${pad(pageId)}/` }).map((e) => e.value);
  }
  getProperty(pageId: string, propertyId: string): PropertyRecord | undefined {
    return /^\d+$/.test(propertyId) ? this.store.get<PropertyRecord>(NS.properties, `${pad(pageId)}/${pad(propertyId)}`) : undefined;
  }
  putProperty(p: PropertyRecord): void {
    this.store.put(NS.properties, `${pad(p.pageId)}/${pad(p.id)}`, p);
  }
  deleteProperty(p: PropertyRecord): void {
    this.store.delete(NS.properties, `${pad(p.pageId)}/${pad(p.id)}`);
  }

  // ── users ─────────────────────────────────────────────────────────────────
  getUser(accountId: string): ConfluenceUser | undefined {
    return this.store.get<ConfluenceUser>(NS.users, accountId);
  }
  putUser(user: ConfluenceUser): void {
    this.store.put(NS.users, user.accountId, user);
  }
}

function titleKey(spaceId: string, title: string): string {
  return `${spaceId}/${title.toLowerCase()}`;
}

function childKey(parentId: string, childId: string): string {
  return `${pad(parentId)}/${pad(childId)}`;
}
