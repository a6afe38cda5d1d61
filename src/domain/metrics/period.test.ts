import { dayOf, metricsPeriod, monthOf, monthsOf, weekOf, weeksOf } from './period';

describe('the period and its UTC weeks and months', () => {
  it('[now − days, now): 24-hour days in UTC', () => {
    expect(metricsPeriod(new Date('2026-11-20T12:00:00.000Z'), 30)).toEqual({ from: '2026-10-21T12:00:00.000Z', to: '2026-11-20T12:00:00.000Z', days: 30 });
  });

  it('an ISO week is named by its Monday (UTC): Sunday belongs to the week before', () => {
    expect(weekOf('2026-11-16T00:00:00.000Z')).toBe('2026-11-16'); // Monday
    expect(weekOf('2026-11-22T23:59:59.999Z')).toBe('2026-11-16'); // Sunday
    expect(weekOf('2026-11-23T00:00:00.000Z')).toBe('2026-11-23');
    // across a year: Thu 2026-01-01 is in the week of Mon 2025-12-29
    expect(weekOf('2026-01-01T10:00:00.000Z')).toBe('2025-12-29');
    expect(monthOf('2026-11-30T23:59:59.999Z')).toBe('2026-11');
    expect(dayOf('2026-11-30T23:59:59.999Z')).toBe('2026-11-30');
  });

  it('every week and month the period overlaps, partial edges included', () => {
    // Wed 10-21 12:00 → Fri 11-20 12:00: Mondays 10-19 … 11-16
    const p = metricsPeriod(new Date('2026-11-20T12:00:00.000Z'), 30);
    expect(weeksOf(p)).toEqual(['2026-10-19', '2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16']);
    expect(monthsOf(p)).toEqual(['2026-10', '2026-11']);
  });

  it('an end exactly at midnight Monday does not open a new week or month', () => {
    // [Mon 2026-09-01 … ) 30 days before Thu 2026-10-01 00:00 → the last instant is Wed 09-30 23:59:59.999
    const p = { from: '2026-09-01T00:00:00.000Z', to: '2026-10-01T00:00:00.000Z', days: 30 };
    expect(monthsOf(p)).toEqual(['2026-09']);
    const monday = { from: '2026-11-02T00:00:00.000Z', to: '2026-11-16T00:00:00.000Z', days: 14 };
    expect(weeksOf(monday)).toEqual(['2026-11-02', '2026-11-09']);
  });

  it('a year spans 53 or 54 weeks and 12 or 13 months', () => {
    const p = metricsPeriod(new Date('2026-12-02T18:00:00.000Z'), 365);
    expect(weeksOf(p)).toHaveLength(53);
    expect(weeksOf(p)[0]).toBe('2025-12-01');
    expect(monthsOf(p)).toHaveLength(13);
  });
});
