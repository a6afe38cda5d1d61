/** Mackerel (mackerel.io) webhook notification channel. */
import type { AlertSource } from '../alert-source';
import { payloadParser } from '../parse-payload';
import { normaliseMackerel } from './normalise';
import { MackerelPayloadSchema, type MackerelPayload } from './schema';
import { MACKEREL_BASIC_USERNAME, MACKEREL_TOKEN_QUERY_PARAMETER, signAsMackerel, verifyMackerel } from './verify';

export const mackerelSource: AlertSource<MackerelPayload> = {
  id: 'mackerel',
  displayName: 'Mackerel',
  webtriggerKey: 'mackerel-webhook',
  auth: {
    kind: 'basic-or-query-token',
    basicUsername: MACKEREL_BASIC_USERNAME,
    queryParameter: MACKEREL_TOKEN_QUERY_PARAMETER,
  },
  docsUrl: 'https://mackerel.io/docs/entry/howto/alerts/webhook',
  verify: verifyMackerel,
  parse: payloadParser(MackerelPayloadSchema),
  normalise: normaliseMackerel,
  signAsSender: signAsMackerel,
};
