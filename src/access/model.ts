/**
 * The access layer's records, as zod schemas (the edge of the API, the CLI and the store):
 * requestable resources with roles, access policies, eligibility profiles, access requests (whose
 * active phase is the grant) and the ports the review campaigns build on. Times are ms since epoch.
 */
import { z } from 'zod';

/** A slug id: lower-case letters, digits and dashes ("figma", "aws-prod"). */
export const slugSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'use lower-case letters, digits and dashes, like "figma-editor"');

/** A login (an email-shaped Okta login) or an Okta user id. */
const personSchema = z.string().trim().min(1);

/** Who approves one step. */
export const approverSourceSchema = z.discriminatedUnion('kind', [
  /** The requester's (beneficiary's) manager, from Okta's `managerId` or `manager`. */
  z.object({ kind: z.literal('manager') }),
  /** The resource's owners (people and members of the owner group). */
  z.object({ kind: z.literal('owners') }),
  /** Named people (logins). */
  z.object({ kind: z.literal('users'), logins: z.array(personSchema).min(1) }),
  /** Members of an Okta group (its id). */
  z.object({ kind: z.literal('group'), groupId: z.string().min(1) }),
]);
export type ApproverSource = z.infer<typeof approverSourceSchema>;

/** One approval step: any-of (`required: 1`) or N-of. */
export const approvalStepSchema = z.object({
  name: z.string().trim().min(1),
  approvers: z.array(approverSourceSchema).min(1, 'an approval step needs at least one source of approvers'),
  required: z.number().int().min(1).default(1),
  /** Remind the approvers after this long without a decision (null: never). */
  reminderAfterMs: z.number().int().positive().nullable().default(24 * 3_600_000),
  /** After this long, the step escalates to `escalateTo` (null: it never escalates). */
  escalateAfterMs: z.number().int().positive().nullable().default(null),
  escalateTo: z.array(personSchema).default([]),
  /** After this long in all, the request expires (default 3 days). */
  timeoutMs: z.number().int().positive().default(3 * 86_400_000),
});
export type ApprovalStep = z.infer<typeof approvalStepSchema>;

/** A condition on the person access is for. */
export const conditionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('memberOf'), groupId: z.string().min(1) }),
  /** A profile attribute (`department`, `userType`, `title`, …) equal to one of `values` (case-insensitive). */
  z.object({ kind: z.literal('attribute'), attribute: z.string().min(1), values: z.array(z.string()).min(1) }),
]);
export type Condition = z.infer<typeof conditionSchema>;

/** A reusable access policy. */
export const accessPolicySchema = z.object({
  id: slugSchema,
  name: z.string().trim().min(1),
  description: z.string().default(''),
  /** The longest access one may ask for; null: indefinite access may be requested. */
  maxDurationMs: z.number().int().positive().nullable().default(null),
  /** What a request without a duration gets; null: indefinite (only when the maximum allows it). */
  defaultDurationMs: z.number().int().positive().nullable().default(null),
  requireJustification: z.boolean().default(false),
  allowSelfApproval: z.boolean().default(false),
  /** Approval steps, in sequence; none: approved at once. */
  steps: z.array(approvalStepSchema).default([]),
  /** Any rule that matches approves the request without asking anyone. */
  autoApprove: z.array(conditionSchema).default([]),
  /** Who may request for someone else: nobody, their manager, or the resource's owners and Gatehouse admins. */
  onBehalf: z.enum(['nobody', 'manager', 'owners']).default('manager'),
});
export type AccessPolicy = z.infer<typeof accessPolicySchema>;

/** Who may request: anyone matching any rule (`match: 'any'`) or all of them. */
export const eligibilityProfileSchema = z.object({
  id: slugSchema,
  name: z.string().trim().min(1),
  description: z.string().default(''),
  match: z.enum(['any', 'all']).default('any'),
  rules: z.array(conditionSchema).min(1, 'an eligibility profile needs at least one rule'),
});
export type EligibilityProfile = z.infer<typeof eligibilityProfileSchema>;

/** How a role is provisioned: membership of its Okta group, or a workflow run for grant and for revoke. */
export const provisioningSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('group') }),
  z.object({
    kind: z.literal('workflow'),
    /** Started with `{ user, group, resource, role }` when access is granted… */
    grantWorkflowId: z.string().min(1),
    /** …and when it ends. */
    revokeWorkflowId: z.string().min(1),
  }),
]);

/** A role of a resource (Figma → Viewer, Editor), each one Okta group. */
export const roleSchema = z.object({
  id: slugSchema,
  name: z.string().trim().min(1),
  description: z.string().default(''),
  /** The Okta group whose membership is this role (an OKTA_GROUP). */
  groupId: z.string().min(1),
  /** Overrides the resource's policy. */
  policyId: slugSchema.nullable().default(null),
  provisioning: provisioningSchema.default({ kind: 'group' }),
});
export type Role = z.infer<typeof roleSchema>;

