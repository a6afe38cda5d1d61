import { randomUUID } from 'node:crypto';
import type { UiModule } from '../runtime/app-manifest';
import type { SandboxUser } from '../core/product';
import type { ColorMode, Locale } from './session';

/**
 * Every Custom UI iframe the host shows is registered here first, with the context the server computed itself
 * (from the emulated Jira/Confluence and the session): the browser only ever holds the frame's id. Resolver calls
 * and product requests through the bridge use the registered context and user, never anything the frame sends,
 * which is what Forge guarantees for `accountId` (shared/docs/forge-platform.md §6.1 "Trust").
 */

export interface HostEnv {
  /** The app's UUID. */
  appId: string;
  environmentId: string;
  environmentType: 'DEVELOPMENT' | 'STAGING' | 'PRODUCTION';
  cloudId: string;
  /** `ari:cloud:jira::site/<cloudId>`, the resolver's `installContext`. */
  installContext: string;
}

export interface FrameInit {
  module: UiModule;
  /** `<resourceKey>` or `<resourceKey>/<entry>`. */
  resource: string;
  /** `context.extension`: module-specific (issue, project, gadgetConfiguration, config, content, …). */
  extension: Record<string, unknown>;
  user: SandboxUser;
  locale: Locale;
  colorMode: ColorMode;
  /** The site URL the person uses (the host's origin). */
  siteUrl: string;
  /** Defaults to a fresh id; a macro uses its `local-id` from the page. */
  localId?: string;
  /** A dashboard gadget: where `view.submit(config)` saves in edit mode. */
  gadget?: { dashboardId: string; moduleKey: string };
  /** Pages with sub-routes (`createHistory`): the host URL prefix and the initial path inside it. */
  history?: { base: string; path: string };
  /** The frame that opened this one with `new Modal(...).open()`. */
  openerId?: string;
}

export interface Frame extends FrameInit {
  id: string;
  localId: string;
  createdAt: string;
}

export class FrameRegistry {
  private readonly frames = new Map<string, Frame>();

  constructor(private readonly max = 5000) {}

  register(init: FrameInit): Frame {
    const frame: Frame = { ...init, id: randomUUID(), localId: init.localId ?? randomUUID(), createdAt: new Date().toISOString() };
    this.frames.set(frame.id, frame);
    // Oldest first out: a long session keeps registering frames on every page view.
    while (this.frames.size > this.max) this.frames.delete(this.frames.keys().next().value as string);
    return frame;
  }

  get(id: string): Frame | undefined {
    return this.frames.get(id);
  }

  list(): Frame[] {
    return [...this.frames.values()];
  }
}

/** `view.getContext()` (FullContext, §7.2) as the frame receives it. */
export function fullContext(frame: Frame, env: HostEnv): Record<string, unknown> {
  return {
    accountId: frame.user.accountId,
    cloudId: env.cloudId,
    extension: frame.extension,
    environmentId: env.environmentId,
    environmentType: env.environmentType,
    localId: frame.localId,
    locale: frame.locale,
    moduleKey: frame.module.key,
    siteUrl: frame.siteUrl,
    timezone: frame.user.timeZone,
    theme: { colorMode: frame.colorMode, dark: 'dark', light: 'light', spacing: 'spacing', typography: 'typography', shape: 'shape' },
    surfaceColor: null,
    userAccess: { enabled: false, hasAccess: true },
  };
}

/** The `context` of the invocation event a resolver receives (§6.1), before @forge/resolver adds the backend fields. */
export function resolverContext(frame: Frame, env: HostEnv): Record<string, unknown> {
  return {
    localId: frame.localId,
    moduleKey: frame.module.key,
    cloudId: env.cloudId,
    extension: frame.extension,
    environmentId: env.environmentId,
    environmentType: env.environmentType,
    accountType: 'licensed',
    locale: frame.locale,
    timezone: frame.user.timeZone,
    siteUrl: frame.siteUrl,
  };
}

/** What the inspection listing shows of a frame (no user profile, just ids). */
export function frameSummary(f: Frame): Record<string, unknown> {
  return {
    id: f.id,
    moduleKey: f.module.key,
    moduleType: f.module.type,
    resource: f.resource,
    accountId: f.user.accountId,
    locale: f.locale,
    localId: f.localId,
    extension: f.extension,
    createdAt: f.createdAt,
    ...(f.openerId ? { openerId: f.openerId } : {}),
  };
}
