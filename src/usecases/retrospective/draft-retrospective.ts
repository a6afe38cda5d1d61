/**
 * "Draft retrospective" (DESIGN 3.4): the retrospective page under the retrospectives parent, in the page language,
 * with the facts Kaizen knows and the blameless template; recorded on the incident; linked from the issue (a remote
 * link of its own) — the live page's status macro shows it from the record, so the live page needs no write.
 *
 * Runbook, each step checked before it is done (house style 3):
 *   1. may edit the issue (as the user); the incident; who acts;
 *   2. recorded already → may read the page (as the user), then `existing` (no write; the page's status people set
 *      is followed, and the link finished);
 *   3. the page: found by its unique title (a crash after creating it and before recording it; may the user read
 *      it?), else created;
 *   4. recorded (conditional: only if no other call recorded one first);
 *   5. the issue's remote link, then `linked`.
 */
import { renderRetrospectivePage } from '../../documents/retrospective-page';
import { t } from '../../i18n/messages';
import type { DraftRetrospectiveData } from '../../shared/retrospective';
import { fail, ok, type ResolverResult } from '../../shared/resolver-result';
import type { Incident } from '../../domain/incident';
import { keepRetrospectiveRow } from '../reporting-rows';
import { gatherFacts } from './gather-facts';
import { authorise, followPageStatus, hintsOf, isRefusal, pageRefusal, retrospectiveView, type Retro, type RetrospectiveDeps } from './retrospective-steps';

export async function draftRetrospective(issueId: string, deps: RetrospectiveDeps): Promise<ResolverResult<DraftRetrospectiveData>> {
  const who = await authorise(issueId, deps, 'to draft its retrospective');
  if (isRefusal(who)) return who;
  let { incident } = who;
  const { actor } = who;

  // 2. drafted already: open it (follow what people set on its status, and finish the link)
  if (incident.retrospective) {
    const refused = await pageRefusal(incident.retrospective.page.id, deps);
    if (refused) return refused;
    const storage = await deps.reads.pageStorage(incident.retrospective.page.id);
    incident = await followPageStatus(incident, storage, actor, deps);
    incident = await ensureLinked(incident, deps);
    await keepRetrospectiveRow(incident, deps);
    return ok({ outcome: 'existing', retrospective: retrospectiveView(incident.retrospective!), hints: hintsOf(storage, incident.id) });
  }

  // 3. the page: the one a crashed call made (its title is unique to the incident), or a new one
  const { pages, settings } = await deps.app();
  const facts = await gatherFacts(incident, deps);
  const rendered = renderRetrospectivePage({ incidentId: incident.id, language: incident.language, facts });
  let page = await pages.findPage(settings.confluenceSpaceKey, rendered.title);
  if (page) {
    // found, not made: a page someone else made with this title may be one the user cannot read
    const refused = await pageRefusal(page.id, deps);
    if (refused) return refused;
  } else {
    const parentId = settings.retrospectivesParentPageId ?? (await pages.findPageId(settings.confluenceSpaceKey, settings.retrospectivesParentTitle));
    page = await pages.createPage({ spaceKey: settings.confluenceSpaceKey, parentId, title: rendered.title, storage: rendered.storage });
  }

  // 4. recorded, unless another call recorded one first (then that one stands: same title, so the same page)
  const now = deps.clock.now().toISOString();
  let drafted = false;
  const recorded = await deps.update(
    incident.id,
    (i) => {
      drafted = !i.retrospective;
      return drafted ? { ...i, retrospective: { page, status: 'draft', draftedAt: now, draftedBy: actor, linked: false } satisfies Retro } : undefined;
    },
    () => [],
  );
  if (!recorded?.retrospective) return fail('incident-not-found', 'The incident is gone.');

  // 5. linked both ways: the issue's remote link (the live page's macro reads the record)
  incident = await ensureLinked(recorded, deps);
  // the reporting store's row (never failing the draft: logged, written again by the next change)
  await keepRetrospectiveRow(incident, deps);
  return ok({ outcome: drafted ? 'drafted' : 'existing', retrospective: retrospectiveView(incident.retrospective!), hints: hintsOf(rendered.storage, incident.id) });
}

/** The issue's remote link to the retrospective page (its own global id), then `linked`; nothing when done already. */
async function ensureLinked(incident: Incident, deps: RetrospectiveDeps): Promise<Incident> {
  const retro = incident.retrospective;
  if (!retro || retro.linked || !incident.issue) return incident;
  const { tracker } = await deps.app();
  await tracker.upsertRemoteLink(incident.issue.key, {
    globalId: `kaizen-retrospective-page=${incident.id}`,
    url: retro.page.url,
    title: retro.page.title,
    summary: t(incident.language, 'retro.titleSuffix'),
  });
  return (await deps.update(incident.id, (i) => (i.retrospective && !i.retrospective.linked ? { ...i, retrospective: { ...i.retrospective, linked: true } } : undefined), () => [])) ?? incident;
}
