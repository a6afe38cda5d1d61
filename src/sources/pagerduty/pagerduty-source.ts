/** PagerDuty v3 webhook subscription. */
import type { AlertSource } from '../alert-source';
import { payloadParser } from '../parse-payload';
import { normalisePagerduty } from './normalise';
import { PagerdutyPayloadSchema, type PagerdutyPayload } from './schema';
import { PAGERDUTY_SIGNATURE_HEADER, signAsPagerduty, verifyPagerduty } from './verify';

export const pagerdutySource: AlertSource<PagerdutyPayload> = {
  id: 'pagerduty',
  displayName: 'PagerDuty',
  webtriggerKey: 'pagerduty-webhook',
  auth: { kind: 'hmac', headerName: PAGERDUTY_SIGNATURE_HEADER, signaturePrefix: 'v1=', secretGeneratedBy: 'sender' },
  docsUrl: 'https://developer.pagerduty.com/docs/webhooks/v3-overview/',
  verify: verifyPagerduty,
  parse: payloadParser(PagerdutyPayloadSchema),
  normalise: normalisePagerduty,
  signAsSender: signAsPagerduty,
};
