/**
 * Access reviews (certification campaigns): create a campaign over apps, groups or a department,
 * launch it (items generated from the directory mirror, reviewers resolved), decide items (keep,
 * revoke, reassign — single-use, by compare-and-set on the item document), close it, remind
 * reviewers, and export evidence and access history.
 *
 * Invariants: only an item's reviewers or the campaign's fallback reviewer decide it, never the
 * person whose access it is; a decided item is never decided again; a closed campaign takes no
 * decisions. A revoke is applied in Okta at once (`on_decision`) or at close (`at_close`); the claim
 * to apply it is itself a compare-and-set (`change.action = 'pending'`), so two processes never
 * apply the same revoke, and close retries revokes that failed or whose claim went stale (a crash).
 * Closing leaves undecided items as they are (`undecidedAtClose: 'leave'`, the default: the
 * evidence shows them as not reviewed) or revokes them (`'revoke'`), as the campaign says.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../common/clock.ts';
import { GatehouseError } from '../../common/errors.ts';
import { issuesOf } from '../../common/issues.ts';
import type { OktaClient } from '../../okta/index.ts';
import type { AuditChainCheck, AuditEntry, JsonObject, JsonValue, KvEntry } from '../../store/index.ts';
import type { AuditSink } from '../../workflows/audit-export.ts';
import type { Notifier } from '../../workflows/runtime.ts';
import type { DirectoryReader, DirectoryWriter } from '../directory/reader.ts';
import type { GrantsPort, ResourceCatalogPort } from '../model.ts';
import { ReviewInvalidError, ReviewNotFoundError, ReviewRefusedError } from './errors.ts';
import { evidenceCsv, evidenceJson } from './evidence.ts';
import { generateItems } from './generate-items.ts';
import { accessHistory, historyToCsv, type HistoryResourceKind } from './history.ts';
import {
  campaignInputSchema,
  campaignSchema,
  decisionInputSchema,
  reviewItemSchema,
  type AccessHistoryEntry,
  type Campaign,
  type CampaignInput,
  type CampaignProgress,
  type DecisionInput,
  type ReviewItem,
} from './model.ts';
import { revokeItem, type RequestIdCapture } from './revoke-item.ts';

const CAMPAIGNS = 'reviews.campaigns';
const ITEMS = 'reviews.items';
/** A revoke claimed this long ago and never finished was interrupted (a crash); close takes it over. */
const STALE_CLAIM_MS = 10 * 60_000;
const MAX_ITEMS = 1_000_000;

/** The store as reviews use it (the real `Store` fits). */
export interface ReviewStore {
  kvGet(namespace: string, key: string): Promise<KvEntry | undefined>;
  kvPut(namespace: string, key: string, value: JsonValue): Promise<KvEntry>;
  kvPutIfVersion(namespace: string, key: string, value: JsonValue, expectedVersion: number): Promise<KvEntry | undefined>;
  kvList(namespace: string, options?: { prefix?: string; limit?: number }): Promise<KvEntry[]>;
  listAudit(query: { afterSeq?: number; limit?: number; target?: string }): Promise<AuditEntry[]>;
  verifyAuditChain(): Promise<AuditChainCheck>;
  appendAudit(entry: { actor: string; action: string; target?: string | null; data?: JsonObject }): Promise<unknown>;
}

/** What the review service is built from. */
export interface ReviewsDeps {
  store: ReviewStore;
  directory: DirectoryReader;
  grants: GrantsPort;
  catalog: ResourceCatalogPort;
  okta: () => OktaClient;
  clock: Clock;
  /** Launch notices and reminders go here (the outbox notifier); none: nobody is told. */
  notifier?: Notifier;
  /** The audit log (default: the store's). */
  audit?: AuditSink;
  /** Okta request ids for the evidence (the recorder whose `fetch` the Okta client was built with). */
  requestIds?: RequestIdCapture;
  /** Updates the mirror right after a revoke. */
  directoryWriter?: DirectoryWriter;
  /** Campaign ids (default: random). */
  newId?: () => string;
}

