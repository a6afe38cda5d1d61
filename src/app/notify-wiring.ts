/**
 * Slack notifications' dependencies (src/usecases/notify/) from the real adapters, once per invocation.
 */
import { createSlackNotifier } from '../adapters/slack-notifier';
import { slackWebhookPoster } from '../adapters/slack-webhook';
import { jiraUserNamesAsApp } from '../adapters/jira-users';
import { loadIncident } from '../storage/incident-store';
import { loadIntakeSettings } from '../storage/settings';
import { claimSlackNotification, loadSlackConfig, loadSlackWebhookUrl, markSlackNotificationSent, releaseSlackNotification, wasSlackNotificationSent } from '../storage/slack-settings';
import type { Lease } from '../storage/lease';
import type { IncidentNotifier } from '../usecases/notify/notification';
import type { SendDeps } from '../usecases/notify/send-notification';
import type { SlackSettingsStore } from '../usecases/notify/slack-settings-admin';
import { saveSlackConfig, saveSlackWebhookUrl } from '../storage/slack-settings';

/** The admin page's Slack settings: the plain row and the webhook URLs in secret storage. */
export const slackSettingsStore: SlackSettingsStore = { load: loadSlackConfig, save: saveSlackConfig, webhookUrl: loadSlackWebhookUrl, setWebhookUrl: saveSlackWebhookUrl };

/** What the use cases announce through: the `kaizen-notify` queue. */
export const slackNotifier = (): IncidentNotifier => createSlackNotifier();

export function sendNotificationDeps(): SendDeps {
  return {
    config: loadSlackConfig,
    webhookUrl: loadSlackWebhookUrl,
    incident: loadIncident,
    settings: loadIntakeSettings,
    displayName: (accountId) => jiraUserNamesAsApp.displayNameOf(accountId),
    slack: slackWebhookPoster,
    // the claims are the store's leases, handed back as they were handed out
    sent: { was: wasSlackNotificationSent, claim: claimSlackNotification, mark: (id, at, claim) => markSlackNotificationSent(id, at, claim as Lease), release: (claim) => releaseSlackNotification(claim as Lease) },
    clock: { now: () => new Date() },
  };
}
