/**
 * The Custom UI's only door to Forge: the context, read through its schema, and resolver calls whose answers are
 * parsed with the schema the resolver was written against (house style 4: the UI parses too, never casts).
 * https://developer.atlassian.com/platform/forge/apis-reference/ui-api-bridge/
 */
import { invoke, view } from '@forge/bridge';
import { FullContextSchema, type FullContext } from '@shared/forge-context';
import { RESOLVERS, type RequestOf, type ResolverKey, type ResponseOf } from '@shared/resolver-contract';
import type { FieldProblem, ResolverErrorCode } from '@shared/resolver-result';

/** What the UI can go wrong with: the resolver's codes, the call failing, or an answer that fails its schema. */
export type UiErrorCode = ResolverErrorCode | 'unavailable' | 'bad-response';
export interface UiError {
  code: UiErrorCode;
  message: string;
  /** With `invalid-settings`: each field's problem, for the message next to it. */
  fields?: FieldProblem[] | undefined;
}
export type UiResult<T> = { ok: true; data: T } | { ok: false; error: UiError };
export type DataOf<K extends ResolverKey> = Extract<ResponseOf<K>, { ok: true }>['data'];

export async function loadContext(): Promise<UiResult<FullContext>> {
  try {
    const parsed = FullContextSchema.safeParse(await view.getContext());
    return parsed.success ? { ok: true, data: parsed.data } : { ok: false, error: { code: 'bad-context', message: parsed.error.message } };
  } catch (e) {
    return { ok: false, error: { code: 'unavailable', message: String(e) } };
  }
}

export async function call<K extends ResolverKey>(key: K, payload: RequestOf<K>): Promise<UiResult<DataOf<K>>> {
  let raw: unknown;
  try {
    raw = await invoke(key, payload as Record<string, unknown>);
  } catch (e) {
    return { ok: false, error: { code: 'unavailable', message: String(e) } };
  }
  const parsed = RESOLVERS[key].response.safeParse(raw);
  if (!parsed.success) return { ok: false, error: { code: 'bad-response', message: parsed.error.message } };
  return parsed.data as UiResult<DataOf<K>>;
}
