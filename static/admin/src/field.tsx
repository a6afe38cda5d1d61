/**
 * One form field: label, input, help, and the messages that belong to it right under it — the rule it breaks
 * (`aria-invalid`, `aria-describedby`) and a stored value that no longer parses (a warning, never silently
 * replaced). Every message in the user's language (problem-text.ts).
 */
import { useId, type ReactNode } from 'react';
import type { StoredProblem } from '@shared/admin';
import type { FieldProblem } from '@shared/resolver-result';
import { useAdminI18n } from './i18n/admin-i18n';
import { problemText } from './problem-text';

export function useProblemText(): (p: FieldProblem) => string {
  const i18n = useAdminI18n();
  return (p) => problemText(p, i18n);
}

export interface InputA11y {
  id: string;
  'aria-describedby': string | undefined;
  'aria-invalid': true | undefined;
}

export function Field({ label, help, problem, stored, testId, children, wide }: {
  label: string;
  help?: ReactNode;
  problem?: FieldProblem | undefined;
  stored?: readonly StoredProblem[] | undefined;
  testId: string;
  children: (a11y: InputA11y) => ReactNode;
  wide?: boolean;
}) {
  const id = useId();
  const described = [help ? `${id}-help` : '', problem ? `${id}-error` : '', stored?.length ? `${id}-stored` : ''].filter(Boolean).join(' ');
  return (
    <div className={`kz-field${wide ? ' kz-field--wide' : ''}`} data-testid={testId} data-invalid={problem ? 'true' : undefined}>
      <label className="kz-field__label" htmlFor={id}>
        {label}
      </label>
      {children({ id, 'aria-describedby': described || undefined, 'aria-invalid': problem ? true : undefined })}
      <FieldMessages id={id} help={help} problem={problem} stored={stored} testId={testId} />
    </div>
  );
}

/** Help, error and stored-value warning, with the ids inputs point `aria-describedby` at. */
export function FieldMessages({ id, help, problem, stored, testId }: { id: string; help?: ReactNode; problem?: FieldProblem | undefined; stored?: readonly StoredProblem[] | undefined; testId: string }) {
  const { t } = useAdminI18n();
  const text = useProblemText();
  return (
    <>
      {help ? (
        <p className="kz-field__help" id={`${id}-help`}>
          {help}
        </p>
      ) : null}
      {problem ? (
        <p className="kz-field__error" id={`${id}-error`} data-testid={`${testId}-error`}>
          <span aria-hidden="true" className="kz-field__icon">!</span>
          {text(problem)}
        </p>
      ) : null}
      {stored?.length ? (
        <div className="kz-field__warning" id={`${id}-stored`} data-testid={`${testId}-stored`}>
          {stored.map((s) => (
            <p key={s.path}>{t('settings.storedProblem', { value: s.storedValue, message: text(s) })}</p>
          ))}
        </div>
      ) : null}
    </>
  );
}
