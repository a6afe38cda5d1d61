/**
 * "Publish" (DESIGN 3.4): the page's status macro set to Published, the `kaizen-postmortem` label, the record
 * (published, when, by whom) and one comment on the incident issue. Never refused because of blameless hints: it
 * answers them so the panel shows them. Only for a person who may read the page (checked as them first: the app
 * writes it and answers its text).
 */
import type { PublishRetrospectiveData } from '../../shared/retrospective';
import { fail, ok, type ResolverResult } from '../../shared/resolver-result';
import { keepRetrospectiveRow } from '../reporting-rows';
import { authorise, hintsOf, isRefusal, pageRefusal, publishSteps, retrospectiveView, type RetrospectiveDeps } from './retrospective-steps';

export async function publishRetrospective(issueId: string, deps: RetrospectiveDeps): Promise<ResolverResult<PublishRetrospectiveData>> {
  const who = await authorise(issueId, deps, 'to publish its retrospective');
  if (isRefusal(who)) return who;
  const { incident, actor } = who;
  const retro = incident.retrospective;
  if (!retro) return fail('no-retrospective', 'The incident has no retrospective yet: draft it first.');
  const refused = await pageRefusal(retro.page.id, deps);
  if (refused) return refused;
  if (retro.status === 'published') {
    return ok({ outcome: 'already', retrospective: retrospectiveView(retro), hints: hintsOf(await deps.reads.pageStorage(retro.page.id), incident.id) });
  }
  const published = await publishSteps(incident, retro, actor, deps, false);
  if (!published?.retrospective) return fail('incident-not-found', 'The incident is gone.');
  // the reporting store's row (never failing the publish)
  await keepRetrospectiveRow(published, deps);
  const storage = await deps.reads.pageStorage(retro.page.id);
  return ok({ outcome: 'published', retrospective: retrospectiveView(published.retrospective), hints: hintsOf(storage, incident.id) });
}
