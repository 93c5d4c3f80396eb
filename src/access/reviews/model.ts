/**
 * Access review (certification) records, as zod schemas: a campaign (scope, reviewers, due date,
 * reminders, when revocations happen) and its items (who holds what, since when and how; who
 * reviews it; the decision; the Okta change made). Times are ms since epoch. Stored as kv documents:
 * `reviews.campaigns/<campaignId>` and `reviews.items/<campaignId>:<itemId>` (so a prefix lists a
 * campaign's items); parsed on every read.
 */
import { z } from 'zod';

const login = z.string().trim().min(1).max(320);

/** What a campaign reviews: apps, groups, or everything the people of a department hold. */
export const reviewScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('apps'), appIds: z.array(z.string().min(1)).min(1, 'name at least one app id') }),
  z.object({ kind: z.literal('groups'), groupIds: z.array(z.string().min(1)).min(1, 'name at least one group id') }),
  /** Every group (but Everyone) and app held by the people whose `department` is this (case-insensitive). */
  z.object({ kind: z.literal('department'), department: z.string().trim().min(1) }),
]);
export type ReviewScope = z.infer<typeof reviewScopeSchema>;

/** Who reviews an item: the holder's manager, the resource's owners (catalog), or named people. */
export const reviewerSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('manager') }),
  z.object({ kind: z.literal('owners') }),
  z.object({ kind: z.literal('users'), logins: z.array(login).min(1, 'name at least one reviewer login') }),
]);
export type ReviewerSource = z.infer<typeof reviewerSourceSchema>;

export const campaignStatuses = ['draft', 'active', 'closed'] as const;
export type CampaignStatus = (typeof campaignStatuses)[number];

/** A date as ms since epoch, or an ISO 8601 string (the API and the CLI send strings). */
const instantSchema = z.union([
  z.number().int().positive(),
  z
    .string()
    .refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO 8601 date like 2026-03-31T17:00:00Z')
    .transform((s) => Date.parse(s)),
]);

/** A campaign as stored. */
export const campaignSchema = z.object({
  id: z.string(),
  name: z.string().trim().min(1).max(200),
  description: z.string().max(4000).default(''),
  scope: reviewScopeSchema,
  reviewers: reviewerSourceSchema,
  /** Reviews the items nobody else can: no manager, no owner, or a reviewer's own access. */
  fallbackReviewer: login.nullable().default(null),
  dueAt: z.number(),
  /** Reviewers with undecided items are reminded at most this often (null: never). */
  reminderEveryMs: z.number().int().positive().nullable().default(24 * 3_600_000),
  /** `on_decision`: a revoke is applied in Okta at once; `at_close`: all of them when the campaign closes. */
  revokeMode: z.enum(['on_decision', 'at_close']).default('at_close'),
  /** What closing does to undecided items: `leave` them (reported as not reviewed) or `revoke` them. */
  undecidedAtClose: z.enum(['leave', 'revoke']).default('leave'),
  status: z.enum(campaignStatuses),
  createdBy: z.string(),
  createdAt: z.number(),
  launchedAt: z.number().nullable().default(null),
  launchedBy: z.string().nullable().default(null),
  closedAt: z.number().nullable().default(null),
  closedBy: z.string().nullable().default(null),
  lastReminderAt: z.number().nullable().default(null),
  itemCount: z.number().int().default(0),
});
export type Campaign = z.infer<typeof campaignSchema>;

/** What `create` takes (the API body, the CLI flags). */
export const campaignInputSchema = z.object({
  name: campaignSchema.shape.name,
  description: z.string().max(4000).default(''),
  scope: reviewScopeSchema,
  reviewers: reviewerSourceSchema,
  fallbackReviewer: login.nullish().transform((v) => v ?? null),
  dueAt: instantSchema,
  reminderEveryMs: z.number().int().positive().nullable().default(24 * 3_600_000),
  revokeMode: z.enum(['on_decision', 'at_close']).default('at_close'),
  undecidedAtClose: z.enum(['leave', 'revoke']).default('leave'),
});
export type CampaignInput = z.input<typeof campaignInputSchema>;

