/** The built-in drill scenarios, listed explicitly (the admin page offers them in this order). */
import { diskFullAlertmanager } from './disk-full-alertmanager';
import type { DrillScenario } from './drill-scenario';
import { paymentErrorsGrafana } from './payment-errors-grafana';
import { webLatencyMackerel } from './web-latency-mackerel';

export const DRILL_SCENARIOS: readonly DrillScenario[] = [webLatencyMackerel, diskFullAlertmanager, paymentErrorsGrafana];

export const scenarioById = (id: string): DrillScenario | undefined => DRILL_SCENARIOS.find((s) => s.id === id);

export { scenarioSteps, type DrillScenario } from './drill-scenario';
