/**
 * The levels' names and descriptions as the admin set them (getIncident's `levels`), said in the viewer's language.
 * Until the panel has loaded them (and in a view without them) they are the defaults.
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { LevelNames } from '@shared/incident-view';
import { DEFAULT_LEVELS } from '@shared/settings';
import type { Level } from '@shared/vocabulary';
import { useI18n } from '@ui/i18n/i18n-context';

const Context = createContext<LevelNames>(DEFAULT_LEVELS);

export function LevelNamesProvider({ levels, children }: { levels: LevelNames | undefined; children: ReactNode }) {
  return <Context.Provider value={levels ?? DEFAULT_LEVELS}>{children}</Context.Provider>;
}

/** A level's name and one-line description in the viewer's language. */
export function useLevelInfo(): (level: Level) => { name: string; description: string } {
  const levels = useContext(Context);
  const { lang } = useI18n();
  return (level) => ({ name: levels[level].name[lang], description: levels[level].description[lang] });
}
