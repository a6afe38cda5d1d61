/**
 * The small form a library row opens (Recommend, Start a reading session): its fields, the resolver's refusal, then
 * the primary submit beside Cancel. Submitting — the button or Enter in a field — calls `onSubmit`, never a page load.
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
  children: ReactNode;
}

export function RowForm({ testId, label, noValidate, onSubmit, error, busy, submit, cancel, children }: RowFormProps) {
  return (
    <form
      className="kz-lib-recommend"
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
      <div className="kz-lib-actions__group">
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
