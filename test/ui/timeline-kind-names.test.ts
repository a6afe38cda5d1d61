import { catalogue } from '../../src/i18n/messages';
import { TIMELINE_KIND_NAMES } from '../../src/shared/timeline-kind-names';
import { TIMELINE_VIEW_KINDS } from '../../src/shared/vocabulary';
import { CATALOGUES } from '../../static/shared/i18n/messages';

/** A timeline kind's name is written once per language (src/shared/timeline-kind-names.ts): Jira, the page and the UI all say it. */
describe('timeline kind names', () => {
  it.each(['en', 'ja'] as const)('%s: the generated content and the UI say every kind by the one name', (lang) => {
    for (const kind of TIMELINE_VIEW_KINDS) {
      const name = TIMELINE_KIND_NAMES[lang][kind];
      expect(name.trim()).not.toBe('');
      expect(catalogue(lang)[`timeline.${kind}`]).toBe(name);
      expect(CATALOGUES[lang][`timeline.${kind}`]).toBe(name);
    }
  });
});
