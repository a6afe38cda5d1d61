/**
 * Size caps for untrusted text. Text is never escaped or rewritten here (the renderers escape); it is only cut when
 * absurdly long, at a code-point boundary so a surrogate pair (emoji, rare kanji) is never split.
 */
import { TRUNCATION_MARK } from '../../domain/alert';

export interface CappedText {
  readonly value: string;
  readonly truncated: boolean;
}

/** Keeps `value` whole when it has at most `limitCodePoints` code points, else cuts it and appends the mark. */
export function capCodePoints(value: string, limitCodePoints: number): CappedText {
  // Fast path: UTF-16 length ≥ code-point count, so a short string is certainly within the limit.
  if (value.length <= limitCodePoints) return { value, truncated: false };
  const codePoints = Array.from(value);
  if (codePoints.length <= limitCodePoints) return { value, truncated: false };
  const keep = Math.max(0, limitCodePoints - TRUNCATION_MARK.length);
  return { value: codePoints.slice(0, keep).join('') + TRUNCATION_MARK, truncated: true };
}

/** The first line of `text`, trimmed ('' for blank text). */
export function firstLine(text: string): string {
  return (text.split(/\r?\n/, 1)[0] ?? '').trim();
}

/** `value` when it is a string with something in it, else undefined. */
export function nonBlank(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
