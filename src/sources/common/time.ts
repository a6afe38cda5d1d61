/**
 * Sender times → ISO-8601 UTC with millisecond precision (`Date#toISOString()`), with the unit in every name.
 * Mackerel mixes epoch seconds and milliseconds in one payload; Opsgenie mixes milliseconds and nanoseconds;
 * Alertmanager/Grafana/PagerDuty send RFC 3339 text (Alertmanager with nanoseconds, which are cut to milliseconds).
 * Anything unparseable or outside years 1970–9999 gives `undefined`, so callers fall back to another time.
 */
import { fromUnixTime, isValid, parseISO } from 'date-fns';

const MIN_EPOCH_MS = 0;
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
