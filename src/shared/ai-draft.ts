/**
 * "Draft summary with AI" (issue 11 item 6): what the panel asks for and what it is shown. The model runs in a queue
 * consumer (inference can outlast a resolver's 25 s), so the panel requests a draft, then polls `getAiDraft` until
 * the proposal is ready; a person inserts it into the retrospective page (labelled AI-drafted) or discards it.
 * Built by src/usecases/ai-draft/; parsed by static/panel/src/ai-draft.tsx.
 */
import * as z from 'zod/mini';
import { HttpUrlSchema, IsoTimeSchema } from './primitives';

/**
 * Why a draft failed, for the panel's sentence in the user's language:
 * - `unavailable`: the platform refused the model (403: the app's `llm` module is not enabled on this installation);
 * - `rate-limited`: still over Forge LLMs' 100 prompts a minute after the retries;
 * - `unreadable-answer`: the model answered without the summary and narrative asked for;
 * - `model-error`: any other refusal or failure of the model service;
 * - `timed-out`: no answer within the consumer's time (the job was left pending);
 * - `no-retrospective`: the retrospective page is gone from the record.
 */
export const AI_DRAFT_FAILURES = ['unavailable', 'rate-limited', 'unreadable-answer', 'model-error', 'timed-out', 'no-retrospective'] as const;
export type AiDraftFailure = (typeof AI_DRAFT_FAILURES)[number];

/** The model's proposal: untrusted text (shown as text in the panel, escaped in the page). */
export const AiProposalSchema = z.object({
  summary: z.string(),
  narrative: z.string(),
  model: z.string(),
  createdAt: IsoTimeSchema,
});
export type AiProposal = z.infer<typeof AiProposalSchema>;

/**
 * `getAiDraft` (and the other three's answer): `none` (nothing asked), `pending` (the consumer is on it), `ready`
 * (the proposal; `insertedAt` once a person inserted it), `failed` (why), `unavailable` (Forge LLMs refused this
 * installation recently: the panel hides the button).
 */
export const AiDraftViewSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('none') }),
  z.object({ state: z.literal('pending'), requestedAt: IsoTimeSchema, requestedBy: z.string() }),
  z.object({ state: z.literal('ready'), proposal: AiProposalSchema, requestedBy: z.string(), insertedAt: z.optional(IsoTimeSchema), page: z.optional(z.object({ title: z.string(), url: HttpUrlSchema })) }),
  z.object({ state: z.literal('failed'), reason: z.enum(AI_DRAFT_FAILURES), at: IsoTimeSchema }),
  z.object({ state: z.literal('unavailable') }),
]);
export type AiDraftView = z.infer<typeof AiDraftViewSchema>;

/** `insertAiDraft`: where the blocks went (`summary`: after people's Summary text; `fallback`: the Summary heading was not found, so after the facts) and whether they were on the page already. */
export const InsertAiDraftDataSchema = z.object({
  draft: AiDraftViewSchema,
  placed: z.enum(['summary', 'fallback', 'already']),
});
export type InsertAiDraftData = z.infer<typeof InsertAiDraftDataSchema>;
