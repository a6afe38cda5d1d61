/**
 * The response roles (DESIGN 3.2 Roles / 体制): commander, communications lead and scribe (one person each) and the
 * responders (a list). Each change goes at once as that one role (`setIncidentRoles` leaves the others as they are,
 * so two people changing different roles at once both land); the commander becomes the Jira assignee.
 */
import { useState } from 'react';
import type { PersonMarkView, RolesView } from '@shared/incident-view';
import { RESPONDERS_MAX } from '@shared/incident-actions';
import { Button } from '@ui/components/button';
import { useI18n } from '@ui/i18n/i18n-context';
import { usePanelActions } from './panel-actions';
import { PersonName, usePersonName } from './person-name';
import { SetBy } from './set-by';
import { useFocusReturn } from './use-focus-return';
import { UserPicker } from './user-picker';

const SINGLE = ['commander', 'communicationsLead', 'scribe'] as const;
type Single = (typeof SINGLE)[number];

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
  const { readOnly, busy, run } = usePanelActions();
  const [editing, setEditing] = useState(false);
  const changeRef = useFocusReturn(editing);
  const label = t(`role.${role}`);
  if (editing) {
    return (
      <div className="kz-field">
        <UserPicker
          role={label}
          testId={`role-${role}-picker`}
          exclude={accountId ? [accountId] : []}
          onCancel={() => setEditing(false)}
          onPick={(id) => void run('setIncidentRoles', { [role]: id }).then((r) => r.ok && setEditing(false))}
        />
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
        <UserPicker role={label} testId="role-responders-picker" exclude={ids} onCancel={() => setAdding(false)} onPick={(id) => void run('setIncidentRoles', { responders: [...ids, id] }).then((r) => r.ok && setAdding(false))} />
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