/** One way a person holds the item's resource. */
export const accessPathSchema = z.discriminatedUnion('kind', [
  /** A direct group membership (group item) or a direct, USER-scope app assignment (app item). */
  z.object({ kind: z.literal('direct') }),
  /** App item: membership of a group assigned to the app. `readOnly`: rule-based, BUILT_IN or APP_GROUP. */
  z.object({ kind: z.literal('group'), groupId: z.string(), groupName: z.string(), readOnly: z.boolean() }),
  /** A time-bound grant (an access request) of membership of `groupId`. */
  z.object({ kind: z.literal('grant'), requestId: z.string(), groupId: z.string(), endsAt: z.number().nullable() }),
]);
export type AccessPath = z.infer<typeof accessPathSchema>;

export const decisionOutcomes = ['keep', 'revoke', 'reassign'] as const;
export type DecisionOutcome = (typeof decisionOutcomes)[number];

/** One Okta (or grant) change made to revoke one path. */
export const changeStepSchema = z.object({
  path: accessPathSchema,
  /** `okta.group.member_removed`, `okta.app.user_unassigned`, `access.grant_revoked`, or `none` (refused). */
  action: z.string(),
  /** The Okta group or app changed, or the grant's request id. */
  target: z.string(),
  ok: z.boolean(),
  /** Gatehouse will not change this path (a read-only group): someone must change it in Okta. */
  needsOktaChange: z.boolean().default(false),
  oktaRequestIds: z.array(z.string()).default([]),
  error: z.object({ code: z.string(), message: z.string() }).nullable().default(null),
  detail: z.string().default(''),
});
export type ChangeStep = z.infer<typeof changeStepSchema>;

export const changeActions = ['pending', 'revoked', 'partially_revoked', 'needs_okta_change', 'failed'] as const;

/** What revoking an item did (null until a revoke is applied). */
export const itemChangeSchema = z.object({
  action: z.enum(changeActions),
  at: z.number(),
  steps: z.array(changeStepSchema).default([]),
  oktaRequestIds: z.array(z.string()).default([]),
  error: z.object({ code: z.string(), message: z.string() }).nullable().default(null),
});
export type ItemChange = z.infer<typeof itemChangeSchema>;

/** One item of a campaign: one person's access to one group or app. */
export const reviewItemSchema = z.object({
  id: z.string(),
  campaignId: z.string(),
  userId: z.string(),
  login: z.string(),
  displayName: z.string().default(''),
  userStatus: z.string().default(''),
  resource: z.object({ kind: z.enum(['group', 'app']), id: z.string(), name: z.string(), readOnly: z.boolean().default(false) }),
  how: z.array(accessPathSchema).min(1),
  /** When the access started (the oldest path), as the mirror knows it. */
  since: z.number().nullable(),
  /** Who may decide (logins); besides them, the campaign's fallback reviewer. */
  reviewers: z.array(z.string()),
  reviewerSource: z.enum(['manager', 'owners', 'users', 'fallback', 'reassigned']),
  decision: z.object({ outcome: z.enum(['keep', 'revoke']), by: z.string(), at: z.number(), comment: z.string() }).nullable().default(null),
  reassignments: z.array(z.object({ by: z.string(), at: z.number(), to: z.string(), comment: z.string() })).default([]),
  change: itemChangeSchema.nullable().default(null),
  createdAt: z.number(),
});
export type ReviewItem = z.infer<typeof reviewItemSchema>;

/** What `decide` takes. */
export const decisionInputSchema = z.object({
  by: login,
  outcome: z.enum(decisionOutcomes),
  comment: z.string().max(2000).default(''),
  /** The new reviewer (a login), for `reassign`. */
  reassignTo: login.optional(),
});
export type DecisionInput = z.input<typeof decisionInputSchema>;

/** A campaign's progress. */
export interface CampaignProgress {
  campaignId: string;
  status: CampaignStatus;
  total: number;
  decided: number;
  open: number;
  kept: number;
  revoked: number;
  reassigned: number;
  /** 0–100, decided / total. */
  percent: number;
  dueAt: number;
  overdue: boolean;
  revocations: { applied: number; pending: number; failed: number; needsOktaChange: number };
  byReviewer: { reviewer: string; total: number; open: number }[];
}

/** One event of a resource's access history. */
export interface AccessHistoryEntry {
  at: number;
  userId: string | null;
  login: string | null;
  /** `member_since` / `assigned_since` (the mirror), or the audit action (`okta.group.member_removed`, `review.access_revoked`, `access.granted`, …). */
  event: string;
  /** The Okta group or app the event is about. */
  objectId: string;
  by: string | null;
  source: 'directory' | 'audit';
  /** The audit entry (hash-chained), when from the audit log. */
  auditSeq: number | null;
  detail: string;
}
