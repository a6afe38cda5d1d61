/**
 * The metrics gadget (DESIGN 3.5). The same resource serves the view and, with `extension.entryPoint === 'edit'`,
 * the edit form; the configuration it saves comes back as `extension.gadgetConfiguration` (forge-platform.md §7.4),
 * read by `metricsConfigOf` (a counts gadget's saved `{period: 7|30|90}` still reads).
 */
import { metricsConfigOf } from '@shared/metrics';
import type { AppProps } from '@ui/mount';
import { MetricsForm } from './metrics-form';
import { MetricsView } from './metrics-view';

export function GadgetApp({ context }: AppProps) {
  const saved = context.extension.gadgetConfiguration;
  const filter = metricsConfigOf(saved);
  return context.extension.entryPoint === 'edit' ? <MetricsForm filter={filter} saved={saved} /> : <MetricsView filter={filter} timeZone={context.timezone} />;
}
