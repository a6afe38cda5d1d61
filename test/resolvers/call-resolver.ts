import { RESOLVERS, type ResolverKey, type ResponseOf } from '../../src/shared/resolver-contract';
import type { Sandbox } from '../../sandbox/sandbox';
import type { TestSandbox } from '../helpers/test-sandbox';

export const INSTALL_CONTEXT = 'ari:cloud:jira::site/sandbox-cloud-0001';

/** Seeded sandbox users (sandbox/core/product.ts): Aiko (editor, Jira administrator), Ben (editor), Vic (viewer). */
export const USERS = { aiko: '557058:aiko-sato', ben: '557058:ben-carter', viewer: '557058:viewer-vic' } as const;

export interface ModuleCall {
  moduleKey: string;
  moduleType: string;
  extension: Record<string, unknown>;
}

export const issuePanel = (issue: { id: string; key: string }): ModuleCall => ({
  moduleKey: 'incident-panel',
  moduleType: 'jira:issuePanel',
  extension: { type: 'jira:issuePanel', issue: { ...issue, type: 'Incident', typeId: '10001' }, project: { id: '10000', key: 'OPS', type: 'software' } },
});

/** The "Declare incident" issue action, opened on an issue. */
export const issueAction = (issue: { id: string; key: string }): ModuleCall => ({
  moduleKey: 'declare-incident',
  moduleType: 'jira:issueAction',
  extension: { type: 'jira:issueAction', issue: { id: issue.id, key: issue.key } },
});

export const gadget = (gadgetConfiguration: Record<string, unknown> = {}): ModuleCall => ({
  moduleKey: 'metrics-gadget',
  moduleType: 'jira:dashboardGadget',
  extension: { type: 'jira:dashboardGadget', gadgetConfiguration, dashboard: { id: '10000' }, gadget: { id: '10001' } },
});

export const adminPage: ModuleCall = { moduleKey: 'kaizen-admin', moduleType: 'jira:adminPage', extension: { type: 'jira:adminPage' } };

export const macro = (contentId: string, config: Record<string, unknown>): ModuleCall => ({
  moduleKey: 'incident-status',
  moduleType: 'macro',
  extension: { type: 'macro', content: { id: contentId, type: 'page' }, space: { id: '1', key: 'OPS' }, config, isEditing: false },
});

/** Calls `resolver-fn` exactly as the Forge platform does for a Custom UI `invoke(functionKey, payload)`. */
export async function callResolver(sb: Pick<Sandbox, 'invoker'>, module: ModuleCall, functionKey: string, payload: Record<string, unknown>, accountId: string): Promise<unknown> {
  const result = await sb.invoker.invoke(
    'resolver-fn',
    [
      { call: { functionKey, payload }, context: { localId: 'test-local-id', moduleKey: module.moduleKey, extension: module.extension } },
      { installContext: INSTALL_CONTEXT, principal: { accountId } },
    ],
    { moduleKey: module.moduleKey, moduleType: module.moduleType, accountId },
  );
  if (!result.ok) throw result.error;
  return result.value;
}

/**
 * `call(key, payload, user?)` for one module: calls the resolver as `user` (Aiko by default) and parses the answer
 * with the contract's schema, as the UI does. `sbOf` is read at call time (the sandbox starts in `beforeAll`).
 */
export function typedCaller(sbOf: () => TestSandbox, module: ModuleCall, onAnswer?: (key: ResolverKey, raw: unknown) => void) {
  return async <K extends ResolverKey>(key: K, payload: Record<string, unknown>, user: string = USERS.aiko): Promise<ResponseOf<K>> => {
    const raw = await callResolver(sbOf(), module, key, payload, user);
    onAnswer?.(key, raw);
    return RESOLVERS[key].response.parse(raw) as ResponseOf<K>;
  };
}

/** The data of an `ok` answer; a refusal fails the test with its error. */
export function dataOf<T>(answer: { ok: true; data: T } | { ok: false; error: unknown }): T {
  if (!answer.ok) throw new Error(`expected ok, got ${JSON.stringify(answer.error)}`);
  return answer.data;
}
