/**
 * The response roles (DESIGN 3.2 Roles / 体制): commander, communications lead and scribe (one person each) and the
 * responders (a list). Each change goes at once as that one role (`setIncidentRoles` leaves the others as they are,
 * so two people changing different roles at once both land); the commander becomes the Jira assignee. A person
 * Jira does not know as an active user (`unknown-person`, e.g. an account id typed where no people search is served)
 * is refused and said next to the picker, which stays open.
 */
import { useState } from 'react';
import type { PersonMarkView, RolesView } from '@shared/incident-view';
import { RESPONDERS_MAX } from '@shared/incident-actions';
import type { RequestOf } from '@shared/resolver-contract';
import { Button } from '@ui/components/button';
import { useI18n } from '@ui/i18n/i18n-context';
import { usePanelActions } from './panel-actions';
import { PersonName, usePersonName } from './person-name';
import { SetBy } from './set-by';
import { useFocusReturn } from './use-focus-return';
import { UserPicker } from './user-picker';

const SINGLE = ['commander', 'communicationsLead', 'scribe'] as const;
type Single = (typeof SINGLE)[number];

const isUnknownPerson = (e: { code: string }): boolean => e.code === 'unknown-person';

/** Runs a roles change; `unknown-person` is answered here (next to the picker), anything else by the panel. */
function usePick(done: () => void) {
  const { t } = useI18n();
  const { run } = usePanelActions();
  const [problem, setProblem] = useState<string | undefined>();
  const pick = (payload: RequestOf<'setIncidentRoles'>) =>
    void run('setIncidentRoles', payload, { quiet: isUnknownPerson }).then((r) => {
      setProblem(!r.ok && isUnknownPerson(r.error) ? t('error.unknown-person') : undefined);
      if (r.ok) done();
    });
  return { problem, pick, clear: () => setProblem(undefined) };
}

function PickProblem({ testId, problem }: { testId: string; problem: string | undefined }) {
  return problem ? (
    <p className="kz-small kz-text-danger" role="alert" data-testid={testId}>
      {problem}
    </p>
  ) : null;
}

export function RolesEditor({ roles, setBy }: { roles: RolesView | undefined; setBy: PersonMarkView | undefined }) {
  const { t } = useI18n();
  const current: RolesView = roles ?? { responders: [] };
  return (
    <div data-testid="roles">
      <dl className="kz-facts kz-facts--roles">
        {SINGLE.map((role) => (
          <div key={role} className="kz-contents">
            <dt id={`role-${role}`}>{t(`role.${role}`)}</dt>
            <dd>
              <SingleRole role={role} accountId={current[role]} />
            </dd>
          </div>
        ))}
        <div className="kz-contents">
          <dt id="role-responders">{t('role.responders')}</dt>
          <dd>
            <Responders ids={current.responders} />
          </dd>
        </div>
      </dl>
      {setBy ? (
        <p className="kz-small kz-subtle">
          <SetBy mark={setBy} />
        </p>
      ) : null}
    </div>
  );
}

function SingleRole({ role, accountId }: { role: Single; accountId: string | undefined }) {
  const { t } = useI18n();
  const { readOnly, busy } = usePanelActions();
  const [editing, setEditing] = useState(false);
  const { problem, pick, clear } = usePick(() => setEditing(false));
  const changeRef = useFocusReturn(editing);
  const label = t(`role.${role}`);
  if (editing) {
    return (
      <div className="kz-field">
        <UserPicker
          role={label}
          testId={`role-${role}-picker`}
          exclude={accountId ? [accountId] : []}
          onCancel={() => {
            clear();
            setEditing(false);
          }}
          onPick={(id) => pick({ [role]: id })}
        />
        <PickProblem testId={`role-${role}-problem`} problem={problem} />
        {role === 'commander' ? <p className="kz-small kz-subtle">{t('panel.roles.commanderHint')}</p> : null}
      </div>
    );
  }
  return (
    <div className="kz-row kz-role" data-testid={`role-${role}`} data-account-id={accountId ?? ''}>
      {accountId ? <PersonName accountId={accountId} testId={`role-${role}-name`} /> : <span className="kz-subtle">{t('panel.roles.none')}</span>}
      {readOnly ? null : (
        <Button appearance="subtle" testId={`role-${role}-change`} label={t('panel.roles.changeLabel', { role: label })} disabled={busy !== undefined} busy={false} buttonRef={changeRef} onClick={() => setEditing(true)}>
          {t('panel.roles.change')}
        </Button>
      )}
    </div>
  );
}

function Responders({ ids }: { ids: readonly string[] }) {
  const { t } = useI18n();
  const { readOnly, busy, run } = usePanelActions();
  const [adding, setAdding] = useState(false);
  const { problem, pick, clear } = usePick(() => setAdding(false));
  const addRef = useFocusReturn(adding);
  const label = t('role.responders');
  return (
    <div data-testid="role-responders" data-count={ids.length}>
      {ids.length === 0 && (readOnly || !adding) ? <span className="kz-subtle">{t('panel.roles.noResponders')}</span> : null}
      {ids.length > 0 ? (
        <ul className="kz-chips" aria-labelledby="role-responders">
          {ids.map((id) => (
            <li key={id} className="kz-chip" data-testid="responder" data-account-id={id}>
              <PersonName accountId={id} />
              {readOnly ? null : <RemoveResponder id={id} role={label} disabled={busy !== undefined} onRemove={() => void run('setIncidentRoles', { responders: ids.filter((x) => x !== id) })} />}
            </li>
          ))}
        </ul>
      ) : null}
      {readOnly || ids.length >= RESPONDERS_MAX ? null : adding ? (
        <>
          <UserPicker
            role={label}
            testId="role-responders-picker"
            exclude={ids}
            onCancel={() => {
              clear();
              setAdding(false);
            }}
            onPick={(id) => pick({ responders: [...ids, id] })}
          />
          <PickProblem testId="role-responders-problem" problem={problem} />
        </>
      ) : (
        <Button appearance="subtle" testId="role-responders-add" disabled={busy !== undefined} busy={false} buttonRef={addRef} onClick={() => setAdding(true)}>
          + {t('panel.roles.addResponder')}
        </Button>
      )}
    </div>
  );
}

function RemoveResponder({ id, role, disabled, onRemove }: { id: string; role: string; disabled: boolean; onRemove: () => void }) {
  const { t } = useI18n();
  const name = usePersonName(id);
  return (
    <button type="button" className="kz-chip__remove" aria-label={t('panel.roles.remove', { name, role })} data-testid="responder-remove" disabled={disabled} onClick={onRemove}>
      ×
    </button>
  );
}