/** Something people can request: an Okta group, or an app through the groups that grant it. */
export const resourceSchema = z.object({
  id: slugSchema,
  kind: z.enum(['group', 'app']),
  name: z.string().trim().min(1),
  description: z.string().default(''),
  /** The Okta app (kind `app`). */
  appId: z.string().min(1).nullable().default(null),
  roles: z.array(roleSchema).min(1, 'a resource needs at least one role (its Okta group)'),
  owners: z.object({ users: z.array(personSchema).default([]), groupId: z.string().min(1).nullable().default(null) }).default({ users: [], groupId: null }),
  /** `everyone` sees it in the catalog; `eligible` only those who may request it; `hidden` nobody (admins only). */
  visibility: z.enum(['everyone', 'eligible', 'hidden']).default('everyone'),
  policyId: slugSchema,
  /** Eligibility profiles, any of which lets a person request it; empty: everyone may. */
  eligibility: z.array(slugSchema).default([]),
});
export type Resource = z.infer<typeof resourceSchema>;
export type ResourceInput = z.input<typeof resourceSchema>;

export const requestStatuses = ['pending', 'provisioning', 'active', 'denied', 'expired', 'cancelled', 'failed', 'ended', 'revoked'] as const;
export type RequestStatus = (typeof requestStatuses)[number];
/** Statuses after which a request never changes again. */
export const finalRequestStatuses: readonly RequestStatus[] = ['denied', 'expired', 'cancelled', 'failed', 'ended', 'revoked'];

/** One change in a request's life, as people read it. */
export const requestEventSchema = z.object({
  at: z.number(),
  by: z.string(),
  /** `requested`, `auto_approved`, `approved`, `denied`, `provisioned`, `extended`, `shortened`, `reminded`, `escalated`, `expired`, `ended`, `revoked`, `cancelled`, `failed`. */
  action: z.string(),
  detail: z.string().default(''),
});

/** An access request; from `active` on it is also the grant (its `endsAt` is when access ends). */
export const accessRequestSchema = z.object({
  id: z.string(),
  resourceId: slugSchema,
  roleId: slugSchema,
  /** The Okta group the access is membership of. */
  groupId: z.string(),
  /** Who asked (a login). */
  requestedBy: z.string(),
  /** Who the access is for (a login) and their Okta id. */
  forUser: z.string(),
  forUserId: z.string(),
  justification: z.string().nullable(),
  /** What was asked for; null: indefinite. */
  durationMs: z.number().int().positive().nullable(),
  status: z.enum(requestStatuses),
  /** The engine run that carries the request through approvals, provisioning and expiry. */
  runId: z.string().nullable(),
  policyId: slugSchema,
  /** The approval of each step, in order, as it is asked. */
  approvals: z.array(z.object({ step: z.string(), approvalId: z.string(), status: z.string() })).default([]),
  grantedAt: z.number().nullable().default(null),
  endsAt: z.number().nullable().default(null),
  endedAt: z.number().nullable().default(null),
  /** Why it ended or was refused, with the rule when a rule decided. */
  outcome: z.object({ by: z.string(), reason: z.string(), rule: z.string().nullable().default(null) }).nullable().default(null),
  history: z.array(requestEventSchema).default([]),
  /** Extensions asked for while active, each through the same policy. */
  extensions: z
    .array(
      z.object({
        id: z.string(),
        requestedBy: z.string(),
        durationMs: z.number().int().positive(),
        justification: z.string().nullable(),
        status: z.enum(['pending', 'approved', 'denied', 'expired', 'cancelled']),
        runId: z.string().nullable(),
        at: z.number(),
      }),
    )
    .default([]),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type AccessRequest = z.infer<typeof accessRequestSchema>;

/** An active grant: who holds which role until when (an `active` request, seen from the review side). */
export interface ActiveGrant {
  requestId: string;
  resourceId: string;
  roleId: string;
  groupId: string;
  userId: string;
  login: string;
  grantedAt: number;
  endsAt: number | null;
}

/** What access reviews need of the requests (implemented by the access-request service). */
export interface GrantsPort {
  /** Active grants, optionally only of a user or of a group. */
  listActive(filter?: { userId?: string; groupId?: string }): Promise<ActiveGrant[]>;
  /** Ends a grant now (removes the membership, tells everyone, audits). */
  revoke(requestId: string, input: { by: string; reason: string }): Promise<AccessRequest>;
}

/** What access reviews need of the resource catalog. */
export interface ResourceCatalogPort {
  listResources(): Promise<Resource[]>;
  getResource(id: string): Promise<Resource | undefined>;
  /** The resource and role an Okta group is (undefined when no resource uses it). */
  roleForGroup(groupId: string): Promise<{ resource: Resource; role: Role } | undefined>;
}
