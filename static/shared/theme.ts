/**
 * Atlassian design tokens, light and dark. The token CSS (bundled, scripts/build-ui.ts) applies through two
 * attributes on <html>: `data-theme` (which themes exist) and `data-color-mode` (`light` / `dark`). The host sets
 * `data-color-mode` after `view.theme.enable()` and switches it when the user switches Jira's theme; until it does,
 * or on a host without theming, the light theme shows.
 * https://developer.atlassian.com/platform/forge/design-tokens-and-theming/
 */
import { view } from '@forge/bridge';
import 'virtual:kaizen-tokens.css';
import './styles.css';

const THEMES = 'dark:dark light:light spacing:spacing typography:typography shape:shape';

export async function enableTheme(): Promise<void> {
  const html = document.documentElement;
  // only defaults: whatever the host has set already wins
  if (!html.getAttribute('data-theme')) html.setAttribute('data-theme', THEMES);
  if (!html.getAttribute('data-color-mode')) html.setAttribute('data-color-mode', 'light');
  try {
    await view.theme.enable();
  } catch {
    // a host without theming: the light theme stays
  }
}
