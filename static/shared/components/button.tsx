import type { ReactNode } from 'react';

export function Button({ appearance = 'default', onClick, disabled, testId, children, type = 'button' }: {
  appearance?: 'default' | 'primary';
  onClick?: () => void;
  disabled?: boolean;
  testId: string;
  children: ReactNode;
  type?: 'button' | 'submit';
}) {
  return (
    <button type={type} className={`kz-button kz-button--${appearance}`} onClick={onClick} disabled={disabled} data-testid={testId} aria-busy={disabled || undefined}>
      {children}
    </button>
  );
}
