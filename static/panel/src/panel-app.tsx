/**
 * The `panel` resource serves three modules: the `jira:issuePanel` incident panel and the `jira:issueAction`
 * "Declare incident" and "Report a release problem" dialogs. The context says which (`extension.type`, or the
 * module key when a host leaves the type out; the two actions by their module key).
 */
import { MODULE_KEYS, MODULE_TYPES } from '@shared/forge-context';
import type { AppProps } from '@ui/mount';
import { DeclareIncident } from './declare-incident';
import { IncidentPanel } from './incident-panel';
import { zoneOrDefault } from './local-time';
import { ReportReleaseProblem } from './report-release-problem';
import { REPORT_RELEASE_PROBLEM_MODULE_KEY } from '@shared/release-problems';

export function PanelApp({ context }: AppProps) {
  const isAction = context.extension.type === MODULE_TYPES.issueAction || (!context.extension.type && context.moduleKey === MODULE_KEYS.declareIncident);
  const timeZone = zoneOrDefault(context.timezone);
  // the issue actions share this resource: "Report a release problem" is told apart by its module key
  if (context.moduleKey === REPORT_RELEASE_PROBLEM_MODULE_KEY) return <ReportReleaseProblem timeZone={timeZone} />;
  return isAction ? <DeclareIncident timeZone={timeZone} /> : <IncidentPanel issueId={context.extension.issue?.id} timeZone={timeZone} />;
}
