/**
 * Tabs after the WAI-ARIA tabs pattern (and @atlaskit/tabs' look): one tab stop, arrow keys / Home / End move and
 * select, every panel stays mounted (hidden when not selected) so a half-edited form survives a look at History.
 */
import { useRef, type ReactNode } from 'react';

export interface TabSpec<Id extends string> {
  id: Id;
  label: ReactNode;
  panel: ReactNode;
}

export function Tabs<Id extends string>({ tabs, selected, onSelect, label }: { tabs: ReadonlyArray<TabSpec<Id>>; selected: Id; onSelect: (id: Id) => void; label: string }) {
  const refs = useRef(new Map<Id, HTMLButtonElement>());
  const move = (from: number, delta: number | 'first' | 'last') => {
    const index = delta === 'first' ? 0 : delta === 'last' ? tabs.length - 1 : (from + delta + tabs.length) % tabs.length;
    const next = tabs[index]!;
    onSelect(next.id);
    refs.current.get(next.id)?.focus();
  };
  return (
    <div className="kz-tabs">
      <div role="tablist" aria-label={label} className="kz-tabs__list">
        {tabs.map((tab, i) => (
          <button
            key={tab.id}
            ref={(el) => {
              if (el) refs.current.set(tab.id, el);
              else refs.current.delete(tab.id);
            }}
            type="button"
            role="tab"
            id={`tab-${tab.id}`}
            aria-selected={tab.id === selected}
            aria-controls={`panel-${tab.id}`}
            tabIndex={tab.id === selected ? 0 : -1}
            className="kz-tabs__tab"
            data-testid={`tab-${tab.id}`}
            onClick={() => onSelect(tab.id)}
            onKeyDown={(e) => {
              const step = { ArrowRight: 1, ArrowLeft: -1, Home: 'first', End: 'last' } as const;
              const delta = step[e.key as keyof typeof step];
              if (delta === undefined) return;
              e.preventDefault();
              move(i, delta);
            }}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {tabs.map((tab) => (
        <div key={tab.id} role="tabpanel" id={`panel-${tab.id}`} aria-labelledby={`tab-${tab.id}`} hidden={tab.id !== selected} tabIndex={0} className="kz-tabs__panel" data-testid={`panel-${tab.id}`}>
          {tab.panel}
        </div>
      ))}
    </div>
  );
}
