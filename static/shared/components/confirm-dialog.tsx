import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { Button } from './button';

/**
 * A confirmation before something that cannot be undone, as a modal `<dialog>`: the browser traps focus in it,
 * Escape cancels, and focus returns to what opened it; it opens level with what opened it. Cancel has the first focus, so Enter never destroys by
 * accident. Rendered only while open.
 */
export function ConfirmDialog({ title, children, confirmLabel, onConfirm, onCancel, busy, testId }: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  busy?: boolean;
  testId: string;
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const bodyId = useId();
  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) {
      dialog.showModal();
      // a Custom UI frame grows with its content, so "centred" can be far from what the person is looking at:
      // open next to what asked for it, kept inside the frame
      const near = opener?.getBoundingClientRect().top;
      if (near !== undefined) {
        const top = Math.max(16, Math.min(near - 24, window.innerHeight - dialog.offsetHeight - 16));
        dialog.style.marginTop = `${Math.round(top)}px`;
      }
    }
    cancelRef.current?.focus();
    return () => {
      dialog?.close();
      opener?.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className="kz-dialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onCancel();
      }}
    >
      <h2 className="kz-h2" id={titleId}>
        {title}
      </h2>
      <div id={bodyId} className="kz-dialog__body">
        {children}
      </div>
      <div className="kz-dialog__actions">
        <Button testId={`${testId}-cancel`} appearance="subtle" onClick={onCancel} disabled={busy} buttonRef={cancelRef}>
          {t('dialog.cancel')}
        </Button>
        <Button testId={`${testId}-confirm`} appearance="danger" onClick={onConfirm} busy={busy}>
          {confirmLabel}
        </Button>
      </div>
    </dialog>
  );
}
