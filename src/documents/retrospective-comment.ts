/**
 * The comment Kaizen posts once on the incident issue when its retrospective is published (DESIGN 3.4, 3.6):
 * "Retrospective published: <link>" in the page language. ADF built as nodes (escaping by construction).
 */
import { doc } from '@atlaskit/adf-utils/builders';
import type { Language } from '../domain/incident';
import { t } from '../i18n/messages';
import type { AdfDoc } from '../usecases/ports';
import { finish, linked, para, plain } from './adf-nodes';
import { oneLine } from './text';

export function renderRetrospectiveComment(page: { title: string; url: string }, lang: Language): AdfDoc {
  return finish(doc(para(plain(t(lang, 'retro.publishedComment')), linked(oneLine(page.title) || page.url, page.url))));
}
