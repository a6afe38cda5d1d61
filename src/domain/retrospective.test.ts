import { actionItemCounts, retrospectiveDue } from './retrospective';

describe('the 24-hour rule', () => {
  const recoveredAt = '2026-12-01T10:00:00.000Z';
  it('is not due before recovery', () => {
    expect(retrospectiveDue({}, 24, new Date('2026-12-02T00:00:00Z'))).toBeUndefined();
  });
  it('is due the configured hours after recovery, overdue once that passed, not once published', () => {
    expect(retrospectiveDue({ recoveredAt }, 24, new Date('2026-12-02T09:59:59Z'))).toEqual({ dueAt: '2026-12-02T10:00:00.000Z', overdue: false });
    expect(retrospectiveDue({ recoveredAt }, 24, new Date('2026-12-02T10:00:01Z'))).toEqual({ dueAt: '2026-12-02T10:00:00.000Z', overdue: true });
    expect(retrospectiveDue({ recoveredAt }, 72, new Date('2026-12-02T10:00:01Z'))?.overdue).toBe(false);
    const published = { recoveredAt, retrospective: { status: 'published' } } as Parameters<typeof retrospectiveDue>[0];
    expect(retrospectiveDue(published, 24, new Date('2026-12-09T00:00:00Z'))?.overdue).toBe(false);
  });
});

describe('action item counts', () => {
  it('counts open ones past their due date as overdue, not those due today', () => {
    expect(actionItemCounts({ total: 5, done: 2, openDue: ['2026-12-01', '2026-12-02', '2026-12-24'] }, '2026-12-02')).toEqual({ total: 5, done: 2, open: 3, overdue: 1 });
    expect(actionItemCounts({ total: 0, done: 0, openDue: [] }, '2026-12-02')).toEqual({ total: 0, done: 0, open: 0, overdue: 0 });
  });
});
