/**
 * The models Forge LLMs offers and their limits, as the sandbox's `@forge/llm` endpoint knows them.
 *
 * Sources (read 2026-12 from the Forge docs mirror and a dated research digest of the live pages):
 *  - models: developer.atlassian.com/platform/forge/runtime-reference/forge-llms-models/ (page of Aug 3, 2026):
 *    eight Claude models, all ACTIVE. Only the Claude family exists (`llm` module schema in
 *    node_modules/@forge/manifest: `model` enum `['claude']`).
 *  - sampling rules: /runtime-reference/forge-llms-api-reference/ "Validation rules": `temperature` and `top_p`
 *    cannot be given together; four models accept neither.
 *  - limits (per installation): /platform/forge/limits-llm/ (Sep 30, 2026): 100 requests a minute ("prompts sent to
 *    any model"), 500,000 tokens a minute per model (changelog Oct 2, 2026: "per installation ... for each model"),
 *    context windows Haiku 200K in / 64K out, Sonnet and Opus 1M in / 128K out.
 * Use `list()` at run time in the app: models are added and retired; this table only mirrors the docs.
 */

export type ModelTier = 'haiku' | 'sonnet' | 'opus';

export interface ForgeLlmModel {
  model: string;
  /** The manifest `llm` module's family that enables it. */
  family: 'claude';
  tier: ModelTier;
  status: 'active' | 'deprecated';
  /** The model rejects `temperature` and `top_p` (API reference, "Validation rules"). */
  noSampling?: boolean;
}

export const FORGE_LLM_MODELS: readonly ForgeLlmModel[] = [
  { model: 'claude-haiku-4-5-20251001', family: 'claude', tier: 'haiku', status: 'active' },
  { model: 'claude-sonnet-4-5-20250929', family: 'claude', tier: 'sonnet', status: 'active' },
  { model: 'claude-sonnet-4-6', family: 'claude', tier: 'sonnet', status: 'active' },
  { model: 'claude-sonnet-5', family: 'claude', tier: 'sonnet', status: 'active', noSampling: true },
  { model: 'claude-opus-4-6', family: 'claude', tier: 'opus', status: 'active' },
  { model: 'claude-opus-4-7', family: 'claude', tier: 'opus', status: 'active', noSampling: true },
  { model: 'claude-opus-4-8', family: 'claude', tier: 'opus', status: 'active', noSampling: true },
  { model: 'claude-opus-5', family: 'claude', tier: 'opus', status: 'active', noSampling: true },
];

/** Context window (input tokens) and the largest completion, per tier (limits-llm). */
export const TIER_LIMITS: Record<ModelTier, { contextTokens: number; maxOutputTokens: number }> = {
  haiku: { contextTokens: 200_000, maxOutputTokens: 64_000 },
  sonnet: { contextTokens: 1_000_000, maxOutputTokens: 128_000 },
  opus: { contextTokens: 1_000_000, maxOutputTokens: 128_000 },
};

export const LLM_LIMITS = {
  /** Prompts per installation per minute, any model. */
  requestsPerMinute: 100,
  /** Tokens (in + out) per installation per minute, per model. */
  tokensPerMinute: 500_000,
} as const;

/**
 * The sandbox's token count: one token per 4 characters, rounded up. Real tokenisation differs (and is not public
 * for these models); this is only what the context-window and tokens-per-minute checks and `usage` count.
 */
export const estimateTokens = (text: string): number => Math.ceil(text.length / 4);
