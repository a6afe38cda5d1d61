import { router } from '@forge/bridge';
import type { ReactNode } from 'react';

/**
 * A link out of the iframe. Forge opens it through the host (`router.open`, which asks before leaving for another
 * site); a host without a router falls back to a new window. Only http(s) URLs get here (the shared schemas check).
 */
export function ExternalLink({ href, testId, children }: { href: string; testId?: string; children: ReactNode }) {
  return (
    <a
      href={href}
      target="_blank"
      rel="noreferrer noopener"
      data-testid={testId}
      onClick={(e) => {
        e.preventDefault();
        router.open(href).catch(() => window.open(href, '_blank', 'noopener,noreferrer'));
      }}
    >
      {children}
    </a>
  );
}