/** What `close` did. */
export interface CloseResult {
  campaign: Campaign;
  revoked: number;
  failed: number;
  needsOktaChange: number;
  /** Items nobody decided (left as they are, unless the campaign revokes them at close). */
  undecided: number;
}

/** What `decideMany` did: decided items, and the ones refused with why. */
export interface BulkDecisionResult {
  decided: ReviewItem[];
  refused: { itemId: string; code: string; message: string }[];
}

/** A reminder sent. */
export interface ReminderSent {
  campaignId: string;
  reviewer: string;
  open: number;
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
const json = (value: unknown) => value as JsonValue;
const itemKey = (itemId: string) => `${campaignIdOf(itemId)}:${itemId}`;
/** Item ids are `<campaignId>.<seq>`. */
const campaignIdOf = (itemId: string) => itemId.slice(0, Math.max(0, itemId.lastIndexOf('.')));
const openItem = (i: ReviewItem) => i.decision === null;
const dateOf = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** Creates the access review service. */
export function createReviews(deps: ReviewsDeps) {
  const { store, clock, directory } = deps;
  const auditSink: AuditSink = deps.audit ?? store;
  const newId = deps.newId ?? (() => randomBytes(6).toString('hex'));
  const audit = (actor: string, action: string, target: string | null, data: Record<string, unknown>) =>
    auditSink.appendAudit({ actor, action, target, data: JSON.parse(JSON.stringify(data)) as JsonObject });
  const notify = async (campaign: Campaign, to: string, subject: string, text: string, data: Record<string, JsonValue>) => {
    // The outbox's records name a run and workflow; a campaign stands in for both.
    await deps.notifier?.send({ to: [to], subject, text, data: { kind: 'access_review', campaignId: campaign.id, ...data }, runId: campaign.id, workflowId: 'access-review' });
  };

  async function readCampaign(id: string): Promise<{ campaign: Campaign; version: number }> {
    const entry = await store.kvGet(CAMPAIGNS, id);
    if (!entry) throw new ReviewNotFoundError(`There is no access review campaign "${id}" (gatehouse reviews list shows them).`);
    return { campaign: campaignSchema.parse(entry.value), version: entry.version };
  }

  /** Changes a campaign atomically; `change` may throw to refuse, or return undefined to leave it. */
  async function updateCampaign(id: string, change: (c: Campaign) => Campaign | undefined): Promise<{ campaign: Campaign; changed: boolean }> {
    for (;;) {
      const { campaign, version } = await readCampaign(id);
      const next = change(campaign);
      if (!next) return { campaign, changed: false };
      const written = await store.kvPutIfVersion(CAMPAIGNS, id, json(campaignSchema.parse(next)), version);
      if (written) return { campaign: next, changed: true };
    }
  }

  async function readItem(itemId: string): Promise<{ item: ReviewItem; version: number }> {
    const entry = await store.kvGet(ITEMS, itemKey(itemId));
    if (!entry) throw new ReviewNotFoundError(`There is no review item "${itemId}" (gatehouse reviews items <campaign> lists them).`);
    return { item: reviewItemSchema.parse(entry.value), version: entry.version };
  }

  async function updateItem(itemId: string, change: (i: ReviewItem) => ReviewItem | undefined): Promise<{ item: ReviewItem; changed: boolean }> {
    for (;;) {
      const { item, version } = await readItem(itemId);
      const next = change(item);
      if (!next) return { item, changed: false };
      const written = await store.kvPutIfVersion(ITEMS, itemKey(itemId), json(reviewItemSchema.parse(next)), version);
      if (written) return { item: next, changed: true };
    }
  }

  async function listItems(campaignId: string): Promise<ReviewItem[]> {
    const entries = await store.kvList(ITEMS, { prefix: `${campaignId}:`, limit: MAX_ITEMS });
    return entries.map((e) => reviewItemSchema.parse(e.value));
  }

  /** A login as the directory spells it; a clear error when nobody has it. */
  async function person(login: string, what: string): Promise<string> {
    const user = await directory.getUser(login);
    if (!user) throw new ReviewInvalidError(`${what} "${login}" is not a user in the directory; use an Okta login like jane@acme.example.`, [{ path: what, message: 'unknown user' }]);
    return user.login;
  }

  /** Claims and applies a revoke (once, across processes), then records and audits the change. */
  async function applyRevoke(itemId: string, by: string, options: { claimed?: boolean } = {}): Promise<ReviewItem> {
    const now = clock.now();
    if (!options.claimed) {
      const claim = await updateItem(itemId, (i) => {
        if (i.decision?.outcome !== 'revoke') return undefined;
        const stale = i.change?.action === 'pending' && now - i.change.at >= STALE_CLAIM_MS;
        if (i.change !== null && i.change.action !== 'failed' && !stale) return undefined;
        return { ...i, change: { action: 'pending', at: now, steps: [], oktaRequestIds: [], error: null } };
      });
      if (!claim.changed) return claim.item;
    }
    const { item } = await readItem(itemId);
    const reason = `access review ${item.campaignId}: revoked by ${item.decision?.by ?? by}${item.decision?.comment ? ` (${item.decision.comment})` : ''}`;
    const change = await revokeItem(deps, item, { by: item.decision?.by ?? by, reason });
    const { item: done } = await updateItem(itemId, (i) => ({ ...i, change }));
    const action = change.action === 'revoked' || change.action === 'partially_revoked' ? 'review.access_revoked' : change.action === 'needs_okta_change' ? 'review.revocation_needs_okta_change' : 'review.revocation_failed';
    await audit(item.decision?.by ?? by, action, item.resource.id, {
      campaignId: item.campaignId,
      itemId: item.id,
      userId: item.userId,
      login: item.login,
      resourceKind: item.resource.kind,
      resourceId: item.resource.id,
      ...(item.resource.kind === 'group' ? { groupId: item.resource.id } : { appId: item.resource.id }),
      change: change.action,
      steps: change.steps.map((s) => ({ action: s.action, target: s.target, ok: s.ok, needsOktaChange: s.needsOktaChange, oktaRequestIds: s.oktaRequestIds, error: s.error })),
      oktaRequestIds: change.oktaRequestIds,
    });
    return done;
  }

  const service = {
    /** Creates a draft campaign; checks the scope and the people it names against the directory. */
    async create(input: CampaignInput, by: string): Promise<Campaign> {
      const parsed = campaignInputSchema.safeParse(input);
      if (!parsed.success) {
        const issues = issuesOf(parsed.error);
        throw new ReviewInvalidError(`The campaign is invalid: ${issues.map((i) => `${i.path || '(campaign)'}: ${i.message}`).join('; ')}.`, issues);
      }
      const data = parsed.data;
      const now = clock.now();
      if (data.dueAt <= now) throw new ReviewInvalidError(`The due date ${dateOf(data.dueAt)} is in the past; give a date after ${dateOf(now)}.`, [{ path: 'dueAt', message: 'in the past' }]);
      if (data.scope.kind === 'apps') {
        for (const id of data.scope.appIds) if (!(await directory.getApp(id))) throw new ReviewInvalidError(`scope.appIds: no app "${id}" in the directory (check the id, or sync the directory).`, [{ path: 'scope.appIds', message: `unknown app ${id}` }]);
      } else if (data.scope.kind === 'groups') {
        for (const id of data.scope.groupIds) if (!(await directory.getGroup(id))) throw new ReviewInvalidError(`scope.groupIds: no group "${id}" in the directory (check the id, or sync the directory).`, [{ path: 'scope.groupIds', message: `unknown group ${id}` }]);
      }
      const reviewers = data.reviewers.kind === 'users' ? { kind: 'users' as const, logins: await Promise.all(data.reviewers.logins.map((l) => person(l, 'reviewers.logins'))) } : data.reviewers;
      const fallbackReviewer = data.fallbackReviewer === null ? null : await person(data.fallbackReviewer, 'fallbackReviewer');
      const campaign: Campaign = campaignSchema.parse({ ...data, reviewers, fallbackReviewer, id: `rc_${newId()}`, status: 'draft', createdBy: by, createdAt: now });
      if (!(await store.kvPutIfVersion(CAMPAIGNS, campaign.id, json(campaign), 0))) throw new ReviewInvalidError(`Campaign id ${campaign.id} is taken; try again.`);
      await audit(by, 'review.campaign_created', campaign.id, { campaignId: campaign.id, name: campaign.name, scope: campaign.scope, reviewers: campaign.reviewers, dueAt: campaign.dueAt, revokeMode: campaign.revokeMode });
      return campaign;
    },

    /** Launches a draft: generates its items from the directory and tells each reviewer. */
    async launch(id: string, by: string): Promise<Campaign> {
      const { campaign } = await readCampaign(id);
      if (campaign.status !== 'draft') throw new ReviewRefusedError('invalid_transition', `Campaign ${id} is ${campaign.status}; only a draft can be launched.`);
      const now = clock.now();
      const { items, unreviewable } = await generateItems(deps, campaign, now);
      if (items.length === 0) throw new ReviewInvalidError(`Campaign ${id}'s scope holds no access to review (nobody holds those apps or groups in the directory).`, [{ path: 'scope', message: 'empty' }]);
      if (unreviewable.length > 0) {
        const shown = unreviewable.slice(0, 10).map((u) => `${u.login} on ${u.resource}`).join(', ');
        throw new ReviewInvalidError(
          `${unreviewable.length} item(s) have no reviewer other than the person themselves (${shown}${unreviewable.length > 10 ? ', …' : ''}); set a fallbackReviewer who is none of them.`,
          [{ path: 'fallbackReviewer', message: 'needed' }],
        );
      }
      const { campaign: launched, changed } = await updateCampaign(id, (c) => (c.status === 'draft' ? { ...c, status: 'active', launchedAt: now, launchedBy: by, itemCount: items.length } : undefined));
      if (!changed) throw new ReviewRefusedError('invalid_transition', `Campaign ${id} was launched by someone else meanwhile.`);
      for (const item of items) await store.kvPut(ITEMS, itemKey(item.id), json(item));
      const perReviewer = countByReviewer(items);
      await audit(by, 'review.campaign_launched', id, { campaignId: id, items: items.length, reviewers: [...perReviewer.keys()] });
      for (const [reviewer, count] of perReviewer) {
        await notify(launched, reviewer, `Access review "${launched.name}": ${count} item(s) to review`, `Please review ${count} access item(s) by ${dateOf(launched.dueAt)}: keep, revoke or reassign each.`, { open: count, dueAt: launched.dueAt });
      }
      return launched;
    },

    /** A campaign. */
    get: async (id: string): Promise<Campaign> => (await readCampaign(id)).campaign,

    /** Campaigns, newest first. */
    async list(filter: { status?: Campaign['status'] } = {}): Promise<Campaign[]> {
      const all = (await store.kvList(CAMPAIGNS, { limit: MAX_ITEMS })).map((e) => campaignSchema.parse(e.value));
      return all.filter((c) => !filter.status || c.status === filter.status).sort((a, b) => b.createdAt - a.createdAt);
    },

    /** A campaign's items, optionally only those a reviewer may decide, and decided or not. */
    async items(campaignId: string, filter: { reviewer?: string; decided?: boolean } = {}): Promise<ReviewItem[]> {
      const { campaign } = await readCampaign(campaignId);
      const reviewer = filter.reviewer;
      return (await listItems(campaignId)).filter(
        (i) =>
          (filter.decided === undefined || (i.decision !== null) === filter.decided) &&
          (!reviewer || (!same(reviewer, i.login) && (i.reviewers.some((r) => same(r, reviewer)) || (campaign.fallbackReviewer !== null && same(campaign.fallbackReviewer, reviewer) && i.reviewerSource === 'fallback')))),
      );
    },

    /** One item. */
    item: async (itemId: string): Promise<ReviewItem> => (await readItem(itemId)).item,

    /** Decides an item (keep, revoke, or reassign to another reviewer). Single-use; revokes at once in `on_decision` campaigns. */
    async decide(itemId: string, input: DecisionInput): Promise<ReviewItem> {
      const parsed = decisionInputSchema.safeParse(input);
      if (!parsed.success) {
        const issues = issuesOf(parsed.error);
        throw new ReviewInvalidError(`The decision is invalid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}.`, issues);
      }
      const d = parsed.data;
      const { campaign } = await readCampaign(campaignIdOf(itemId));
      if (campaign.status === 'closed') throw new ReviewRefusedError('campaign_closed', `Campaign "${campaign.name}" closed at ${dateOf(campaign.closedAt ?? 0)}; it takes no more decisions (its evidence can still be exported).`);
      if (campaign.status !== 'active') throw new ReviewRefusedError('campaign_not_active', `Campaign "${campaign.name}" is not launched yet (gatehouse reviews launch ${campaign.id}).`);
      const reassignTo = d.outcome === 'reassign' ? await person(d.reassignTo ?? '', 'reassignTo').catch(() => null) : null;
      const now = clock.now();
      const revokeNow = d.outcome === 'revoke' && campaign.revokeMode === 'on_decision';
      const { item } = await updateItem(itemId, (i) => {
        if (i.decision) throw new ReviewRefusedError('already_decided', `Item ${i.id} was already decided (${i.decision.outcome}) by ${i.decision.by} at ${dateOf(i.decision.at)}; a decision is made once.`);
        if (same(d.by, i.login)) throw new ReviewRefusedError('self_review', `${d.by} may not review their own access; the fallback reviewer (${campaign.fallbackReviewer ?? 'none set'}) decides it.`);
        const fallback = campaign.fallbackReviewer !== null && same(campaign.fallbackReviewer, d.by);
        if (!fallback && !i.reviewers.some((r) => same(r, d.by))) {
          throw new ReviewRefusedError('not_a_reviewer', `${d.by} is not a reviewer of item ${i.id}; it is for ${[...i.reviewers, ...(campaign.fallbackReviewer ? [`${campaign.fallbackReviewer} (fallback)`] : [])].join(', ')}.`);
        }
        if (d.outcome === 'reassign') {
          if (!reassignTo) throw new ReviewInvalidError(`reassignTo must be the login of a user in the directory, got "${d.reassignTo ?? ''}".`, [{ path: 'reassignTo', message: 'unknown user' }]);
          if (same(reassignTo, i.login)) throw new ReviewRefusedError('invalid_reassignment', `Item ${i.id} cannot be reassigned to ${reassignTo}: it is their own access.`);
          return { ...i, reviewers: [reassignTo], reviewerSource: 'reassigned', reassignments: [...i.reassignments, { by: d.by, at: now, to: reassignTo, comment: d.comment }] };
        }
        return {
          ...i,
          decision: { outcome: d.outcome, by: d.by, at: now, comment: d.comment },
          ...(revokeNow ? { change: { action: 'pending' as const, at: now, steps: [], oktaRequestIds: [], error: null } } : {}),
        };
      });
      const data = { campaignId: item.campaignId, itemId: item.id, userId: item.userId, login: item.login, resourceKind: item.resource.kind, resourceId: item.resource.id, outcome: d.outcome, comment: d.comment };
      if (d.outcome === 'reassign') {
        await audit(d.by, 'review.item_reassigned', item.id, { ...data, to: reassignTo });
        await notify(campaign, reassignTo as string, `Access review "${campaign.name}": an item was reassigned to you`, `${d.by} asked you to review ${item.login}'s access to ${item.resource.name} by ${dateOf(campaign.dueAt)}.`, { itemId: item.id });
        return item;
      }
      await audit(d.by, 'review.item_decided', item.id, data);
      if (revokeNow) return applyRevoke(item.id, d.by, { claimed: true });
      // A campaign closed while this decision was written: close may have missed it, so apply it here.
      if (d.outcome === 'revoke' && (await readCampaign(campaign.id)).campaign.status === 'closed') return applyRevoke(item.id, d.by);
      return item;
    },

    /** Decides several items the same way; each is decided or refused on its own. */
    async decideMany(itemIds: readonly string[], input: DecisionInput): Promise<BulkDecisionResult> {
      const result: BulkDecisionResult = { decided: [], refused: [] };
      for (const itemId of itemIds) {
        try {
          result.decided.push(await service.decide(itemId, input));
        } catch (error) {
          if (!(error instanceof GatehouseError)) throw error;
          result.refused.push({ itemId, code: error.code, message: error.message });
        }
      }
      return result;
    },

    /** Counts of a campaign's items by state and by reviewer. */
    async progress(campaignId: string): Promise<CampaignProgress> {
      const { campaign } = await readCampaign(campaignId);
      return progressOf(campaign, await listItems(campaignId), clock.now());
    },

    /** Closes a campaign: no more decisions; applies the revokes still to make (and retries failed ones when called again). */
    async close(id: string, by: string): Promise<CloseResult> {
      const now = clock.now();
      const { campaign, changed } = await updateCampaign(id, (c) => {
        if (c.status === 'draft') throw new ReviewRefusedError('invalid_transition', `Campaign ${id} is a draft; launch it before closing it (or leave it).`);
        return c.status === 'active' ? { ...c, status: 'closed', closedAt: now, closedBy: by } : undefined;
      });
      if (campaign.undecidedAtClose === 'revoke') {
        for (const item of (await listItems(id)).filter(openItem)) {
          await updateItem(item.id, (i) => (i.decision ? undefined : { ...i, decision: { outcome: 'revoke', by, at: now, comment: 'not reviewed by the close of the campaign (undecidedAtClose: revoke)' } }));
        }
      }
      for (const item of await listItems(id)) {
        if (item.decision?.outcome !== 'revoke') continue;
        const stale = item.change?.action === 'pending' && now - item.change.at >= STALE_CLAIM_MS;
        if (item.change === null || item.change.action === 'failed' || stale) await applyRevoke(item.id, by);
      }
      const items = await listItems(id);
      const result: CloseResult = {
        campaign,
        revoked: items.filter((i) => i.change?.action === 'revoked' || i.change?.action === 'partially_revoked').length,
        failed: items.filter((i) => i.change?.action === 'failed').length,
        needsOktaChange: items.filter((i) => i.change?.steps.some((s) => s.needsOktaChange)).length,
        undecided: items.filter(openItem).length,
      };
      if (changed) await audit(by, 'review.campaign_closed', id, { campaignId: id, revoked: result.revoked, failed: result.failed, needsOktaChange: result.needsOktaChange, undecided: result.undecided, items: items.length });
      return result;
    },

    /**
     * Reminds reviewers with undecided items of active campaigns, at most every `reminderEveryMs` per
     * campaign (counted from the launch). The campaign's `lastReminderAt` is claimed by
     * compare-and-set first, so two processes calling this never both send. Call it from a timer.
     */
    async remind(now: number = clock.now()): Promise<ReminderSent[]> {
      const sent: ReminderSent[] = [];
      for (const c of await service.list({ status: 'active' })) {
        if (c.reminderEveryMs === null) continue;
        const due = (c.lastReminderAt ?? c.launchedAt ?? c.createdAt) + c.reminderEveryMs;
        if (now < due) continue;
        const { changed, campaign } = await updateCampaign(c.id, (x) => (x.status === 'active' && (x.lastReminderAt ?? x.launchedAt ?? x.createdAt) + (x.reminderEveryMs ?? Infinity) <= now ? { ...x, lastReminderAt: now } : undefined));
        if (!changed) continue;
        const open = countByReviewer((await listItems(c.id)).filter(openItem));
        const overdue = now > campaign.dueAt;
        for (const [reviewer, count] of open) {
          await notify(
            campaign,
            reviewer,
            `${overdue ? 'Overdue: ' : 'Reminder: '}access review "${campaign.name}" — ${count} item(s) waiting for you`,
            `${count} access item(s) still wait for your decision; the review ${overdue ? 'was' : 'is'} due ${dateOf(campaign.dueAt)}.`,
            { open: count, dueAt: campaign.dueAt, overdue },
          );
          sent.push({ campaignId: c.id, reviewer, open: count });
        }
        if (open.size > 0) await audit('gatehouse', 'review.reminders_sent', c.id, { campaignId: c.id, reviewers: [...open.keys()], overdue });
      }
      return sent;
    },

    /** The campaign's evidence: a JSON document, or CSV with a row per item. */
    async evidence(campaignId: string, format: 'json' | 'csv'): Promise<string> {
      const { campaign } = await readCampaign(campaignId);
      const items = await listItems(campaignId);
      if (format === 'csv') return evidenceCsv(campaign, items);
      const entries = await campaignAudit(campaignId, items);
      const doc = evidenceJson({ campaign, progress: progressOf(campaign, items, clock.now()), items, audit: entries, chain: await store.verifyAuditChain(), generatedAt: clock.now() });
      return JSON.stringify(doc, null, 2) + '\n';
    },

    /** Access history of a catalog resource (and role), an Okta group or an Okta app, oldest first. */
    history: (kind: HistoryResourceKind, id: string, roleId?: string): Promise<AccessHistoryEntry[]> => accessHistory({ directory, catalog: deps.catalog, audit: store }, kind, id, roleId),

    /** The same as CSV. */
    historyCsv: async (kind: HistoryResourceKind, id: string, roleId?: string): Promise<string> => historyToCsv(await service.history(kind, id, roleId)),
  };

  /** The audit entries of a campaign: on the campaign, on its items, and its revocations. */
  async function campaignAudit(campaignId: string, items: ReviewItem[]): Promise<AuditEntry[]> {
    const itemIds = new Set(items.map((i) => i.id));
    const out: AuditEntry[] = [];
    let afterSeq = 0;
    for (;;) {
      const page = await store.listAudit({ afterSeq, limit: 1000 });
      for (const e of page) if (e.target === campaignId || (e.target !== null && itemIds.has(e.target)) || e.data.campaignId === campaignId) out.push(e);
      if (page.length < 1000) return out;
      afterSeq = page[page.length - 1]!.seq;
    }
  }

  return service;
}

/** The review service. */
export type Reviews = ReturnType<typeof createReviews>;

function countByReviewer(items: readonly ReviewItem[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const i of items) for (const r of i.reviewers) counts.set(r, (counts.get(r) ?? 0) + 1);
  return counts;
}

function progressOf(campaign: Campaign, items: readonly ReviewItem[], now: number): CampaignProgress {
  const decided = items.filter((i) => i.decision !== null);
  const revoked = decided.filter((i) => i.decision?.outcome === 'revoke');
  const byReviewer = new Map<string, { total: number; open: number }>();
  for (const i of items) {
    for (const r of i.reviewers) {
      const row = byReviewer.get(r) ?? { total: 0, open: 0 };
      row.total++;
      if (!i.decision) row.open++;
      byReviewer.set(r, row);
    }
  }
  return {
    campaignId: campaign.id,
    status: campaign.status,
    total: items.length,
    decided: decided.length,
    open: items.length - decided.length,
    kept: decided.length - revoked.length,
    revoked: revoked.length,
    reassigned: items.filter((i) => i.reassignments.length > 0).length,
    percent: items.length === 0 ? 0 : Math.floor((decided.length / items.length) * 100),
    dueAt: campaign.dueAt,
    overdue: campaign.status === 'active' && now > campaign.dueAt,
    revocations: {
      applied: revoked.filter((i) => i.change?.action === 'revoked' || i.change?.action === 'partially_revoked').length,
      pending: revoked.filter((i) => i.change === null || i.change.action === 'pending').length,
      failed: revoked.filter((i) => i.change?.action === 'failed').length,
      needsOktaChange: revoked.filter((i) => i.change?.steps.some((s) => s.needsOktaChange)).length,
    },
    byReviewer: [...byReviewer].map(([reviewer, c]) => ({ reviewer, ...c })).sort((a, b) => a.reviewer.localeCompare(b.reviewer)),
  };
}
