/**
 * The rules an access request (or an extension) must pass, each refusal naming its rule: who may
 * ask on someone's behalf, eligibility profiles, the policy's maximum duration, auto-approval, and
 * who approves each step. The person's groups are read once per check (`factsOf`), however many
 * rules and resources ask about them.
 */
import { formatDuration } from '../common/duration.ts';
import { ownersOf, resolveSteps } from './approvers.ts';
import type { AccessCatalog } from './catalog.ts';
import type { DirectoryReader, DirUser } from './directory/reader.ts';
import { AccessDeniedByPolicyError } from './errors.ts';
import type { AccessPolicy, Resource } from './model.ts';
import type { PlannedStep, RequestPlan } from './request-run.ts';
import { describeCondition, describeProfile, matchesProfile, meets, subjectOf, type Subject } from './rules.ts';

/** A person's facts for the rules, read on first use and then kept for the rest of one check. */
export type Facts = () => Promise<Subject>;

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

export function createRequestChecks(deps: { directory: DirectoryReader; catalog: AccessCatalog; isAdmin: (login: string) => boolean }) {
  async function groupNames(): Promise<(id: string) => string> {
    const groups = new Map((await deps.directory.listGroups({ limit: 100_000 })).map((g) => [g.id, g.name]));
    return (id) => groups.get(id) ?? id;
  }

  /** The auto-approval rule the person meets, in words, or null. */
  async function autoApproval(policy: AccessPolicy, facts: Facts): Promise<string | null> {
    if (policy.autoApprove.length === 0) return null;
    const subject = await facts();
    const rule = policy.autoApprove.find((c) => meets(c, subject));
    return rule ? `policy ${policy.id}: ${describeCondition(rule, await groupNames())}` : null;
  }

  return {
    factsOf(user: DirUser): Facts {
      let read: Promise<Subject> | undefined;
      return () => (read ??= subjectOf(deps.directory, user));
    },

    /** Whether the person passes the resource's eligibility profiles; the rule that failed when not. */
    async eligibility(resource: Resource, user: DirUser, facts: Facts): Promise<{ ok: true } | { ok: false; rule: string; message: string }> {
      if (resource.eligibility.length === 0) return { ok: true };
      const subject = await facts();
      const profiles = (await Promise.all(resource.eligibility.map((id) => deps.catalog.getProfile(id)))).filter((p) => p !== undefined);
      if (profiles.some((p) => matchesProfile(p, subject))) return { ok: true };
      const names = await groupNames();
      return {
        ok: false,
        rule: `profile:${resource.eligibility.join('|')}`,
        message: `${user.login} is not eligible for ${resource.name}: it may be requested by ${profiles.map((p) => describeProfile(p, names)).join(', or ')}.`,
      };
    },

    /** Approval steps for a request or an extension; refuses when a step has nobody to approve it. */
    async plan(policy: AccessPolicy, resource: Resource, forUser: DirUser, requestedBy: string, facts: Facts): Promise<RequestPlan> {
      const autoApprovedBy = await autoApproval(policy, facts);
      if (autoApprovedBy || policy.steps.length === 0) return { autoApprovedBy: autoApprovedBy ?? `policy ${policy.id}: no approval steps`, allowSelfApproval: policy.allowSelfApproval, steps: [] };
      const resolved = await resolveSteps(deps.directory, { policy, resource, forUser, requestedBy });
      const steps: PlannedStep[] = [];
      for (const [i, r] of resolved.entries()) {
        if (!r.ok) throw new AccessDeniedByPolicyError(`policy:${policy.id}.steps.${i}`, `${r.reason} Ask the owners of ${resource.name} to fix policy "${policy.id}".`);
        const step = policy.steps[i]!;
        steps.push({
          name: r.name,
          approvers: r.approvers,
          required: r.required,
          note: r.note,
          reminderAfterMs: step.reminderAfterMs,
          escalateAfterMs: step.escalateAfterMs,
          escalateTo: step.escalateTo,
          timeoutMs: step.timeoutMs,
        });
      }
      return { autoApprovedBy: null, allowSelfApproval: policy.allowSelfApproval, steps };
    },

    /** Refuses a duration above the policy's maximum (or indefinite access where it has one). */
    duration(policy: AccessPolicy, resource: Resource, durationMs: number | null): void {
      if (policy.maxDurationMs === null) return;
      if (durationMs === null) {
        throw new AccessDeniedByPolicyError(`policy:${policy.id}.maxDuration`, `${resource.name} cannot be held indefinitely: ask for ${formatDuration(policy.maxDurationMs)} or less (policy "${policy.name}").`);
      }
      if (durationMs > policy.maxDurationMs) {
        throw new AccessDeniedByPolicyError(
          `policy:${policy.id}.maxDuration`,
          `${resource.name} may be held for at most ${formatDuration(policy.maxDurationMs)} (policy "${policy.name}"); you asked for ${formatDuration(durationMs)}. Ask for ${formatDuration(policy.maxDurationMs)} or less.`,
        );
      }
    },

    /** Whether `by` may request for `forUser` under the policy. */
    async onBehalf(policy: AccessPolicy, resource: Resource, by: string, forUser: DirUser): Promise<void> {
      if (same(by, forUser.login) || deps.isAdmin(by)) return;
      const rule = `policy:${policy.id}.onBehalf`;
      if (policy.onBehalf === 'nobody') throw new AccessDeniedByPolicyError(rule, `${resource.name} may only be requested by the person who needs it (policy "${policy.name}").`);
      const manager = await deps.directory.managerOf(forUser.id);
      if (manager && same(manager.login, by)) return;
      if (policy.onBehalf === 'owners' && (await ownersOf(deps.directory, resource)).some((o) => same(o, by))) return;
      const who = policy.onBehalf === 'manager' ? 'their manager' : `their manager or an owner of ${resource.name}`;
      throw new AccessDeniedByPolicyError(rule, `${by} may not request ${resource.name} for ${forUser.login}: only ${who} may (policy "${policy.name}").`);
    },
  };
}
