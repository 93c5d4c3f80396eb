/**
 * The access layer's public surface and its composition: the directory mirror and its sync, the
 * catalog (resources, policies, profiles), access requests and grants, and access reviews — all on
 * one store, one Okta client (sharing its rate-limit budget) and one engine.
 */
import type { Clock } from '../common/clock.ts';
import type { Json } from '../engine/contract.ts';
import type { OktaClient } from '../okta/index.ts';
import type { Store } from '../store/index.ts';
import type { ApprovalRepository, Approvals } from '../workflows/approvals.ts';
import type { RequestIdRecorder } from '../workflows/internal/request-ids.ts';
import type { Notifier } from '../workflows/runtime.ts';
import { createAccessCatalog } from './catalog.ts';
import { createDirectoryReader } from './directory/mirror.ts';
import { createDirectorySync } from './directory/sync.ts';
import { createAccessRequests, type AccessRequestDeps, type Publish } from './requests.ts';
import { createReviews } from './reviews/campaigns.ts';

export * from './model.ts';
export * from './errors.ts';
export type { DirectoryReader, DirUser, DirGroup, DirApp } from './directory/reader.ts';
export { accessRequestWorkflowId, accessExtensionWorkflowId, type AccessRequests, type NewAccessRequest } from './requests.ts';
export type { AccessCatalog } from './catalog.ts';

/** What the access layer is built from. */
export interface AccessDeps {
  store: Store;
  okta: () => OktaClient;
  clock: Clock;
  engine: AccessRequestDeps['engine'];
  approvals: Approvals;
  approvalRepository: ApprovalRepository;
  notifier: Notifier;
  /** The workflow runtime's `publish` (audit + Gatehouse events). */
  publish: Publish;
  requestIds?: RequestIdRecorder;
  startWorkflow?: (workflowId: string, input: Record<string, Json>, options: { startedBy: string; idempotencyKey: string }) => Promise<string>;
  isAdmin?: (login: string) => boolean;
  /** This process's id among those sharing the database (the scheduled syncs' lease holder); unique per process by default. */
  processId?: string;
}

/** Builds the access layer. Hand `resolve` to the engine (before the workflow runtime's). */
export function createAccess(deps: AccessDeps) {
  const directory = createDirectoryReader(deps.store);
  const sync = createDirectorySync({ okta: deps.okta, store: deps.store, clock: deps.clock, ...(deps.processId ? { holder: deps.processId } : {}) });
  const catalog = createAccessCatalog({ store: deps.store, directory, audit: deps.store });
  const requests = createAccessRequests({
    store: deps.store,
    directory,
    catalog,
    engine: deps.engine,
    approvals: deps.approvals,
    approvalRepository: deps.approvalRepository,
    okta: deps.okta,
    clock: deps.clock,
    notifier: deps.notifier,
    publish: deps.publish,
    ...(deps.requestIds ? { requestIds: deps.requestIds } : {}),
    ...(deps.startWorkflow ? { startWorkflow: deps.startWorkflow } : {}),
    ...(deps.isAdmin ? { isAdmin: deps.isAdmin } : {}),
  });
  const reviews = createReviews({
    store: deps.store,
    directory,
    directoryWriter: directory,
    grants: requests,
    catalog,
    okta: deps.okta,
    clock: deps.clock,
    notifier: deps.notifier,
    ...(deps.requestIds ? { requestIds: deps.requestIds } : {}),
  });
  return { directory, sync, catalog, requests, reviews, resolve: requests.resolve };
}

export type Access = ReturnType<typeof createAccess>;
