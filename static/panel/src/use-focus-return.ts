import { useEffect, useRef } from 'react';

/**
 * Focus back on the button that opened an inline editor once the editor closes (saved or cancelled), so a keyboard
 * user is not dropped at the top of the frame. Returns the ref for that button.
 */
export function useFocusReturn(open: boolean) {
  const ref = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(open);
  useEffect(() => {
    if (wasOpen.current && !open) ref.current?.focus();
    wasOpen.current = open;
  }, [open]);
  return ref;
}
