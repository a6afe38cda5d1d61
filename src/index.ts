/* Kaizen's Forge entry: only re-exports the handlers manifest.yml names (house style 8). */
import { webhookHandler } from './handlers/webhook';

export const mackerelWebhook = webhookHandler('mackerel');
export const opsgenieWebhook = webhookHandler('opsgenie');
export const alertmanagerWebhook = webhookHandler('alertmanager');
export const grafanaWebhook = webhookHandler('grafana');
export const pagerdutyWebhook = webhookHandler('pagerduty');
export { deploymentWebhook } from './handlers/deployment-webhook';
export { alertConsumer } from './handlers/alert-consumer';
export { aiConsumer } from './handlers/ai-consumer';
export { notifyConsumer } from './handlers/notify-consumer';
export { housekeeping } from './handlers/housekeeping';
export { onJiraIssueEvent } from './handlers/jira-issue-events';
export { handler as resolver } from './handlers/resolver';
