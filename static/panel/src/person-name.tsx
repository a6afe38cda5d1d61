import { useEffect, useState } from 'react';
import { displayNameOf } from './user-directory';
import { initials } from './user-picker';

/** A person named as Jira names them to the viewer (asked as the viewer); the account id until Jira answers, or if it does not. */
export function usePersonName(accountId: string): string {
  const [name, setName] = useState<string | undefined>();
  useEffect(() => {
    let current = true;
    setName(undefined);
    void displayNameOf(accountId).then((n) => current && setName(n));
    return () => {
      current = false;
    };
  }, [accountId]);
  return name ?? accountId;
}

/** `plain`: the name alone, for a line of text (a timeline entry). */
export function PersonName({ accountId, testId, plain = false }: { accountId: string; testId?: string; plain?: boolean }) {
  const name = usePersonName(accountId);
  if (plain) return <span data-account-id={accountId}>{name}</span>;
  return (
    <span className="kz-person" data-testid={testId} data-account-id={accountId}>
      <span className="kz-avatar" aria-hidden="true">
        {initials(name)}
      </span>
      <span className="kz-title">{name}</span>
    </span>
  );
}
