/**
 * zod building blocks shared by the source schemas.
 *
 * Policy: lenient to what we don't use (objects are `looseObject`, so unknown fields pass and are kept in `raw`;
 * unknown event/type/action words pass as strings), strict about what we rely on (a wrong type there is a 400 that
 * names the field). Schemas never transform: the parsed payload stays the sender's JSON, so it can be queued,
 * stored and parsed again.
 */
import { z } from 'zod';

/**
 * A number that may arrive as its exact decimal text: parse-json.ts keeps integers beyond 2^53 as strings.
 * Use {@link toNumber} to read it.
 */
export const looseNumber = z.union([z.number(), z.string().regex(/^-?\d+$/, 'expected a number')], {
  error: 'expected a number',
});

/**
 * A count (Alertmanager/Grafana `truncatedAlerts`): a non-negative integer a double holds exactly. `1.5`, `-1`,
 * `1e308` and `9007199254740993` (kept as text by parse-json.ts) are refused here with a 400 naming the field —
 * passing them on made the normaliser build an invalid Alert (a 500).
 */
const COUNT_MESSAGE = 'expected a non-negative integer (at most 2^53 - 1)';
export const nonNegativeSafeInteger = z
  .number({ error: COUNT_MESSAGE })
  .refine((n) => Number.isSafeInteger(n) && n >= 0, COUNT_MESSAGE);

/** Epoch nanoseconds: 19 digits today, so normally the exact decimal text (see parse-json.ts). */
const EPOCH_NANOSECONDS_MESSAGE = 'expected epoch nanoseconds (an integer)';
export const epochNanoseconds = z.union(
  [z.number().int().nonnegative(), z.string().regex(/^\d+$/, EPOCH_NANOSECONDS_MESSAGE)],
  { error: EPOCH_NANOSECONDS_MESSAGE },
);

/** A {@link looseNumber} as a double (an unsafe integer loses its last digits here, which is fine for a metric). */
export function toNumber(value: number | string | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  const number = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(number) ? number : undefined;
}

/** String-to-string maps (labels, annotations): values must be strings, as Alertmanager's Go types guarantee. */
export const stringMap = z.record(z.string(), z.string());

/**
 * A payload whose shape depends on one string field (Mackerel `event`). Known values get their own schema; any
 * other value is accepted by `fallback`, never rejected. Issues keep the full path (`alert.status`), which a
 * zod union would bury under "invalid union".
 */
export function dispatchOn<
  const Key extends string,
  Cases extends Record<string, z.ZodType<Record<string, unknown>>>,
  Fallback extends z.ZodType<Record<string, unknown>>,
>(key: Key, cases: Cases, fallback: Fallback) {
  return z.looseObject({ [key]: z.string() } as Record<Key, z.ZodString>).transform((value, ctx) => {
    const discriminator = (value as Record<string, unknown>)[key] as string;
    const schema: z.ZodType = Object.hasOwn(cases, discriminator) ? (cases[discriminator] as z.ZodType) : fallback;
    const result = schema.safeParse(value);
    if (!result.success) {
      for (const issue of result.error.issues) ctx.issues.push({ ...issue, input: undefined } as never);
      return z.NEVER;
    }
    return result.data as z.output<Cases[keyof Cases]> | z.output<Fallback>;
  });
}
