import type { EmitProductEvent, ProductEmulator, ProductRequest, ProductResponse, SiteInfo } from '../core/product';
import type { Store } from '../store/store';
import { deleteCommentProperty, getCommentProperty, getCommentPropertyKeys, setCommentProperty } from './comment-properties';
import { addComment, deleteComment, getComment, getComments, updateComment } from './comments';
import { JiraHttpError, createContext, type Handler } from './context';
import { createIssue, createIssues, deleteIssue, editIssue, getIssue } from './issues';
import { deleteIssueLink, getIssueLink, getIssueLinkType, getIssueLinkTypes, linkIssues } from './links';
import {
  getAllStatuses,
  getFields,
  getIssueAllTypes,
  getIssueType,
  getIssueTypesForProject,
  getPriorities,
  getPriority,
  getProject,
  getResolutions,
  getServerInfo,
  getStatus,
  getStatusCategories,
  getStatuses,
} from './metadata';
import { getBulkPermissions, getMyPermissions } from './permissions';
import { searchPriorities, searchProjects } from './project-search';
import { deleteIssueProperty, getIssueProperty, getIssuePropertyKeys, setIssueProperty } from './properties';
import {
  createOrUpdateRemoteIssueLink,
  deleteRemoteIssueLinkByGlobalId,
  deleteRemoteIssueLinkById,
  getRemoteIssueLinkById,
  getRemoteIssueLinks,
  updateRemoteIssueLink,
} from './remote-links';
import { searchAndReconsileIssuesUsingJql, searchAndReconsileIssuesUsingJqlPost } from './search';
import { ensureSeeded, resetJira } from './seed';
import { doTransition, getTransitions } from './transitions';
import { findAssignableUsers, findUsers, findUsersForPicker } from './user-search';
import { bulkGetUsers, getCurrentUser, getUser } from './users';

/** Every operation the emulator answers, by the operationId of Atlassian's Jira Cloud platform REST v3 document. */
const HANDLERS: Readonly<Record<string, Handler>> = {
  createIssue,
  createIssues,
  getIssue,
  editIssue,
  deleteIssue,
  addComment,
  getComments,
  getComment,
  updateComment,
  deleteComment,
  getCommentPropertyKeys,
  getCommentProperty,
  setCommentProperty,
  deleteCommentProperty,
  getTransitions,
  doTransition,
  linkIssues,
  getIssueLink,
  deleteIssueLink,
  getIssueLinkTypes,
  getIssueLinkType,
  createOrUpdateRemoteIssueLink,
  getRemoteIssueLinks,
  getRemoteIssueLinkById,
  updateRemoteIssueLink,
  deleteRemoteIssueLinkById,
  deleteRemoteIssueLinkByGlobalId,
  setIssueProperty,
  getIssueProperty,
  getIssuePropertyKeys,
  deleteIssueProperty,
  searchAndReconsileIssuesUsingJql,
  searchAndReconsileIssuesUsingJqlPost,
  getCurrentUser,
  getUser,
  bulkGetUsers,
  findUsersForPicker,
  findUsers,
  findAssignableUsers,
  getMyPermissions,
  getBulkPermissions,
  getProject,
  searchProjects,
  searchPriorities,
  getIssueAllTypes,
  getIssueTypesForProject,
  getIssueType,
  getPriorities,
  getPriority,
  getStatuses,
  getStatus,
  getAllStatuses,
  getStatusCategories,
  getResolutions,
  getFields,
  getServerInfo,
};

export interface JiraEmulatorOptions {
  store: Store;
  site: SiteInfo;
  emit: EmitProductEvent;
  /** The clock (tests pass a fixed one); defaults to the system time. */
  now?: () => Date;
}

/**
 * The Jira Cloud platform REST v3 emulator: a stateful Jira with one project (OPS), persisted in the sandbox store.
 * Requests arrive already validated against the OpenAPI document; the emulator applies Jira's own rules
 * (field validation, permissions, workflow) and answers in the documented shapes.
 *
 * Creating the emulator seeds an empty store (keeping any existing issues); `seed()` resets to the seeded state.
 *
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/intro/
 */
export function createJiraEmulator(opts: JiraEmulatorOptions): ProductEmulator {
  const ctx = createContext(opts);
  ensureSeeded(opts.store);
  return {
    product: 'jira',
    operations: new Set(Object.keys(HANDLERS)),
    handle(req: ProductRequest): ProductResponse {
      const handler = HANDLERS[req.operationId];
      if (!handler) return { status: 501, body: { errorMessages: [`The operation '${req.operationId}' is not emulated by the Kaizen sandbox.`], errors: {} } };
      try {
        return handler(ctx, req);
      } catch (e) {
        if (e instanceof JiraHttpError) return { status: e.status, body: e.body, ...(e.headers ? { headers: e.headers } : {}) };
        throw e;
      }
    },
    seed(): void {
      resetJira(opts.store);
    },
  };
}
