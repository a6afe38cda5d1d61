/**
 * The parts the issue actions' forms share ("Declare incident", "Report a release problem"): closing the dialog, a
 * labelled field with its hint and problem, and the request id that makes a double click or a retry one request.
 */
import { view } from '@forge/bridge';
import { useState, type ReactNode } from 'react';
import { Button } from '@ui/components/button';

export const closeDialog = () => void view.close().catch(() => undefined);

/** The dialog's one button once there is nothing left to send. */
export function CloseRow({ label }: { label: string }) {
  return (
    <div className="kz-row">
      <Button testId="close-button" onClick={closeDialog}>
        {label}
      </Button>
    </div>
  );
}

/** A field's problem, announced to screen readers (`role="alert"`). */
export function FieldProblem({ id, testId, text }: { id: string; testId: string | undefined; text: string }) {
  return (
    <p className="kz-small kz-text-danger" id={id} role="alert" data-testid={testId}>
      {text}
    </p>
  );
}

/** A control with its label, an optional hint (`<id>-hint`) and its problem (`<id>-problem`). */
export function Field({ id, label, hint, problem, testId, children }: { id: string; label: string; hint?: string; problem?: string | undefined; testId?: string; children: ReactNode }) {
  return (
    <div className="kz-field">
      <label className="kz-label" htmlFor={id}>
        {label}
      </label>
      {children}
      {hint ? (
        <p className="kz-small kz-subtle" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {problem ? <FieldProblem id={`${id}-problem`} testId={testId} text={problem} /> : null}
    </div>
  );
}

/**
 * One request id per request, made when the form opens: the same payload sent again (a double click, a retry) keeps
 * it, so the resolver does the work once; a changed form after a refusal is a new request with a new id.
 */
export function useRequestId(): (payload: string) => string {
  const [request, setRequest] = useState<{ id: string; payload: string }>(() => ({ id: crypto.randomUUID(), payload: '' }));
  return (payload) => {
    const id = request.payload === '' || request.payload === payload ? request.id : crypto.randomUUID();
    setRequest({ id, payload });
    return id;
  };
}
