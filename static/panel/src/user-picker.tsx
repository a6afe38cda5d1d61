/**
 * Picks a Jira user for a role: a combobox (WAI-ARIA 1.2 pattern: the input keeps focus, arrows move through the
 * list, Enter picks, Escape closes then cancels) whose results Jira gives as the user. When the site serves no people
 * search, a text field for the account id stands in (user-directory.ts).
 */
import { useEffect, useId, useRef, useState } from 'react';
import { Button } from '@ui/components/button';
import { useI18n } from '@ui/i18n/i18n-context';
import { peopleSearchAvailable, rememberName, searchPeople, type Person } from './user-directory';

type Results = { status: 'idle' } | { status: 'searching' } | { status: 'found'; people: Person[] } | { status: 'failed' };

export function UserPicker({ role, testId, exclude = [], onPick, onCancel }: { role: string; testId: string; exclude?: readonly string[]; onPick: (accountId: string) => void; onCancel: () => void }) {
  const [available, setAvailable] = useState<boolean | undefined>();
  useEffect(() => {
    let current = true;
    void peopleSearchAvailable().then((a) => current && setAvailable(a));
    return () => {
      current = false;
    };
  }, []);
  if (available === false) return <AccountIdField role={role} testId={testId} onPick={onPick} onCancel={onCancel} />;
  return <SearchBox role={role} testId={testId} exclude={exclude} onPick={onPick} onCancel={onCancel} />;
}

function SearchBox({ role, testId, exclude, onPick, onCancel }: { role: string; testId: string; exclude: readonly string[]; onPick: (accountId: string) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const listId = `${id}-list`;
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<Results>({ status: 'idle' });
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  useEffect(() => {
    const q = query.trim();
    if (!q) return setResults({ status: 'idle' });
    setResults({ status: 'searching' });
    let current = true;
    const timer = setTimeout(() => {
      void searchPeople(q).then((r) => {
        if (!current) return;
        setResults(r.kind === 'found' ? { status: 'found', people: r.people.filter((p) => !exclude.includes(p.accountId)) } : { status: 'failed' });
        setActive(0);
        setOpen(true);
      });
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query, exclude]);
  const people = results.status === 'found' ? results.people : [];
  const expanded = open && people.length > 0;
  const pick = (p: Person) => {
    rememberName(p);
    onPick(p.accountId);
  };
  const status =
    results.status === 'searching' ? t('panel.roles.searching') : results.status === 'failed' ? t('error.unavailable') : results.status === 'found' ? (people.length === 0 ? t('panel.roles.noMatch') : t('panel.roles.found', { count: people.length })) : '';
  return (
    <div className="kz-picker" data-testid={testId}>
      <div className="kz-row">
        <input
          ref={input}
          className="kz-input"
          type="text"
          role="combobox"
          aria-label={t('panel.roles.search', { role })}
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-activedescendant={expanded ? `${id}-opt-${active}` : undefined}
          placeholder={t('panel.roles.searchPlaceholder')}
          autoComplete="off"
          value={query}
          data-testid={`${testId}-input`}
          onChange={(e) => setQuery(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' && people.length > 0) {
              e.preventDefault();
              setOpen(true);
              setActive((a) => (expanded ? (a + 1) % people.length : 0));
            } else if (e.key === 'ArrowUp' && people.length > 0) {
              e.preventDefault();
              setActive((a) => (a - 1 + people.length) % people.length);
            } else if (e.key === 'Enter' && expanded) {
              e.preventDefault();
              const p = people[active];
              if (p) pick(p);
            } else if (e.key === 'Escape') {
              e.preventDefault();
              if (expanded) setOpen(false);
              else onCancel();
            }
          }}
        />
        <Button appearance="subtle" testId={`${testId}-cancel`} onClick={onCancel}>
          {t('panel.roles.cancel')}
        </Button>
      </div>
      <ul id={listId} role="listbox" aria-label={role} className="kz-listbox" hidden={!expanded} data-testid={`${testId}-results`}>
        {people.map((p, i) => (
          <li
            key={p.accountId}
            id={`${id}-opt-${i}`}
            role="option"
            aria-selected={i === active}
            className="kz-option"
            data-testid="person-option"
            data-account-id={p.accountId}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => pick(p)}
          >
            <span className="kz-avatar" aria-hidden="true">
              {initials(p.displayName)}
            </span>
            {p.displayName}
          </li>
        ))}
      </ul>
      <p className="kz-small kz-subtle" role="status" aria-live="polite" data-testid={`${testId}-status`}>
        {status}
      </p>
    </div>
  );
}

function AccountIdField({ role, testId, onPick, onCancel }: { role: string; testId: string; onPick: (accountId: string) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const [value, setValue] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const submit = () => value.trim() && onPick(value.trim());
  return (
    <form
      className="kz-picker"
      data-testid={testId}
      data-mode="account-id"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className="kz-row">
        <input
          ref={input}
          className="kz-input"
          type="text"
          aria-label={t('panel.roles.accountId', { role })}
          aria-describedby={`${id}-help`}
          placeholder={t('panel.roles.accountIdPlaceholder')}
          value={value}
          data-testid={`${testId}-input`}
          onChange={(e) => setValue(e.currentTarget.value)}
          onKeyDown={(e) => e.key === 'Escape' && onCancel()}
        />
        <Button type="submit" appearance="primary" testId={`${testId}-assign`} disabled={!value.trim()} busy={false}>
          {t('panel.roles.assign')}
        </Button>
        <Button appearance="subtle" testId={`${testId}-cancel`} onClick={onCancel}>
          {t('panel.roles.cancel')}
        </Button>
      </div>
      <p className="kz-small kz-subtle" id={`${id}-help`}>
        {t('panel.roles.accountIdHelp')}
      </p>
    </form>
  );
}

/** Up to two initials for the avatar stand-in (a Forge frame loads no images from Jira's avatar host by default). */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? `${words[0]![0]}${words[1]![0]}` : (words[0] ?? '?').slice(0, 2);
  return letters.toUpperCase();
}
