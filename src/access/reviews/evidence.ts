/**
 * A campaign's evidence as an auditor takes it away: JSON (the campaign, its progress, every item
 * with who holds what and how, the reviewer, the decision and when, and the Okta change made with
 * Okta's request ids; plus the campaign's audit entries with their hashes and the chain's check)
 * and CSV (one row per item). Pure functions over what the service read.
 */
import { toCsv } from '../../common/csv.ts';
import type { AuditChainCheck, AuditEntry } from '../../store/index.ts';
import type { AccessPath, Campaign, CampaignProgress, ReviewItem } from './model.ts';

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

/** Where an item ended up, in one word. */
export function itemOutcome(item: ReviewItem): 'open' | 'kept' | 'revoked' | 'revoke_pending' | 'revoke_failed' | 'partially_revoked' | 'needs_okta_change' {
  if (!item.decision) return 'open';
  if (item.decision.outcome === 'keep') return 'kept';
  switch (item.change?.action) {
    case undefined:
    case 'pending':
      return 'revoke_pending';
    case 'revoked':
      return 'revoked';
    case 'failed':
      return 'revoke_failed';
    case 'partially_revoked':
      return 'partially_revoked';
    case 'needs_okta_change':
      return 'needs_okta_change';
  }
}

/** A path as one line: `direct`, `group:Figma Editors`, `grant:req_1 (until …)`. */
export function describePath(path: AccessPath): string {
  if (path.kind === 'direct') return 'direct';
  if (path.kind === 'group') return `group:${path.groupName}${path.readOnly ? ' (read-only)' : ''}`;
  return `grant:${path.requestId}${path.endsAt === null ? '' : ` (until ${iso(path.endsAt)})`}`;
}

/** The JSON evidence document. */
export function evidenceJson(input: { campaign: Campaign; progress: CampaignProgress; items: ReviewItem[]; audit: AuditEntry[]; chain: AuditChainCheck; generatedAt: number }) {
  const { campaign } = input;
  return {
    format: 'gatehouse.access-review-evidence.v1',
    generatedAt: iso(input.generatedAt),
    campaign: {
      ...campaign,
      dueAt: iso(campaign.dueAt),
      createdAt: iso(campaign.createdAt),
      launchedAt: iso(campaign.launchedAt),
      closedAt: iso(campaign.closedAt),
      lastReminderAt: iso(campaign.lastReminderAt),
    },
    progress: input.progress,
    items: input.items.map((item) => ({
      itemId: item.id,
      user: { id: item.userId, login: item.login, displayName: item.displayName, status: item.userStatus },
      resource: item.resource,
      how: item.how,
      since: iso(item.since),
      reviewers: item.reviewers,
      reviewerSource: item.reviewerSource,
      outcome: itemOutcome(item),
      decision: item.decision ? { ...item.decision, at: iso(item.decision.at) } : null,
      reassignments: item.reassignments.map((r) => ({ ...r, at: iso(r.at) })),
      change: item.change ? { ...item.change, at: iso(item.change.at) } : null,
    })),
    audit: {
      chain: input.chain,
      entries: input.audit.map((e) => ({ seq: e.seq, at: iso(e.at), actor: e.actor, action: e.action, target: e.target, data: e.data, hash: e.hash })),
    },
  };
}

const columns = [
  'campaign_id',
  'campaign_name',
  'campaign_status',
  'campaign_due_at',
  'campaign_closed_at',
  'item_id',
  'user_login',
  'user_id',
  'user_status',
  'resource_kind',
  'resource_id',
  'resource_name',
  'how',
  'since',
  'reviewers',
  'reviewer_source',
  'outcome',
  'decision',
  'decided_by',
  'decided_at',
  'comment',
  'reassignments',
  'okta_change',
  'okta_change_at',
  'okta_change_steps',
  'okta_request_ids',
  'needs_okta_change',
  'change_error',
] as const;

/** The CSV evidence: one row per item, the campaign repeated on each row (so rows stand alone). */
export function evidenceCsv(campaign: Campaign, items: ReviewItem[]): string {
  return toCsv(
    columns,
    items.map((item) => ({
      campaign_id: campaign.id,
      campaign_name: campaign.name,
      campaign_status: campaign.status,
      campaign_due_at: iso(campaign.dueAt),
      campaign_closed_at: iso(campaign.closedAt),
      item_id: item.id,
      user_login: item.login,
      user_id: item.userId,
      user_status: item.userStatus,
      resource_kind: item.resource.kind,
      resource_id: item.resource.id,
      resource_name: item.resource.name,
      how: item.how.map(describePath).join('; '),
      since: iso(item.since),
      reviewers: item.reviewers.join('; '),
      reviewer_source: item.reviewerSource,
      outcome: itemOutcome(item),
      decision: item.decision?.outcome ?? '',
      decided_by: item.decision?.by ?? '',
      decided_at: iso(item.decision?.at),
      comment: item.decision?.comment ?? '',
      reassignments: item.reassignments.map((r) => `${iso(r.at)} ${r.by} -> ${r.to}${r.comment ? `: ${r.comment}` : ''}`).join('; '),
      okta_change: item.change?.action ?? '',
      okta_change_at: iso(item.change?.at),
      okta_change_steps: (item.change?.steps ?? []).map((s) => `${s.action} ${s.target} ${s.ok ? 'ok' : 'not done'}${s.detail ? ` (${s.detail})` : ''}`).join('; '),
      okta_request_ids: (item.change?.oktaRequestIds ?? []).join(' '),
      needs_okta_change: (item.change?.steps ?? []).some((s) => s.needsOktaChange) ? 'yes' : '',
      change_error: item.change?.error ? `${item.change.error.code}: ${item.change.error.message}` : '',
    })),
  );
}
