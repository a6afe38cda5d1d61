/**
 * Sender times → ISO-8601 UTC with millisecond precision (`Date#toISOString()`), with the unit in every name.
 * Mackerel mixes epoch seconds and milliseconds in one payload; Opsgenie mixes milliseconds and nanoseconds;
 * Alertmanager/Grafana/PagerDuty send RFC 3339 text (Alertmanager with nanoseconds, which are cut to milliseconds).
 * Anything unparseable or before {@link EARLIEST_PLAUSIBLE_TIME} gives `undefined`, so callers fall back to another
 * time; `buildAlert` then treats a time more than {@link MAX_FUTURE_SKEW_MS} after the receive time as absent too
 * (see {@link plausibleTime}). Why not refuse: senders such as Mackerel never retry, so a 400 for a bad time would lose
 * the alert, while the receive time is a good stand-in (`alert.openedAt: 42` must not open an incident in 1970).
 */
import { fromUnixTime, isValid, parseISO } from 'date-fns';

/** No monitoring sender predates this; earlier times (`0`, `42`, seconds read as ms…) are implausible. */
export const EARLIEST_PLAUSIBLE_TIME = '2000-01-01T00:00:00.000Z';
/** How far after the receive time a sender's clock may run (generous: some clocks drift, time zones get misread). */
export const MAX_FUTURE_SKEW_MS = 24 * 60 * 60 * 1000;

const MIN_EPOCH_MS = Date.parse(EARLIEST_PLAUSIBLE_TIME);
const MAX_EPOCH_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

function isoFromEpochMilliseconds(epochMs: number): string | undefined {
  if (!Number.isFinite(epochMs) || epochMs < MIN_EPOCH_MS || epochMs > MAX_EPOCH_MS) return undefined;
  return new Date(Math.floor(epochMs)).toISOString();
}

/** Epoch seconds (may be fractional) → ISO. */
export function epochSecondsToIso(epochSeconds: number): string | undefined {
  if (!Number.isFinite(epochSeconds)) return undefined;
  const date = fromUnixTime(epochSeconds);
  return isValid(date) ? isoFromEpochMilliseconds(date.getTime()) : undefined;
}

/** Epoch milliseconds → ISO. */
export function epochMillisecondsToIso(epochMs: number): string | undefined {
  return isoFromEpochMilliseconds(epochMs);
}

/**
 * Epoch nanoseconds → ISO (sub-millisecond digits dropped). Takes the exact decimal text or a bigint: a 19-digit
 * nanosecond value does not fit a double (see parse-json.ts); a `number` is accepted only when it is a safe integer.
 */
export function epochNanosecondsToIso(epochNs: string | bigint | number): string | undefined {
  let nanoseconds: bigint;
  if (typeof epochNs === 'bigint') nanoseconds = epochNs;
  else if (typeof epochNs === 'number') {
    if (!Number.isSafeInteger(epochNs)) return undefined;
    nanoseconds = BigInt(epochNs);
  } else {
    if (!/^\d+$/.test(epochNs)) return undefined;
    nanoseconds = BigInt(epochNs);
  }
  return isoFromEpochMilliseconds(Number(nanoseconds / 1_000_000n));
}

/**
 * Go's zero `time.Time`. Alertmanager and Grafana send it as `endsAt` while an alert fires: it means "not ended",
 * never year 1.
 */
const GO_ZERO_TIME_PREFIX = '0001-01-01T00:00:00';

/** RFC 3339 / ISO-8601 text (any fraction length, any offset) → ISO UTC; Go's zero time → undefined. */
export function rfc3339ToIso(text: string): string | undefined {
  if (text.startsWith(GO_ZERO_TIME_PREFIX)) return undefined;
  const date = parseISO(text);
  return isValid(date) ? isoFromEpochMilliseconds(date.getTime()) : undefined;
}

/** The first defined value — for "the event's own time, else another, else when we received it". */
export function firstTime(...candidates: (string | undefined)[]): string | undefined {
  return candidates.find((candidate) => candidate !== undefined);
}

/**
 * `iso` when it is plausible for an alert received at `receivedAtIso`: not before {@link EARLIEST_PLAUSIBLE_TIME}
 * and not more than {@link MAX_FUTURE_SKEW_MS} after the receive time; otherwise undefined (treated as absent).
 */
export function plausibleTime(iso: string | undefined, receivedAtIso: string): string | undefined {
  if (iso === undefined) return undefined;
  const epochMs = Date.parse(iso);
  const receivedMs = Date.parse(receivedAtIso);
  if (!Number.isFinite(epochMs) || epochMs < MIN_EPOCH_MS) return undefined;
  if (Number.isFinite(receivedMs) && epochMs > receivedMs + MAX_FUTURE_SKEW_MS) return undefined;
  return iso;
}
