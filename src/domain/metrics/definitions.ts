/**
 * What every figure of the metrics gadget counts (DESIGN 3.5, issue 10 item 5): the rules as constants the SQL is
 * built from (src/storage/sql/metrics-queries.ts) and one-line definitions in English and Japanese for the UI.
 * The README's "Metrics" section states the same rules at length, with where and why they differ from Apache DevLake.
 *
 * - Period `[from, to)` (period.ts): incidents by impact start, deployments by finish, release problems by when they
 *   occurred. Drills (incident, release problem, action item) never count.
 * - TTD = detected − impact start; TTA = acknowledged − detected; TTM = mitigated − impact start; TTR = recovered −
 *   impact start; over incidents that have both times (a span out of order, below 0, is skipped). Median and p90
 *   (stats.ts), whole seconds per incident.
 * - A deployment counts when it went to {@link COUNTED_ENVIRONMENT} and reached it: outcome not {@link NOT_DEPLOYED_OUTCOME}.
 * - A counted deployment failed when its outcome is one of {@link FAILING_OUTCOMES}, a (non-drill) release problem
 *   names it, or a non-drill incident is attributed to it (src/storage/sql/attribution.ts) — once, however many.
 * - Change lead time: per commit (repository, sha) with an authored time, its first counted deployment (earliest
 *   finish); counted when that deployment finished in the period; a negative span is skipped.
 * - Failed deployment recovery time: per failed deployment of the period with ≥ 1 recovered attributed incident, the
 *   latest recovery − the earliest impact start of its attributed incidents.
 * - Deployment rework rate: counted deployments that name (as hotfix) the issue key of a non-drill incident / counted
 *   deployments. No band.
 */
import type { Ttx } from '../../shared/metrics';

/** The environment whose deployments count (Apache DevLake's `environment = 'PRODUCTION'`). */
export const COUNTED_ENVIRONMENT = 'PRODUCTION';
/** A release with this outcome never reached production: not a deployment (DevLake counts `result = 'SUCCESS'` only). */
export const NOT_DEPLOYED_OUTCOME = 'failed';
/** Outcomes that make a counted deployment a failed one by themselves. */
export const FAILING_OUTCOMES = ['rolled_back', 'partially_incomplete'] as const;

/** Each TTx: [the later time, the earlier time] as `incident_facts` columns. */
export const TTX_SPANS: Readonly<Record<Ttx, readonly [later: string, earlier: string]>> = {
  ttd: ['detected_at', 'impact_started_at'],
  tta: ['acknowledged_at', 'detected_at'],
  ttm: ['mitigated_at', 'impact_started_at'],
  ttr: ['recovered_at', 'impact_started_at'],
};

export const METRIC_KEYS = ['ttd', 'tta', 'ttm', 'ttr', 'deploymentFrequency', 'leadTime', 'changeFailRate', 'recoveryTime', 'reworkRate', 'releaseProblems', 'actionItems'] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];

/** One line per figure, for the gadget (en / ja). */
export const METRIC_DEFINITIONS: Readonly<Record<MetricKey, { en: string; ja: string }>> = {
  ttd: {
    en: 'Time to detect: impact start → detected, over incidents with both times (drills excluded).',
    ja: '検知までの時間（TTD）：影響開始から検知まで。両方の時刻がある障害が対象（訓練は除く）。',
  },
  tta: {
    en: 'Time to acknowledge: detected → acknowledged, over incidents with both times.',
    ja: '確認までの時間（TTA）：検知から担当者の確認（Ack）まで。両方の時刻がある障害が対象。',
  },
  ttm: {
    en: 'Time to mitigate: impact start → mitigated, over incidents with both times.',
    ja: '暫定対処までの時間（TTM）：影響開始から影響の緩和まで。両方の時刻がある障害が対象。',
  },
  ttr: {
    en: 'Time to recover: impact start → recovered, over incidents with both times.',
    ja: '復旧までの時間（TTR）：影響開始から復旧まで。両方の時刻がある障害が対象。',
  },
  deploymentFrequency: {
    en: 'Production deployments that reached production, per week; the band uses the median deployment days per week (then per month).',
    ja: '本番環境へのデプロイ数（週あたり、失敗して反映されなかったものは除く）。評価は週ごとのデプロイ日数の中央値（次いで月ごと）で判定。',
  },
  leadTime: {
    en: 'Change lead time: commit authored → its first production deployment finished (median); commits without an authored time are left out.',
    ja: '変更のリードタイム：コミット作成から、そのコミットを含む最初の本番デプロイ完了まで（中央値）。作成日時のないコミットは対象外。',
  },
  changeFailRate: {
    en: 'Change fail rate: failed deployments (rolled back, partially incomplete, a release problem, or an attributed incident) / deployments; a deployment with several incidents counts once.',
    ja: '変更失敗率：失敗したデプロイ（切り戻し・一部未完了・リリース問題・起因する障害あり）÷ デプロイ数。障害が複数あっても 1 件と数える。',
  },
  recoveryTime: {
    en: 'Failed deployment recovery time: earliest impact start → latest recovery of the incidents attributed to a failed deployment (median).',
    ja: 'デプロイ失敗からの復旧時間：失敗したデプロイに起因する障害の、最初の影響開始から最後の復旧まで（中央値）。',
  },
  reworkRate: {
    en: 'Deployment rework rate: unplanned deployments made to fix a production incident (hotfixes) / deployments. DORA publishes no performance band for it.',
    ja: 'デプロイの手戻り率：本番障害を直すための計画外デプロイ（ホットフィックス）÷ デプロイ数。DORA はこの指標の評価区分を公表していない。',
  },
  releaseProblems: {
    en: 'Release problems per month by class: partially incomplete, rolled back, caused an outage (drills excluded).',
    ja: 'リリース時の問題（月別・分類別）：一部未完了・切り戻し・障害発生（訓練は除く）。',
  },
  actionItems: {
    en: 'Action items of every retrospective and release review still open; overdue: open past the due date (UTC).',
    ja: '全ポストモーテム・リリースレビューの未完了のアクションアイテム。期限超過：期日（UTC）を過ぎても未完了のもの。',
  },
};
