/**
 * The `panel` resource serves two modules: the `jira:issuePanel` incident panel and the `jira:issueAction`
 * "Declare incident" dialog. The context says which (`extension.type`, or the module key when a host leaves the
 * type out).
 */
import { MODULE_KEYS, MODULE_TYPES } from '@shared/forge-context';
import type { AppProps } from '@ui/mount';
import { DeclareIncident } from './declare-incident';
import { IncidentPanel } from './incident-panel';
import { zoneOrDefault } from './local-time';

export function PanelApp({ context }: AppProps) {
  const isAction = context.extension.type === MODULE_TYPES.issueAction || (!context.extension.type && context.moduleKey === MODULE_KEYS.declareIncident);
  const timeZone = zoneOrDefault(context.timezone);
  return isAction ? <DeclareIncident timeZone={timeZone} /> : <IncidentPanel issueId={context.extension.issue?.id} timeZone={timeZone} />;
}
