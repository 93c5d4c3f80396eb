/**
 * Test support for access reviews (used by the review and route tests; nothing in the product
 * imports it). Real parts on real data: an Okta client (with the request-id recorder) for an
 * emulator the test started, the directory mirror filled by a full sync of that org, and small in-memory
 * stand-ins of two sibling modules — a grants service whose grants are real Okta memberships, and a
 * resource catalog — plus the outbox notifier that collects what was sent.
 */
import type { FakeClock } from '../../common/clock.ts';
import type { OktaClient } from '../../okta/index.ts';
import type { Store } from '../../store/index.ts';
import { createRequestIdRecorder } from '../../workflows/internal/request-ids.ts';
import { createOutboxNotifier, type SentNotification } from '../../workflows/notifier.ts';
import { emulatorOktaClient } from '../../workflows/testing.ts';
import { createDirectoryReader } from '../directory/mirror.ts';
import type { DirectoryReader, DirectoryWriter } from '../directory/reader.ts';
import { createDirectorySync } from '../directory/sync.ts';
import { accessRequestSchema, type AccessRequest, type ActiveGrant, type GrantsPort, type Resource, type ResourceCatalogPort, type Role } from '../model.ts';
import { createReviews, type Reviews } from './campaigns.ts';

/** The emulator as the test bed needs it (its URL and service-app credential). */
export type EmulatorHandle = Parameters<typeof emulatorOktaClient>[0];

/** A grant as the in-memory grants service keeps it. */
export type MemoryGrant = ActiveGrant & { status: 'active' | 'revoked'; revokedBy?: string; reason?: string };

/** Time-bound grants kept in memory; a grant is a real Okta membership, and revoking removes it. */
export function createMemoryGrants(okta: OktaClient, clock: FakeClock) {
  const grants: MemoryGrant[] = [];
  return {
    grants,
    /** Grants membership of `groupId` until `endsAt` (adds the member in Okta). */
    async grant(input: Omit<ActiveGrant, 'grantedAt'>): Promise<void> {
      await okta.groups.addMember(input.groupId, input.userId);
      grants.push({ ...input, grantedAt: clock.now(), status: 'active' });
    },
    async listActive(filter: { userId?: string; groupId?: string } = {}): Promise<ActiveGrant[]> {
      return grants.filter((g) => g.status === 'active' && (!filter.userId || g.userId === filter.userId) && (!filter.groupId || g.groupId === filter.groupId));
    },
    async revoke(requestId: string, input: { by: string; reason: string }): Promise<AccessRequest> {
      const g = grants.find((x) => x.requestId === requestId);
      if (!g || g.status !== 'active') throw new Error(`grant ${requestId} is not active`);
      await okta.groups.removeMember(g.groupId, g.userId);
      Object.assign(g, { status: 'revoked', revokedBy: input.by, reason: input.reason });
      const now = clock.now();
      return accessRequestSchema.parse({
        id: g.requestId,
        resourceId: g.resourceId,
        roleId: g.roleId,
        groupId: g.groupId,
        requestedBy: g.login,
        forUser: g.login,
        forUserId: g.userId,
        justification: null,
        durationMs: g.endsAt === null ? null : g.endsAt - g.grantedAt,
        status: 'revoked',
        runId: null,
        policyId: 'default',
        grantedAt: g.grantedAt,
        endsAt: g.endsAt,
        endedAt: now,
        outcome: { by: input.by, reason: input.reason, rule: null },
        createdAt: g.grantedAt,
        updatedAt: now,
      });
    },
  } satisfies GrantsPort & Record<string, unknown>;
}
export type MemoryGrants = ReturnType<typeof createMemoryGrants>;

/** A resource catalog over a list of resources the test fills. */
export function createMemoryCatalog(resources: Resource[] = []) {
  return {
    resources,
    listResources: async (): Promise<Resource[]> => resources,
    getResource: async (id: string): Promise<Resource | undefined> => resources.find((r) => r.id === id),
    async roleForGroup(groupId: string): Promise<{ resource: Resource; role: Role } | undefined> {
      for (const resource of resources) {
        const role = resource.roles.find((r) => r.groupId === groupId);
        if (role) return { resource, role };
      }
      return undefined;
    },
  } satisfies ResourceCatalogPort & Record<string, unknown>;
}
export type MemoryCatalog = ReturnType<typeof createMemoryCatalog>;

/** Everything a review test needs, on the test's emulator, store and clock. */
export interface ReviewsTestbed {
  okta: OktaClient;
  /** The real mirror (src/access/directory), filled by a full sync of the emulator's org. */
  directory: DirectoryReader & DirectoryWriter;
  /** Syncs the mirror with Okta again (after a test changed Okta behind Gatehouse's back). */
  refresh(): Promise<void>;
  grants: MemoryGrants;
  catalog: MemoryCatalog;
  notifications: SentNotification[];
  reviews: Reviews;
  /** Okta request ids are recorded (the client's fetch is the recorder's). */
  requestIds: ReturnType<typeof createRequestIdRecorder>;
}

/** Builds the review service on an emulator, a store and a fake clock, and reads the directory once. */
export async function createReviewsTestbed(input: { emulator: EmulatorHandle; store: Store; clock: FakeClock }): Promise<ReviewsTestbed> {
  const requestIds = createRequestIdRecorder();
  const okta = emulatorOktaClient(input.emulator, { clock: input.clock, fetch: requestIds.fetch });
  const directory = createDirectoryReader(input.store);
  const sync = createDirectorySync({ okta: () => okta, store: input.store, clock: input.clock });
  const refresh = async () => {
    await sync.full();
  };
  await refresh();
  const grants = createMemoryGrants(okta, input.clock);
  const catalog = createMemoryCatalog();
  const notifications: SentNotification[] = [];
  const notifier = createOutboxNotifier({ store: input.store, clock: input.clock, listeners: [(n) => notifications.push(n)] });
  const reviews = createReviews({ store: input.store, directory, directoryWriter: directory, grants, catalog, okta: () => okta, clock: input.clock, notifier, requestIds });
  return { okta, directory, refresh, grants, catalog, notifications, reviews, requestIds };
}
