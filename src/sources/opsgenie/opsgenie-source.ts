/** Opsgenie / Jira Service Management Operations outgoing Webhook integration. */
import type { AlertSource } from '../alert-source';
import { payloadParser } from '../parse-payload';
import { normaliseOpsgenie } from './normalise';
import { OpsgeniePayloadSchema, type OpsgeniePayload } from './schema';
import { OPSGENIE_DEFAULT_HEADER, signAsOpsgenie, verifyOpsgenie } from './verify';

export const opsgenieSource: AlertSource<OpsgeniePayload> = {
  id: 'opsgenie',
  displayName: 'Opsgenie / JSM Operations',
  webtriggerKey: 'opsgenie-webhook',
  auth: { kind: 'header-token', headerName: OPSGENIE_DEFAULT_HEADER, headerConfigurable: true },
  docsUrl: 'https://support.atlassian.com/opsgenie/docs/integrate-opsgenie-with-webhook/',
  verify: verifyOpsgenie,
  parse: payloadParser(OpsgeniePayloadSchema),
  normalise: normaliseOpsgenie,
  signAsSender: signAsOpsgenie,
};
