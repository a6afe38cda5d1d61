import { epochMillisecondsToIso, epochNanosecondsToIso, epochSecondsToIso, plausibleTime, rfc3339ToIso } from './time';

describe('time conversions (units explicit)', () => {
  it.each([
    // Mackerel alert.openedAt (seconds) and alert.createdAt (ms) for the same instant
    [() => epochSecondsToIso(1749518625), '2025-06-10T01:23:45.000Z'],
    [() => epochMillisecondsToIso(1749518625296), '2025-06-10T01:23:45.296Z'],
    [() => epochSecondsToIso(1749518625.5), '2025-06-10T01:23:45.500Z'],
    [() => epochNanosecondsToIso('1749518720412000246'), '2025-06-10T01:25:20.412Z'],
    [() => epochNanosecondsToIso(1749518720412000246n), '2025-06-10T01:25:20.412Z'],
    [() => epochNanosecondsToIso('946684800000000000'), '2000-01-01T00:00:00.000Z'],
    [() => rfc3339ToIso('2025-06-10T01:23:45.739266876Z'), '2025-06-10T01:23:45.739Z'],
    [() => rfc3339ToIso('2021-10-12T09:51:03.157076+02:00'), '2021-10-12T07:51:03.157Z'],
    [() => rfc3339ToIso('2025-06-10T01:23:47Z'), '2025-06-10T01:23:47.000Z'],
  ])('%#', (convert, iso) => {
    expect(convert()).toBe(iso);
  });

  it.each([
    // Go's zero time: "not ended", never year 1
    [() => rfc3339ToIso('0001-01-01T00:00:00Z')],
    [() => rfc3339ToIso('yesterday')],
    [() => epochSecondsToIso(Number.NaN)],
    [() => epochSecondsToIso(-1)],
    // a millisecond value mistaken for seconds lands past year 9999: refused, not mis-dated
    [() => epochSecondsToIso(1749518625296)],
    [() => epochNanosecondsToIso('12a')],
    // 19-digit nanoseconds as a double have already lost digits: refused
    [() => epochNanosecondsToIso(1749518720412000246)],
    // implausible: before 2000 (Mackerel `openedAt: 42`, Opsgenie `createdAt: 42`)
    [() => epochSecondsToIso(42)],
    [() => epochMillisecondsToIso(42)],
    [() => epochNanosecondsToIso(1_000_000)],
    [() => rfc3339ToIso('1999-12-31T23:59:59Z')],
  ])('%# → undefined', (convert) => {
    expect(convert()).toBeUndefined();
  });
});

describe('plausibleTime', () => {
  const received = '2025-06-10T01:23:45.000Z';
  it.each([
    ['2025-06-10T01:20:00.000Z', '2025-06-10T01:20:00.000Z'],
    ['2000-01-01T00:00:00.000Z', '2000-01-01T00:00:00.000Z'],
    // a sender's clock a few hours fast is tolerated; a day and more is not
    ['2025-06-10T20:00:00.000Z', '2025-06-10T20:00:00.000Z'],
    ['2025-06-11T01:23:45.001Z', undefined],
    ['2999-01-01T00:00:00.000Z', undefined],
    ['1970-01-01T00:00:00.042Z', undefined],
    [undefined, undefined],
  ])('%s → %s', (iso, expected) => {
    expect(plausibleTime(iso, received)).toBe(expected);
  });
});
