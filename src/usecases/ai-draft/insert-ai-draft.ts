/**
 * "Insert" of the AI draft (issue 11 item 6): puts the proposal into the retrospective page as two blocks labelled
 * "AI-drafted — review before publishing" / 「AIによる下書き（公開前に確認してください）」 — the summary at the end
 * of the Summary section, the narrative right after the facts region (src/documents/ai-draft-block.ts).
 *
 * A person's text is never lost or overwritten: the blocks are only inserted (nothing on the page is replaced),
 * through the Confluence adapter's version-checked `rewritePage` (latest version re-read, blocks inserted, version + 1,
 * re-read and re-applied on a 409 when a person saved in between), and each job's blocks carry their own macro ids, so
 * inserting twice (a retry, a double click) writes nothing the second time.
 *
 * Runbook: 1. may edit the issue, and read and EDIT the page (as the user: the app writes into people's Summary
 * section only for who could write there themselves); 2. a ready proposal (else `not-found`); 3. the page
 * rewritten (no write when the blocks are there); 4. the job marked inserted (who, when).
 */
import { insertAiDraft as insertBlocks } from '../../documents/ai-draft-block';
import type { InsertAiDraftData } from '../../shared/ai-draft';
import { fail, ok, type ResolverResult } from '../../shared/resolver-result';
import { isRefusal } from '../retrospective/retrospective-steps';
import { aiDraftView, authoriseAiDraft, type AiDraftDeps } from './ai-draft-steps';

export async function insertAiDraft(issueId: string, deps: AiDraftDeps): Promise<ResolverResult<InsertAiDraftData>> {
  const acting = await authoriseAiDraft(issueId, deps, 'to insert its AI draft');
  if (isRefusal(acting)) return acting;
  const { incident, retro, actor } = acting;
  if (!(await deps.pageEdit.canEditPage(retro.page.id))) return fail('page-edit-not-allowed', `You need permission to edit the retrospective page "${retro.page.title}" to insert the AI draft into it.`);
  const job = await deps.jobs.load(incident.id);
  if (job?.state !== 'ready' || !job.proposal) return fail('not-found', 'No AI draft is ready to insert: ask for one first.');
  const proposal = job.proposal;

  const { pages } = await deps.app();
  let placed: InsertAiDraftData['placed'] = 'already';
  await pages.rewritePage(retro.page.id, (storage) => {
    const result = insertBlocks(storage, {
      incidentId: incident.id,
      jobId: job.jobId,
      language: incident.language,
      summary: proposal.summary,
      narrative: proposal.narrative,
      model: proposal.model,
      createdAt: proposal.createdAt,
      insertedBy: actor.displayName,
    });
    placed = result.placed;
    return result.storage;
  });

  // recorded on the job unless it was discarded or replaced meanwhile (then the page keeps the blocks, the job its state)
  const inserted = job.inserted ?? { at: deps.clock.now().toISOString(), by: actor.accountId };
  const recorded = { ...job, inserted };
  const latest = job.inserted ? undefined : await deps.jobs.load(incident.id);
  if (latest?.jobId === job.jobId && !latest.inserted) await deps.jobs.save({ ...latest, inserted });
  return ok({ draft: aiDraftView(recorded, false, retro, deps.clock.now().getTime()), placed });
}
