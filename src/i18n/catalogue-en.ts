/**
 * English texts of everything Kaizen writes into Jira and Confluence (DESIGN 1: every generated text exists in
 * English and Japanese). This file defines the keys: `catalogue-ja.ts` must have exactly the same keys and the same
 * `{placeholders}` in each text, or the build fails (see `messages.ts`).
 *
 * Texts are plain text, never markup: the renderers put them into ADF text nodes or through the XHTML serializer.
 * A key ending in `.one` / `.other` is a plural pair, picked with `tPlural` (English uses both, Japanese has one form).
 */
export const en = {
  // Incident states (domain/incident INCIDENT_STATES).
  'state.open': 'Open',
  'state.acknowledged': 'Acknowledged',
  'state.mitigated': 'Mitigated',
  'state.recovered': 'Recovered',
  'state.closed': 'Closed',

  // Incident levels (domain/incident LEVELS); SEV1 is the most severe.
  'level.SEV1': 'SEV1 (critical)',
  'level.SEV2': 'SEV2 (major)',
  'level.SEV3': 'SEV3 (minor)',
  'level.SEV4': 'SEV4 (low)',

  // Alert severity on Kaizen's scale (domain/alert SEVERITY_LEVELS).
  'severity.critical': 'Critical',
  'severity.warning': 'Warning',
  'severity.info': 'Info',
  'severity.unknown': 'Unknown',
  'severity.withRaw': '{severity} (sender: {raw})',

  // Alert statuses (domain/alert ALERT_STATUSES).
  'alertStatus.firing': 'Firing',
  'alertStatus.resolved': 'Resolved',
  'alertStatus.acknowledged': 'Acknowledged',
  'alertStatus.note': 'Note',
  'alertStatus.test': 'Test notification',

  // Link kinds (domain/alert LINK_KINDS).
  'link.runbook': 'Runbook',
  'link.dashboard': 'Dashboard',
  'link.panel': 'Panel',
  'link.silence': 'Silence',
  'link.image': 'Graph image',
  'link.rule': 'Alert rule',
  'link.host': 'Host',
  'link.service': 'Service',
  'link.console': 'Console',
  'link.other': 'Link',
  'link.labelled': '{kind}: {label}',

  // Timeline entry kinds (domain/incident TIMELINE_KINDS).
  'timeline.alert-opened': 'Alert opened',
  'timeline.alert-escalated': 'Alert escalated',
  'timeline.alert-repeated': 'Alert re-sent',
  'timeline.alert-acknowledged': 'Alert acknowledged',
  'timeline.incident-acknowledged': 'Incident acknowledged',
  'timeline.level-set': 'Level set',
  'timeline.roles-set': 'Roles set',
  'timeline.time-set': 'Key time set',
  'timeline.mitigated': 'Incident mitigated',
  'timeline.closed': 'Incident closed',
  'timeline.note': 'Note',
  'timeline.alert-resolved': 'Alert resolved',
  'timeline.alert-note': 'Note',
  'timeline.recovered': 'Incident recovered',
  'timeline.reopened': 'Incident reopened',
  'timeline.incident-opened': 'Incident opened',
  'timeline.withActor': '{event} (by {actor})',

  // Response roles (DESIGN 3.2).
  'role.commander': 'Incident commander',
  'role.communications': 'Communications lead',
  'role.scribe': 'Scribe',
  'role.responders': 'Responders',

  // Durations.
  'duration.seconds': '{s} s',
  'duration.minutes': '{m} min',
  'duration.hoursMinutes': '{h} h {m} min',
  'duration.daysHours': '{d} d {h} h',

  'common.drill': 'This is a drill: it is excluded from metrics.',
  'common.kaizen': 'Kaizen',
  'common.listSeparator': ', ',

  // Jira issue description (DESIGN 3.1 step 4).
  'issue.intro': 'Kaizen opened this incident from a {source} alert.',
  'issue.alertHeading': 'Alert',
  'issue.field.title': 'Title',
  'issue.field.status': 'Status',
  'issue.field.source': 'Source',
  'issue.field.monitor': 'Monitor',
  'issue.field.severity': 'Severity',
  'issue.field.level': 'Level',
  'issue.field.service': 'Service',
  'issue.field.roles': 'Roles',
  'issue.field.host': 'Host',
  'issue.field.metric': 'Metric',
  'issue.field.openedAt': 'Opened at',
  'issue.field.alertId': 'Alert ID',
  'issue.metric.value': 'value {value}',
  'issue.metric.threshold': 'threshold {threshold}',
  'issue.messageHeading': 'Message',
  'issue.noMessage': 'The alert carried no message.',
  'issue.messageCut': 'The message is too long for the issue and is cut here; the alert in {source} has all of it.',
  'issue.memoHeading': 'Monitor memo',
  'issue.noteHeading': 'Note',
  'issue.linksHeading': 'Links',
  'issue.link.alert': 'Open the alert in {source}',
  'issue.link.monitor': 'Monitor: {name}',
  'issue.truncated': 'Kaizen shortened or dropped these alert fields because they were too long: {fields}.',
  'issue.truncatedAlerts.one': 'The sender left out {count} more alert of this notification.',
  'issue.truncatedAlerts.other': 'The sender left out {count} more alerts of this notification.',
  'issue.pageNote': 'The live incident page in Confluence will be linked to this issue as soon as it is created.',
  // The link to the page (a Jira remote link's summary).
  'issue.drillPrefix': '[DRILL]',
  'issue.pageLink': 'Kaizen live incident page',

  // Live incident page (DESIGN 3.2).
  // The live status macro's title on the page: the manifest's title of the `incident-status` macro (locales/*.json).
  'page.statusMacroTitle': 'Kaizen incident status',
  'page.issue': 'Jira issue',
  'page.summary': 'Summary',
  'page.detected': 'Detected {time} by {source} ({monitor}).',
  'page.impact': 'Impact',
  'page.impactPrompt': 'Who and what is affected, since when? How many users, which regions and features? Update it as you learn more.',
  'page.roles': 'Roles',
  'page.roles.role': 'Role',
  'page.roles.person': 'Person',
  'page.notes': 'Notes timeline',
  'page.notes.time': 'Time',
  'page.notes.who': 'Who',
  'page.notes.what': 'What happened / what was done',
  'page.notes.first': 'Alert received from {source}: {title}. Incident opened.',
  'page.actions': 'Actions in progress',
  'page.actionsPrompt': 'Who does what, by when? @mention the owner.',
  'page.links': 'Links',
  'page.link.issue': 'Jira issue {key}',
  'page.link.alert': 'Alert in {source}',
  'page.link.monitor': 'Monitor: {name}',
  'page.linksPrompt': 'Add the chat channel, the call bridge and dashboards here.',
  'page.nextUpdate': 'Next update',
  'page.nextUpdatePrompt': 'When and where is the next status update? For example: in 30 minutes, in #incident.',

  // Kaizen-owned machine timeline region of the page.
  'region.timeline.title': 'Alert timeline (kept by Kaizen)',
  'region.timeline.note': 'Kaizen rewrites this block: edits inside it are replaced. Write your own notes in the Notes timeline.',
  'region.timeline.empty': 'No alert events yet.',
  'region.timeline.more.one': '…and {count} earlier event: the full timeline is in the Kaizen panel of the Jira issue.',
  'region.timeline.more.other': '…and {count} earlier events: the full timeline is in the Kaizen panel of the Jira issue.',
  'region.timeline.col.time': 'Time',
  'region.timeline.col.event': 'Event',
  'region.timeline.col.alert': 'Alert',
  'region.timeline.col.severity': 'Severity',
  'region.timeline.col.detail': 'Detail',

  // Jira comments (DESIGN 3.1 steps 5 and 6).
  'comment.events.one': '{count} new alert event ({start} – {end})',
  'comment.events.other': '{count} new alert events ({start} – {end})',
  'comment.window.one': 'Kaizen collects alert events for {minutes} minute before it comments.',
  'comment.window.other': 'Kaizen collects alert events for {minutes} minutes before it comments.',
  'comment.storm': 'Summarised per alert:',
  'comment.group.one': '{count} event: {kinds}; last at {time}',
  'comment.group.other': '{count} events: {kinds}; last at {time}',
  'comment.kindCount': '{kind} ×{count}',
  'comment.severity': ' ({severity})',
  'comment.more.one': '…and {count} more alert',
  'comment.more.other': '…and {count} more alerts',
  'comment.none': 'No new alert events.',
  'comment.omitted.one': '…and {count} more alert event, the last at {time}. Every event is on the incident timeline: the Kaizen panel on this issue and the live incident page.',
  'comment.omitted.other': '…and {count} more alert events, the last at {time}. Every event is on the incident timeline: the Kaizen panel on this issue and the live incident page.',
} as const;
