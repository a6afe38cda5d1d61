import type { Context } from 'hono';
import type { Sandbox } from '../sandbox';
import type { AppConfig } from './app-config';
import type { Frame, FrameInit, FrameRegistry, HostEnv } from './frames';
import { readSession, type Session } from './session';

/** What every host route needs: the sandbox, the app's UI configuration, the frame registry and the identity. */
export interface HostDeps {
  sandbox: Sandbox;
  config: AppConfig;
  frames: FrameRegistry;
  env: HostEnv;
}

export interface RequestInfo {
  session: Session;
  /** The origin the browser uses (the site URL apps see). */
  origin: string;
  /** Path and query of this request. */
  returnTo: string;
}

export function requestInfo(c: Context): RequestInfo {
  const url = new URL(c.req.url);
  return { session: readSession(c.req.header('cookie')), origin: url.origin, returnTo: url.pathname + url.search };
}

export interface ProductAnswer<T> {
  status: number;
  json: T | undefined;
  text: string;
}

/**
 * A product REST call made by a host page, as the session's user (through the product router, so it is
 * validated, logged with `caller: 'host'` and subject to injected faults like every other request).
 */
export async function productCall<T = Record<string, unknown>>(deps: HostDeps, session: Session, method: string, url: string, body?: unknown): Promise<ProductAnswer<T>> {
  const r = await deps.sandbox.router.route({
    method,
    url,
    headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    actor: { kind: 'user', accountId: session.user.accountId },
    caller: 'host',
  });
  let json: T | undefined;
  try {
    json = r.body ? (JSON.parse(r.body) as T) : undefined;
  } catch {
    json = undefined;
  }
  return { status: r.status, json, text: r.body };
}

/** The first error message of a Jira or Confluence error body. */
export function productError(json: unknown, fallback: string): string {
  const o = (json ?? {}) as Record<string, unknown>;
  const jira = Array.isArray(o['errorMessages']) ? (o['errorMessages'] as unknown[]).find((m) => typeof m === 'string') : undefined;
  if (typeof jira === 'string') return jira;
  const fields = o['errors'] && typeof o['errors'] === 'object' && !Array.isArray(o['errors']) ? Object.values(o['errors'] as Record<string, unknown>).find((m) => typeof m === 'string') : undefined;
  if (typeof fields === 'string') return fields;
  const v2 = Array.isArray(o['errors']) ? (o['errors'] as Array<Record<string, unknown>>)[0] : undefined;
  if (v2 && typeof v2['title'] === 'string') return v2['title'];
  if (typeof o['message'] === 'string') return o['message'];
  return fallback;
}

/** Registers a frame for the session's user, locale and theme. */
export function registerFrame(deps: HostDeps, info: RequestInfo, init: Omit<FrameInit, 'user' | 'locale' | 'colorMode' | 'siteUrl'>): Frame {
  return deps.frames.register({ ...init, user: info.session.user, locale: info.session.locale, colorMode: info.session.colorMode, siteUrl: info.origin });
}
