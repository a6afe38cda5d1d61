import type { ReactNode } from 'react';
import type { AlertState, IncidentState, Level } from '@shared/vocabulary';
import { useI18n } from '../i18n/i18n-context';

export type LozengeAppearance = 'default' | 'inprogress' | 'moved' | 'removed' | 'success' | 'critical';

/** `value` is the machine value behind the text (`data-value`), for tests that should not depend on the language. */
export function Lozenge({ appearance, testId, value, children }: { appearance: LozengeAppearance; testId?: string; value?: string; children: ReactNode }) {
  return (
    <span className={`kz-lozenge kz-lozenge--${appearance}`} data-testid={testId} data-value={value}>
      {children}
    </span>
  );
}

const STATE_APPEARANCE: Record<IncidentState, LozengeAppearance> = { open: 'removed', acknowledged: 'inprogress', mitigated: 'moved', recovered: 'success', closed: 'default' };
const LEVEL_APPEARANCE: Record<Level, LozengeAppearance> = { SEV1: 'critical', SEV2: 'removed', SEV3: 'moved', SEV4: 'default' };
const ALERT_APPEARANCE: Record<AlertState, LozengeAppearance> = { firing: 'removed', acknowledged: 'inprogress', resolved: 'success' };

export function StateLozenge({ state, testId = 'incident-state' }: { state: IncidentState; testId?: string }) {
  const { t } = useI18n();
  return (
    <Lozenge appearance={STATE_APPEARANCE[state]} testId={testId} value={state}>
      {t(`state.${state}`)}
    </Lozenge>
  );
}

export function LevelLozenge({ level, testId = 'incident-level' }: { level: Level; testId?: string }) {
  const { t } = useI18n();
  return (
    <Lozenge appearance={LEVEL_APPEARANCE[level]} testId={testId} value={level}>
      {t(`level.${level}`)}
    </Lozenge>
  );
}

export function AlertStateLozenge({ state }: { state: AlertState }) {
  const { t } = useI18n();
  return (
    <Lozenge appearance={ALERT_APPEARANCE[state]} testId="alert-state" value={state}>
      {t(`alertState.${state}`)}
    </Lozenge>
  );
}
