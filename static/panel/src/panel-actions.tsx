/**
 * What every control of the panel shares: one runner for the incident actions (as the user, through the resolvers
 * of src/shared/incident-actions.ts), which action is busy, whether the viewer may edit, and the viewer's time zone.
 * An action's answer carries the incident as `getIncident` shows it, so the panel shows it without another call.
 */
import { requestJira } from '@forge/bridge';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { IncidentActionData } from '@shared/incident-actions';
import type { IncidentView, TimelineSlice } from '@shared/incident-view';
import type { RequestOf } from '@shared/resolver-contract';
import * as z from 'zod/mini';
import { call, type UiError, type UiResult } from '@ui/forge';

export type ActionKey = 'setIncidentLevel' | 'setIncidentRoles' | 'setKeyTime' | 'markMitigated' | 'markRecovered' | 'reopenIncident' | 'closeIncident' | 'addTimelineNote';

/** The last action's word to the person: done (and whether Jira followed), or refused. */
export type Feedback = { kind: 'done'; key: ActionKey | 'acknowledgeIncident'; outcome: IncidentActionData['outcome'] | 'acknowledged' | 'already-acknowledged' | 'not-open'; jira?: 'updated' | 'failed' | undefined } | { kind: 'error'; key: string; error: UiError };

export interface PanelActions {
  /** The viewer may not edit the issue (Jira said so, or an action was refused): the panel only shows. */
  readOnly: boolean;
  busy: string | undefined;
  feedback: Feedback | undefined;
  timeZone: string;
  /** Runs an action; the panel shows its answer. `quiet`: the caller shows a refusal itself (a key time's rule). */
  run<K extends ActionKey>(key: K, payload: RequestOf<K>, options?: { quiet?: (e: UiError) => boolean }): Promise<UiResult<IncidentActionData>>;
  acknowledge(): Promise<void>;
  clearFeedback(): void;
}

const Context = createContext<PanelActions | null>(null);

export function usePanelActions(): PanelActions {
  const value = useContext(Context);
  if (!value) throw new Error('usePanelActions outside PanelActionsProvider');
  return value;
}

const MyPermissionsSchema = z.object({ permissions: z.record(z.string(), z.object({ havePermission: z.boolean() })) });

/** Whether Jira lets the viewer edit the issue, asked as the viewer; `undefined` when Jira does not say. */
async function canEditIssue(issueId: string): Promise<boolean | undefined> {
  try {
    const res = await requestJira(`/rest/api/3/mypermissions?issueId=${encodeURIComponent(issueId)}&permissions=EDIT_ISSUES`, { headers: { Accept: 'application/json' } });
    if (!res.ok) return undefined;
    const parsed = MyPermissionsSchema.safeParse(await res.json());
    return parsed.success ? parsed.data.permissions['EDIT_ISSUES']?.havePermission : undefined;
  } catch {
    return undefined;
  }
}

export function PanelActionsProvider({ issueId, timeZone, onView, onReload, children }: {
  issueId: string | undefined;
  timeZone: string;
  /** An action's answer: the incident and timeline to show now. */
  onView: (view: { incident: IncidentView; timeline: TimelineSlice }) => void;
  onReload: () => void;
  children: ReactNode;
}) {
  const [readOnly, setReadOnly] = useState(false);
  const [busy, setBusy] = useState<string | undefined>();
  const [feedback, setFeedback] = useState<Feedback | undefined>();

  useEffect(() => {
    if (!issueId) return;
    let current = true;
    void canEditIssue(issueId).then((can) => {
      if (current && can === false) setReadOnly(true);
    });
    return () => {
      current = false;
    };
  }, [issueId]);

  const refuse = useCallback((key: string, error: UiError) => {
    if (error.code === 'edit-not-allowed') setReadOnly(true);
    setFeedback({ kind: 'error', key, error });
  }, []);

  const run = useCallback<PanelActions['run']>(
    async (key, payload, options) => {
      setBusy(key);
      setFeedback(undefined);
      const result = await call(key, payload as never);
      setBusy(undefined);
      if (result.ok) {
        const data = result.data as IncidentActionData;
        onView({ incident: data.incident, timeline: data.timeline });
        setFeedback({ kind: 'done', key, outcome: data.outcome, jira: data.jira });
        return { ok: true, data };
      }
      if (!options?.quiet?.(result.error)) refuse(key, result.error);
      return result;
    },
    [onView, refuse],
  );

  const acknowledge = useCallback(async () => {
    setBusy('acknowledgeIncident');
    setFeedback(undefined);
    const result = await call('acknowledgeIncident', {});
    setBusy(undefined);
    if (!result.ok) return refuse('acknowledgeIncident', result.error);
    setFeedback({ kind: 'done', key: 'acknowledgeIncident', outcome: result.data.outcome });
    onReload();
  }, [onReload, refuse]);

  const value = useMemo<PanelActions>(() => ({ readOnly, busy, feedback, timeZone, run, acknowledge, clearFeedback: () => setFeedback(undefined) }), [readOnly, busy, feedback, timeZone, run, acknowledge]);
  return <Context value={value}>{children}</Context>;
}
