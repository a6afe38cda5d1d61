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
export async function callResolver(sb: TestSandbox, module: ModuleCall, functionKey: string, payload: Record<string, unknown>, accountId: string): Promise<unknown> {
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
