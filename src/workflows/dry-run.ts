/**
 * Dry runs: the workflow runs with real Okta reads, while every write is recorded and not sent, sleeps
 * pass at once and approvals are taken as given. The result is the plan: each change it would make,
 * in order.
 */
import type { Clock } from '../common/clock.ts';
import { formatDuration, parseDuration } from '../common/duration.ts';
import type { Json } from '../engine/contract.ts';
import type { OktaClient, OktaUser } from '../okta/index.ts';
import { createJournaledOkta, oktaWrites, toJson, type OktaCall } from './okta-steps.ts';
import type { AnyWorkflow, WorkflowContext } from './sdk.ts';

/** One entry of a dry run's plan. */
export interface PlanEntry {
  kind: 'okta.write' | 'sleep' | 'approval' | 'notify';
  /** What would happen, for people: `Suspend user 00u1`. */
  summary: string;
  /** For Okta writes: the call (`users.suspend`) and its arguments. */
  call?: string;
  args?: Json[];
}

/** The outcome of a dry run. */
export interface DryRunPlan {
  workflowId: string;
  changes: PlanEntry[];
  /** Okta reads made for real, by call name. */
  reads: number;
  output: Json | null;
  /** Set when the workflow threw: the plan up to that point, and why it stopped. */
  error: { code: string; message: string } | null;
}

function summarize(call: OktaCall): string {
  const verb = oktaWrites[call.name]?.summary ?? call.name;
  const shown = call.args.filter((a) => a !== undefined).map((a) => (typeof a === 'string' ? a : JSON.stringify(a)));
  return `${verb} ${shown.join(' ')}`.trim();
}

/** What a write would have answered, so the workflow can go on (ids marked as dry-run). */
async function simulate(call: OktaCall, okta: OktaClient, clock: Clock, n: number): Promise<unknown> {
  const now = new Date(clock.now()).toISOString();
  switch (call.name) {
    case 'users.create': {
      const input = call.args[0] as { profile: Record<string, unknown>; activate?: boolean };
      return { id: `00u-dry-run-${n}`, status: input.activate === false ? 'STAGED' : 'ACTIVE', created: now, lastUpdated: now, profile: input.profile };
    }
    case 'users.update': {
      const [id, profile] = call.args as [string, Record<string, unknown>];
      const user: OktaUser = await okta.users.get(id);
      return { ...user, profile: { ...user.profile, ...profile } };
    }
    case 'groups.create':
      return { id: `00g-dry-run-${n}`, type: 'OKTA_GROUP', created: now, lastUpdated: now, profile: call.args[0] };
    case 'groups.update':
      return { id: call.args[0], type: 'OKTA_GROUP', profile: call.args[1] };
    case 'apps.assignUser':
      return { id: call.args[1], scope: 'USER', status: 'ACTIVE', created: now };
    case 'apps.assignGroup':
      return { id: call.args[1], priority: 0 };
    default:
      return undefined;
  }
}

/** Runs a workflow as a dry run and returns its plan. */
export async function dryRunWorkflow(
  workflow: AnyWorkflow,
  input: unknown,
  deps: { okta: OktaClient; startedBy: string; clock: Clock; run: (ctx: WorkflowContext, workflow: AnyWorkflow, input: unknown) => Promise<Json> },
): Promise<DryRunPlan> {
  const changes: PlanEntry[] = [];
  let reads = 0;
  let writes = 0;
  const { clock } = deps;
  // A user's create body may hold a password: the plan shows the login and profile only.
  const createCall = (call: OktaCall) => {
    if (call.name !== 'users.create') return call;
    const input = call.args[0] as { profile: { login: string } };
    return { ...call, args: [input.profile.login, { profile: input.profile }] };
  };
  const okta = createJournaledOkta(deps.okta, async (call) => {
    if (call.kind === 'read') {
      reads++;
      return call.perform();
    }
    writes++;
    const shown = createCall(call);
    changes.push({ kind: 'okta.write', summary: summarize(shown), call: call.name, args: shown.args.filter((a) => a !== undefined).map(toJson) });
    return simulate(call, deps.okta, clock, writes);
  });
  const ctx: WorkflowContext = {
    runId: 'dry-run',
    workflowId: workflow.id,
    dryRun: true,
    startedBy: deps.startedBy,
    okta,
    step: async (_id, fn) => toJson(await fn()) as never,
    now: async () => clock.now(),
    async sleep(id, duration) {
      changes.push({ kind: 'sleep', summary: `Wait ${formatDuration(parseDuration(duration))} (${id})` });
    },
    async sleepUntil(id, at) {
      changes.push({ kind: 'sleep', summary: `Wait until ${new Date(at).toISOString()} (${id})` });
    },
    async waitForApproval(id, request) {
      changes.push({ kind: 'approval', summary: `Ask ${request.approvers.join(', ') || 'nobody'} to approve: ${request.reason} (${id}); the dry run takes it as approved` });
      return { approved: true, by: '(dry run)', comment: null, at: new Date(clock.now()).toISOString() };
    },
    async notify(_id, notification) {
      changes.push({ kind: 'notify', summary: `Notify ${notification.to.join(', ')}: ${notification.subject}` });
    },
    log: { info() {}, warn() {}, error() {} },
  };
  try {
    const output = await deps.run(ctx, workflow, input);
    return { workflowId: workflow.id, changes, reads, output: toJson(output), error: null };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return { workflowId: workflow.id, changes, reads, output: null, error: { code: typeof code === 'string' ? code : 'WORKFLOW_FAILED', message: error instanceof Error ? error.message : String(error) } };
  }
}
