/**
 * "Refresh facts" (DESIGN 3.4): rewrites ONLY the retrospective's facts region with what Kaizen knows now, through the
 * version-checked merge (`replaceOwnedRegions`: the latest version re-read, the region replaced, version + 1, and
 * re-applied on a 409), so people's text is never touched. Records `factsRefreshedAt`; follows the status people set
 * on the page (Published → the publish steps); answers the hints in people's text. Only for a person who may read
 * the page (checked as them first: the app reads and writes it).
 */
import { regionId } from '../../documents/regions';
import { renderRetrospectiveFactsBody } from '../../documents/retrospective-page';
import type { RefreshFactsData } from '../../shared/retrospective';
import { fail, ok, type ResolverResult } from '../../shared/resolver-result';
import { keepRetrospectiveRow } from '../reporting-rows';
import { gatherFacts } from './gather-facts';
import { authorise, followPageStatus, hintsOf, isRefusal, pageRefusal, retrospectiveView, type RetrospectiveDeps } from './retrospective-steps';

export async function refreshRetrospectiveFacts(issueId: string, deps: RetrospectiveDeps): Promise<ResolverResult<RefreshFactsData>> {
  const who = await authorise(issueId, deps, 'to refresh its retrospective');
  if (isRefusal(who)) return who;
  let { incident } = who;
  const retro = incident.retrospective;
  if (!retro) return fail('no-retrospective', 'The incident has no retrospective yet: draft it first.');
  const refused = await pageRefusal(retro.page.id, deps);
  if (refused) return refused;

  const { pages } = await deps.app();
  const facts = await gatherFacts(incident, deps);
  const { written } = await pages.replaceOwnedRegions(retro.page.id, [{ regionId: regionId(incident.id, 'retro-facts'), render: () => renderRetrospectiveFactsBody(facts, incident.language) }]);
  // the page as people have it now: their status and their text (the facts region is not theirs, so its bytes do not matter)
  const storage = await deps.reads.pageStorage(retro.page.id);
  incident = await followPageStatus(incident, storage, who.actor, deps);
  const now = deps.clock.now().toISOString();
  const recorded = await deps.update(incident.id, (i) => (i.retrospective ? { ...i, retrospective: { ...i.retrospective, factsRefreshedAt: now } } : undefined), () => []);
  if (!recorded?.retrospective) return fail('incident-not-found', 'The incident is gone.');
  // the reporting store's row follows the status people set (never failing the refresh)
  await keepRetrospectiveRow(recorded, deps);
  return ok({ written, retrospective: retrospectiveView(recorded.retrospective), hints: hintsOf(storage, incident.id) });
}
