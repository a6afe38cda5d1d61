/**
 * A small inline form (the library row's Recommend and Start a reading session, the incident panel's Recommend): its
 * fields, the resolver's refusal, then the primary submit beside Cancel. Submitting — the button or Enter in a field —
 * calls `onSubmit`, never a page load. `classes` lays it out in the view's own styles (the library's by default).
 */
import type { ReactNode } from 'react';
import { Button } from '@ui/components/button';
import { ErrorMessage } from '@ui/components/messages';
import type { UiError } from '@ui/forge';

interface FormButton {
  testId: string;
  text: string;
}

export interface RowFormProps {
  testId: string;
  label?: string;
  noValidate?: boolean;
  onSubmit: () => void;
  error: UiError | undefined;
  busy: boolean;
  submit: FormButton;
  cancel: FormButton & { onClick: () => void };
  classes?: { form: string; actions: string };
  children: ReactNode;
}

const LIBRARY_CLASSES = { form: 'kz-lib-recommend', actions: 'kz-lib-actions__group' };

export function RowForm({ testId, label, noValidate, onSubmit, error, busy, submit, cancel, classes = LIBRARY_CLASSES, children }: RowFormProps) {
  return (
    <form
      className={classes.form}
      data-testid={testId}
      aria-label={label}
      noValidate={noValidate}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      {children}
      {error ? <ErrorMessage error={error} /> : null}
      <div className={classes.actions}>
        <Button type="submit" appearance="primary" busy={busy} testId={submit.testId}>
          {submit.text}
        </Button>
        <Button appearance="subtle" testId={cancel.testId} onClick={cancel.onClick}>
          {cancel.text}
        </Button>
      </div>
    </form>
  );
}
