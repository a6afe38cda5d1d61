/**
 * Starts a Custom UI app: theming on, the Forge context read, the language picked from `context.locale`, then the
 * app rendered with its context. A context that cannot be read is shown as an error, never as a blank frame.
 */
import { StrictMode, useEffect, useMemo, useState, type ComponentType } from 'react';
import { createRoot } from 'react-dom/client';
import type { FullContext } from '@shared/forge-context';
import { ErrorMessage, Loading } from './components/messages';
import { loadContext, type UiResult } from './forge';
import { makeI18n } from './i18n/i18n';
import { I18nProvider } from './i18n/i18n-context';
import { enableTheme } from './theme';

export interface AppProps {
  context: FullContext;
}

function Boot({ App }: { App: ComponentType<AppProps> }) {
  const [context, setContext] = useState<UiResult<FullContext> | undefined>();
  useEffect(() => {
    void enableTheme();
    void loadContext().then(setContext);
  }, []);
  const locale = context?.ok ? context.data.locale : navigator.language;
  const timeZone = context?.ok ? context.data.timezone : undefined;
  const i18n = useMemo(() => makeI18n(locale, timeZone), [locale, timeZone]);
  useEffect(() => {
    document.documentElement.lang = i18n.lang;
  }, [i18n.lang]);
  return (
    <I18nProvider value={i18n}>
      <main className="kz-app" data-testid="app-root" data-locale={i18n.lang}>
        {!context ? <Loading /> : context.ok ? <App context={context.data} /> : <ErrorMessage error={context.error} />}
      </main>
    </I18nProvider>
  );
}

export function mount(App: ComponentType<AppProps>): void {
  const element = document.getElementById('root');
  if (!element) throw new Error('index.html has no #root');
  createRoot(element).render(
    <StrictMode>
      <Boot App={App} />
    </StrictMode>,
  );
}
