import { APP_ACCOUNT_ID, SANDBOX_USERS } from '../core/product';
import type { Store } from '../store/store';
import { ALL_NAMESPACES, NS, type JiraCatalog } from './model';

/** The project every Kaizen incident lives in. */
export const OPS_PROJECT_ID = '10000';
export const OPS_PROJECT_KEY = 'OPS';
export const TASK_TYPE_ID = '10001';
export const INCIDENT_TYPE_ID = '10002';
export const STATUS_TODO = '10000';
export const STATUS_IN_PROGRESS = '3';
export const STATUS_DONE = '10001';
export const RESOLUTION_DONE = '10000';
/** Jira sets this priority when a create request names none. */
export const DEFAULT_PRIORITY_ID = '3';
/** The display name of the app's own account (what asApp() shows as reporter / comment author). */
export const APP_DISPLAY_NAME = 'Kaizen';

/**
 * The seeded catalogue. Ids follow a fresh Jira Cloud site: the simplified workflow's statuses To Do (10000),
 * In Progress (3) and Done (10001) with the global transitions 11/21/31, priorities 1..5, the default
 * resolutions and issue link types (10000..10003) plus Jira Service Management's "Problem/Incident".
 */
export function buildCatalog(): JiraCatalog {
  return {
    projects: [
      {
        id: OPS_PROJECT_ID,
        key: OPS_PROJECT_KEY,
        name: 'Operations',
        description: 'Incidents and follow-up work of the operations team.',
        leadAccountId: SANDBOX_USERS[0]?.accountId ?? APP_ACCOUNT_ID,
        issueTypeIds: [TASK_TYPE_ID, INCIDENT_TYPE_ID],
      },
    ],
    issueTypes: [
      { id: TASK_TYPE_ID, name: 'Task', description: 'A small, distinct piece of work.', avatarId: 10318, hierarchyLevel: 0 },
      { id: INCIDENT_TYPE_ID, name: 'Incident', description: 'For system outages or incidents.', avatarId: 10575, hierarchyLevel: 0 },
    ],
    statusCategories: [
      { id: 1, key: 'undefined', name: 'No Category', colorName: 'medium-gray' },
      { id: 2, key: 'new', name: 'To Do', colorName: 'blue-gray' },
      { id: 4, key: 'indeterminate', name: 'In Progress', colorName: 'yellow' },
      { id: 3, key: 'done', name: 'Done', colorName: 'green' },
    ],
    statuses: [
      { id: STATUS_TODO, name: 'To Do', description: '', categoryId: 2, icon: 'open.png' },
      { id: STATUS_IN_PROGRESS, name: 'In Progress', description: 'This issue is being actively worked on at the moment by the assignee.', categoryId: 4, icon: 'inprogress.png' },
      { id: STATUS_DONE, name: 'Done', description: '', categoryId: 3, icon: 'closed.png' },
    ],
    transitions: [
      { id: '11', name: 'To Do', toStatusId: STATUS_TODO, isGlobal: true },
      { id: '21', name: 'In Progress', toStatusId: STATUS_IN_PROGRESS, isGlobal: true },
      { id: '31', name: 'Done', toStatusId: STATUS_DONE, isGlobal: true },
    ],
    priorities: [
      { id: '1', name: 'Highest', description: 'This problem will block progress.', statusColor: '#d04437', icon: 'highest.svg', isDefault: false },
      { id: '2', name: 'High', description: 'Serious problem that could block progress.', statusColor: '#f15C75', icon: 'high.svg', isDefault: false },
      { id: '3', name: 'Medium', description: 'Has the potential to affect progress.', statusColor: '#f79232', icon: 'medium.svg', isDefault: true },
      { id: '4', name: 'Low', description: 'Minor problem or easily worked around.', statusColor: '#707070', icon: 'low.svg', isDefault: false },
      { id: '5', name: 'Lowest', description: 'Trivial problem with little or no impact on progress.', statusColor: '#999999', icon: 'lowest.svg', isDefault: false },
    ],
    resolutions: [
      { id: RESOLUTION_DONE, name: 'Done', description: 'Work has been completed on this issue.' },
      { id: '10001', name: "Won't Do", description: 'This issue won\'t be actioned.' },
      { id: '10002', name: 'Duplicate', description: 'The problem is a duplicate of an existing issue.' },
      { id: '10003', name: 'Cannot Reproduce', description: 'All attempts at reproducing this issue failed.' },
    ],
    linkTypes: [
      { id: '10000', name: 'Blocks', inward: 'is blocked by', outward: 'blocks' },
      { id: '10001', name: 'Cloners', inward: 'is cloned by', outward: 'clones' },
      { id: '10002', name: 'Duplicate', inward: 'is duplicated by', outward: 'duplicates' },
      { id: '10003', name: 'Relates', inward: 'relates to', outward: 'relates to' },
      { id: '10004', name: 'Problem/Incident', inward: 'is caused by', outward: 'causes' },
    ],
    users: [
      ...SANDBOX_USERS.map((u) => ({
        accountId: u.accountId,
        displayName: u.displayName,
        email: u.email,
        locale: u.locale,
        timeZone: u.timeZone,
        accountType: 'atlassian' as const,
        canEdit: u.canEdit,
        isAdmin: u.isAdmin,
      })),
      { accountId: APP_ACCOUNT_ID, displayName: APP_DISPLAY_NAME, email: null, locale: 'en_US', timeZone: 'UTC', accountType: 'app', canEdit: true },
    ],
  };
}

const CATALOG_KEY = 'catalog';

/** Clears every Jira namespace (issues, comments, links, properties, counters…) and writes the catalogue. */
export function resetJira(store: Store): void {
  store.transaction(() => {
    for (const ns of ALL_NAMESPACES) store.clearNamespace(ns);
    store.put(NS.config, CATALOG_KEY, buildCatalog());
  });
}

/** Writes the catalogue if the store has never been seeded; keeps existing issues. Returns whether it wrote. */
export function ensureSeeded(store: Store): boolean {
  if (store.get<JiraCatalog>(NS.config, CATALOG_KEY)) return false;
  store.put(NS.config, CATALOG_KEY, buildCatalog());
  return true;
}

export function readCatalog(store: Store): JiraCatalog {
  const catalog = store.get<JiraCatalog>(NS.config, CATALOG_KEY);
  if (!catalog) throw new Error('Jira emulator is not seeded');
  return catalog;
}
