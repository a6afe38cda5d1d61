/** Schemas of the small values every view shares (times, links), in one place. */
import * as z from 'zod/mini';
import { isHttpUrl } from './http-url';

/** An ISO 8601 instant in UTC with milliseconds, as Kaizen stores times. */
export const IsoTimeSchema = z.iso.datetime({ precision: 3 });

/** Only http(s) links reach an `href` (the same test intake and the renderers use). */
export const HttpUrlSchema = z.string().check(z.refine(isHttpUrl, 'expected an absolute http(s) URL'));
