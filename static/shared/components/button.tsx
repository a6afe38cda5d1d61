import type { ReactNode, Ref } from 'react';

export type ButtonAppearance = 'default' | 'primary' | 'subtle' | 'danger' | 'warning';

export function Button({ appearance = 'default', onClick, disabled, busy, testId, children, type = 'button', label, describedBy, buttonRef }: {
  appearance?: ButtonAppearance;
  onClick?: () => void;
  disabled?: boolean;
  /** Working on it: disabled and announced as busy. `disabled` alone implies busy too, as it always has. */
  busy?: boolean;
  testId: string;
  children: ReactNode;
  type?: 'button' | 'submit';
  /** An accessible name when the visible text alone is ambiguous (`Retire` → `Retire sha256:…`). */
  label?: string;
  describedBy?: string;
  buttonRef?: Ref<HTMLButtonElement>;
}) {
  const off = disabled || busy;
  return (
    <button
      ref={buttonRef}
      type={type}
      className={`kz-button kz-button--${appearance}`}
      onClick={onClick}
      disabled={off}
      data-testid={testId}
      aria-busy={busy ?? (disabled || undefined)}
      aria-label={label}
      aria-describedby={describedBy}
    >
      {children}
    </button>
  );
}
