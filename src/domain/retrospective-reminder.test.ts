import { latestReminder, overdueReminder, REMINDER_DAY_MS, reminderDedupeId, type ReminderCandidate } from './retrospective-reminder';

const RECOVERED = '2026-12-01T10:00:00.000Z';
const DUE = '2026-12-02T10:00:00.000Z';
const at = (iso: string, hours: number): Date => new Date(Date.parse(iso) + hours * 3_600_000);
const page = { id: '1', url: 'https://example.atlassian.net/wiki/x', title: 'OPS-1 Retrospective' };
const person = { accountId: '557058:ben', displayName: 'Ben', at: RECOVERED };
const retrospective = (over: Partial<NonNullable<ReminderCandidate['retrospective']>> = {}): NonNullable<ReminderCandidate['retrospective']> => ({
  page,
  status: 'draft',
  draftedAt: RECOVERED,
  draftedBy: person,
  linked: true,
  ...over,
});
const incident = (over: Partial<ReminderCandidate> = {}): ReminderCandidate => ({
  id: 'inc-1',
  state: 'recovered',
  recoveredAt: RECOVERED,
  issue: { id: '10001', key: 'OPS-1', url: 'https://example.atlassian.net/browse/OPS-1' },
  ...over,
});

describe('which incidents are owed an overdue reminder (pure selection)', () => {
  it.each([
    ['not yet due', incident(), at(DUE, -1), undefined],
    ['just due, not past it', incident(), new Date(DUE), undefined],
    ['open again (reopened): no retrospective owed while it is live', incident({ state: 'open' }), at(DUE, 5), undefined],
    ['mitigated, not recovered', incident({ state: 'mitigated', recoveredAt: undefined }), at(DUE, 5), undefined],
    ['no issue to comment on', incident({ issue: undefined }), at(DUE, 5), undefined],
    ['published', incident({ retrospective: retrospective({ status: 'published', publishedAt: DUE }) }), at(DUE, 5), undefined],
    ['already reminded this reminder day', incident(), at(DUE, 23), at(DUE, 1).toISOString()],
  ])('%s → nothing', (_name, candidate, now, last) => {
    expect(overdueReminder(candidate, 24, now, last)).toBeUndefined();
  });

  it.each([
    ['recovered, no retrospective drafted', incident()],
    ['recovered, a draft', incident({ retrospective: retrospective() })],
    ['in review', incident({ retrospective: retrospective({ status: 'in-review' }) })],
    ['closed without a retrospective', incident({ state: 'closed', closedAt: RECOVERED } as Partial<ReminderCandidate>)],
  ])('%s, past due → the first reminder (day 0)', (_name, candidate) => {
    const r = overdueReminder(candidate, 24, at(DUE, 2), undefined);
    // the next one: not before 24 hours after this one (which is after the end of reminder day 0)
    expect(r).toMatchObject({ dueAt: DUE, overdueMs: 2 * 3_600_000, day: 0, first: true, nextReminderAtMs: Date.parse(DUE) + 2 * 3_600_000 + REMINDER_DAY_MS });
    expect(r?.dedupeId).toBe(reminderDedupeId('inc-1', DUE, 0));
  });

  it('then one more each reminder day, counted from the due time, and at least 24 hours after the last', () => {
    const first = at(DUE, 2).toISOString();
    expect(overdueReminder(incident(), 24, at(DUE, 23.9), first)).toBeUndefined();
    // reminder day 1 has begun, but the last reminder is not 24 hours old yet
    expect(overdueReminder(incident(), 24, at(DUE, 24.5), first)).toBeUndefined();
    const second = overdueReminder(incident(), 24, at(DUE, 26), first);
    expect(second).toMatchObject({ day: 1, first: false });
    expect(second?.dedupeId).not.toBe(reminderDedupeId('inc-1', DUE, 0));
    expect(overdueReminder(incident(), 24, at(DUE, 47), at(DUE, 26).toISOString())).toBeUndefined();
    // days the trigger missed are not made up: one reminder, for the day it runs
    expect(overdueReminder(incident(), 24, at(DUE, 24 * 5 + 1), first)).toMatchObject({ day: 5, first: false });
  });

  it('at most once a day: a reminder late in one reminder day is not followed by another at the next day\'s start', () => {
    // the reviewer's case: recovered 12-01 10:00 (due 12-02 10:00); the trigger reminds at 12-03 09:58 (day 0, late:
    // a backdated recovery, a trigger outage); five minutes later reminder day 1 begins
    const late = new Date('2026-12-03T09:58:00.000Z');
    const first = overdueReminder(incident(), 24, late, undefined);
    expect(first).toMatchObject({ day: 0, first: true, nextReminderAtMs: late.getTime() + REMINDER_DAY_MS });
    expect(overdueReminder(incident(), 24, new Date('2026-12-03T10:03:00.000Z'), late.toISOString())).toBeUndefined();
    expect(overdueReminder(incident(), 24, new Date('2026-12-04T09:57:59.999Z'), late.toISOString())).toBeUndefined();
    expect(overdueReminder(incident(), 24, new Date('2026-12-04T09:58:00.000Z'), late.toISOString())).toMatchObject({ day: 1, first: false });
  });

  it('a lowered due-hours setting does not make a second reminder within 24 hours either', () => {
    // reminded at 12-02 11:00 under 24 h; then the setting drops to 12 h: the due time moves to 12-01 22:00, and 12-02 22:30 is its day 1
    expect(overdueReminder(incident(), 12, new Date('2026-12-02T22:30:00.000Z'), '2026-12-02T11:00:00.000Z')).toBeUndefined();
    expect(overdueReminder(incident(), 12, new Date('2026-12-03T11:00:00.000Z'), '2026-12-02T11:00:00.000Z')).toMatchObject({ day: 1, first: false });
  });

  it('uses the configured hours', () => {
    expect(overdueReminder(incident(), 72, at(DUE, 47), undefined)).toBeUndefined();
    expect(overdueReminder(incident(), 72, at(DUE, 49), undefined)).toMatchObject({ dueAt: at(DUE, 48).toISOString(), day: 0 });
  });

  it('a reminder from before the due time (recovered again later) does not count, and the new due time is a new reminder', () => {
    const later = incident({ recoveredAt: at(RECOVERED, 72).toISOString() });
    const r = overdueReminder(later, 24, at(DUE, 72 + 1), at(DUE, 1).toISOString());
    expect(r).toMatchObject({ day: 0, first: true });
    expect(r?.dedupeId).not.toBe(reminderDedupeId('inc-1', DUE, 0));
  });

  it('a drill is reviewed like an incident', () => {
    expect(overdueReminder({ ...incident(), drill: true } as ReminderCandidate, 24, at(DUE, 1), undefined)).toBeDefined();
  });

  it('the latest of two reminder times', () => {
    expect(latestReminder(undefined, undefined)).toBeUndefined();
    expect(latestReminder(DUE, undefined)).toBe(DUE);
    expect(latestReminder(undefined, DUE)).toBe(DUE);
    expect(latestReminder(DUE, RECOVERED)).toBe(DUE);
    expect(latestReminder(RECOVERED, DUE)).toBe(DUE);
  });
});
