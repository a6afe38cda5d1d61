/**
 * The metrics gadget (DESIGN 3.5). The same resource serves the view and, with `extension.entryPoint === 'edit'`,
 * the edit form; the period it saves comes back as `extension.gadgetConfiguration` (forge-platform.md §7.4).
 */
import { periodOf } from '@shared/incident-counts';
import type { AppProps } from '@ui/mount';
import { CountsView } from './counts-view';
import { PeriodForm } from './period-form';

export function GadgetApp({ context }: AppProps) {
  const period = periodOf(context.extension.gadgetConfiguration);
  return context.extension.entryPoint === 'edit' ? <PeriodForm period={period} /> : <CountsView period={period} />;
}
