import type { Incident } from './incident';
import { jiraSyncRule, levelOfPriority } from './jira-sync';

const PRIORITIES = { SEV1: 'Highest', SEV2: 'High', SEV3: 'Medium', SEV4: 'Low' } as const;
const ben = { accountId: '557058:ben-carter', displayName: 'Ben Carter' };
const aiko = { accountId: '557058:aiko-sato', displayName: 'Aiko Sato', at: '2026-12-02T10:05:00.000Z' };
const at = new Date('2026-12-02T10:00:00.000Z');

const incident = (over: Partial<Incident> = {}): Incident =>
  ({ id: 'inc-1', title: 'Mackerel: web-01 CPU', state: 'acknowledged', level: 'SEV3', reopenCount: 0, timelineCount: 3, version: 4, ...over }) as Incident;

describe('jiraSyncRule (Jira edit → person action)', () => {
  it('reads priorityByLevel backwards, case-insensitively; a priority no level maps to is none', () => {
    expect(levelOfPriority('highest', PRIORITIES)).toBe('SEV1');
    expect(levelOfPriority('Lowest', PRIORITIES)).toBeUndefined();
    expect(jiraSyncRule({ priorityName: 'Lowest' }, PRIORITIES)).toBeUndefined();
    expect(jiraSyncRule({}, PRIORITIES)).toBeUndefined();
  });

  it.each([
    ['done on a closed incident', { statusDone: true }, { state: 'closed', closedAt: '2026-12-02T09:00:00.000Z' }],
    ['not done on an open incident', { statusDone: false }, {}],
    ['not done on a recovered incident (no reopen between not-done statuses)', { statusDone: false }, { state: 'recovered', recoveredAt: '2026-12-02T09:00:00.000Z' }],
    ['the priority of the level it has', { priorityName: 'Medium' }, {}],
    ['the assignee who is the commander', { assigneeAccountId: aiko.accountId }, { roles: { commander: aiko.accountId, responders: [] } }],
    ['unassigned with no commander', { assigneeAccountId: null }, {}],
    ['a level a person set after the Jira edit (a late event)', { priorityName: 'Highest' }, { level: 'SEV4', setByPerson: { level: aiko } }],
    ['a commander a person set after the Jira edit', { assigneeAccountId: ben.accountId }, { roles: { commander: aiko.accountId, responders: [] }, setByPerson: { roles: aiko } }],
    ['a reopen of an incident closed after the Jira edit', { statusDone: false }, { state: 'closed', closedAt: '2026-12-02T10:05:00.000Z' }],
    ['a reopen made at the very time it was closed', { statusDone: false }, { state: 'closed', closedAt: at.toISOString() }],
    ['done made before a person reopened it (the panel’s reopen came first, the event late)', { statusDone: true }, { state: 'acknowledged', reopenCount: 1, reopenedAt: '2026-12-02T10:05:00.000Z' }],
    ['done made at the very time it was reopened', { statusDone: true }, { state: 'open', reopenCount: 1, reopenedAt: at.toISOString() }],
  ] as const)('nothing to write: %s', (_name, change, over) => {
    const rule = jiraSyncRule(change, PRIORITIES)!;
    expect(rule(incident(over as Partial<Incident>), ben, at)).toEqual({ kind: 'unchanged', reason: 'already' });
  });

  it('done closes at the time of the edit, with the Jira user on the timeline', () => {
    const result = jiraSyncRule({ statusDone: true }, PRIORITIES)!(incident(), ben, at);
    expect(result).toMatchObject({ kind: 'changed', incident: { state: 'closed', closedAt: at.toISOString() }, timeline: [{ kind: 'closed', actor: 'Ben Carter', actorAccountId: ben.accountId, at: at.toISOString() }] });
  });

  it('one edit with priority, assignee and done: level, commander, then closed, each marked as the person’s', () => {
    const result = jiraSyncRule({ priorityName: 'Highest', assigneeAccountId: aiko.accountId, statusDone: true }, PRIORITIES)!(incident(), ben, at);
    if (result.kind !== 'changed') throw new Error(result.kind);
    expect(result.incident).toMatchObject({ level: 'SEV1', state: 'closed', roles: { commander: aiko.accountId }, setByPerson: { level: { accountId: ben.accountId, at: at.toISOString() }, roles: { accountId: ben.accountId } } });
    expect(result.timeline.map((e) => e.kind)).toEqual(['level-set', 'roles-set', 'closed']);
  });

  it('out of done reopens a closed incident, recording the time of the edit as its reopen time', () => {
    const result = jiraSyncRule({ statusDone: false }, PRIORITIES)!(incident({ state: 'closed', closedAt: '2026-12-02T09:00:00.000Z' }), ben, at);
    expect(result).toMatchObject({ kind: 'changed', incident: { state: 'open', reopenCount: 1, reopenedAt: at.toISOString() }, timeline: [{ kind: 'reopened', actor: 'Ben Carter' }] });
  });

  it('done made after the last reopen closes it again; a stale done in the same edit as a level still sets the level', () => {
    const reopened = incident({ state: 'acknowledged', reopenCount: 1, reopenedAt: '2026-12-02T09:59:59.999Z' });
    expect(jiraSyncRule({ statusDone: true }, PRIORITIES)!(reopened, ben, at)).toMatchObject({ kind: 'changed', incident: { state: 'closed', closedAt: at.toISOString(), reopenedAt: '2026-12-02T09:59:59.999Z' } });
    const stale = jiraSyncRule({ statusDone: true, priorityName: 'Highest' }, PRIORITIES)!(incident({ state: 'acknowledged', reopenCount: 1, reopenedAt: '2026-12-02T10:05:00.000Z' }), ben, at);
    if (stale.kind !== 'changed') throw new Error(stale.kind);
    expect(stale.incident).toMatchObject({ state: 'acknowledged', level: 'SEV1' });
    expect(stale.timeline.map((e) => e.kind)).toEqual(['level-set']);
  });
});
