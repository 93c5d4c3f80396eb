/**
 * `gatehouse access …` (requests, grants and the catalog) and `gatehouse directory sync|status`.
 * Each command opens Gatehouse's services in this process, acts, and lets the engine do what is due
 * now (a long wait, such as a grant's end, is the server's worker's job).
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { formatDuration, parseDuration } from '../../common/duration.ts';
import type { AccessRequest } from '../../access/index.ts';
import type { Gatehouse } from '../../main.ts';
import { CliUsageError, printJson, printTable, isoTime } from '../output.ts';
import { withGatehouse } from '../with-gatehouse.ts';

/** Opens Gatehouse with the directory mirror brought up to date. */
const withAccess = <T>(fn: (g: Gatehouse) => Promise<T>) =>
  withGatehouse(async (g) => {
    await g.refreshDirectory();
    const result = await fn(g);
    await g.engine.runUntilIdle();
    return result;
  });

function durationFlag(value: string, flag: string): number {
  try {
    return parseDuration(value);
  } catch (error) {
    throw new CliUsageError(`${flag} takes a duration such as 8h, 30m or 2d: ${(error as Error).message}`);
  }
}

const left = (r: AccessRequest, now: number) => (r.status !== 'active' ? '' : r.endsAt === null ? 'no end' : formatDuration(Math.max(0, r.endsAt - now)));

function printRequests(rows: AccessRequest[], now: number): void {
  printTable(rows, [
    { header: 'REQUEST', value: (r) => r.id },
    { header: 'RESOURCE', value: (r) => `${r.resourceId}/${r.roleId}` },
    { header: 'FOR', value: (r) => r.forUser },
    { header: 'STATUS', value: (r) => r.status },
    { header: 'DURATION', value: (r) => (r.durationMs === null ? 'indefinite' : formatDuration(r.durationMs)) },
    { header: 'ENDS', value: (r) => isoTime(r.endsAt) },
    { header: 'LEFT', value: (r) => left(r, now) },
  ]);
}

async function printRequest(g: Gatehouse, request: AccessRequest, json: boolean): Promise<void> {
  const pending = await g.access.requests.pendingApproval(request.id);
  if (json) return printJson({ request, pendingApproval: pending ?? null });
  const out = process.stdout;
  out.write(`${request.id}  ${request.resourceId}/${request.roleId} for ${request.forUser}  ${request.status}\n`);
  out.write(`requested by ${request.requestedBy} at ${isoTime(request.createdAt)}; ${request.durationMs === null ? 'indefinite' : formatDuration(request.durationMs)}${request.justification ? `: ${request.justification}` : ''}\n`);
  if (request.status === 'active') out.write(`granted ${isoTime(request.grantedAt)}, ends ${isoTime(request.endsAt)} (${left(request, g.clock.now())} left)\n`);
  if (pending) out.write(`waiting for: ${pending.approvers.join(', ')}${pending.required > 1 ? ` (${pending.required} needed, ${pending.decisions.filter((d) => d.approved).length} so far)` : ''}\n`);
  if (request.outcome) out.write(`outcome: ${request.outcome.reason} (by ${request.outcome.by}${request.outcome.rule ? `, rule ${request.outcome.rule}` : ''})\n`);
  out.write('\n');
  printTable(request.history, [
    { header: 'AT', value: (h) => isoTime(h.at) },
    { header: 'BY', value: (h) => h.by },
    { header: 'WHAT', value: (h) => h.action },
    { header: 'DETAIL', value: (h) => h.detail },
  ]);
}

async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliUsageError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliUsageError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}

export function registerAccessCommands(program: Command): void {
  const access = program.command('access').description('Access requests, time-bound grants and what can be requested');

  access
    .command('request <resource>')
    .description('Ask for access to a resource (by id or name)')
    .requiredOption('--as <login>', 'who is asking')
    .option('--role <role>', 'the role, when the resource has several')
    .option('--for <login>', 'ask on behalf of someone (where the policy allows it)')
    .option('--duration <duration>', 'how long (8h, 2d) or "indefinite"; default: the policy\'s')
    .option('--justification <text>', 'why (some policies require it)')
    .option('--json', 'print JSON', false)
    .action(async (resource: string, flags: { as: string; role?: string; for?: string; duration?: string; justification?: string; json: boolean }) =>
      withAccess(async (g) => {
        const durationMs = flags.duration === undefined ? undefined : flags.duration === 'indefinite' ? null : durationFlag(flags.duration, '--duration');
        const created = await g.access.requests.request({
          by: flags.as,
          resource,
          ...(flags.role ? { role: flags.role } : {}),
          ...(flags.for ? { forUser: flags.for } : {}),
          ...(durationMs !== undefined ? { durationMs } : {}),
          justification: flags.justification ?? null,
        });
        await g.engine.runUntilIdle();
        const request = await g.access.requests.get(created.id);
        if (flags.json) return printRequest(g, request, true);
        const pending = await g.access.requests.pendingApproval(request.id);
        process.stdout.write(
          request.status === 'active'
            ? `Granted: ${request.id} — ${request.resourceId}/${request.roleId} for ${request.forUser} until ${isoTime(request.endsAt)}\n`
            : `Requested: ${request.id} — ${request.status}${pending ? `, waiting for ${pending.approvers.join(', ')}` : ''}\n`,
        );
      }),
    );

  access
    .command('requests')
    .description('Access requests, newest first')
    .option('--status <status>', 'pending, active, ended, denied, …')
    .option('--user <login>', 'requested by or for this person')
    .option('--resource <id>', 'for this resource')
    .option('--json', 'print JSON', false)
    .action(async (flags: { status?: string; user?: string; resource?: string; json: boolean }) =>
      withAccess(async (g) => {
        const list = await g.access.requests.list({ ...(flags.status ? { status: flags.status as AccessRequest['status'] } : {}), ...(flags.user ? { user: flags.user } : {}), ...(flags.resource ? { resourceId: flags.resource } : {}) });
        if (flags.json) return printJson(list);
        printRequests(list, g.clock.now());
      }),
    );

  access
    .command('show <requestId>')
    .description('A request: its state, who it waits for, its history')
    .option('--json', 'print JSON', false)
    .action(async (id: string, flags: { json: boolean }) => withAccess(async (g) => printRequest(g, await g.access.requests.get(id), flags.json)));

  access
    .command('mine')
    .description('Your active access, pending requests and the approvals waiting for you')
    .requiredOption('--as <login>', 'who you are')
    .option('--json', 'print JSON', false)
    .action(async (flags: { as: string; json: boolean }) =>
      withAccess(async (g) => {
        const mine = await g.access.requests.mine(flags.as);
        if (flags.json) return printJson(mine);
        const now = g.clock.now();
        process.stdout.write(`Active access of ${mine.user}:\n`);
        printRequests(mine.active, now);
        process.stdout.write(`\nPending requests:\n`);
        printRequests(mine.pending, now);
        process.stdout.write(`\nWaiting for your decision:\n`);
        printTable(mine.approvals, [
          { header: 'REQUEST', value: (a) => String(a.context.requestId ?? a.runId) },
          { header: 'WHAT', value: (a) => a.reason },
          { header: 'SINCE', value: (a) => isoTime(a.createdAt) },
        ]);
      }),
    );

  for (const verb of ['approve', 'deny'] as const) {
    access
      .command(`${verb} <requestId>`)
      .description(verb === 'approve' ? "Approve the request's current step" : "Deny the request's current step (say why with --comment)")
      .requiredOption('--as <login>', 'the approver')
      .option('--comment <text>', verb === 'deny' ? 'why (required; the requester sees it)' : 'a comment')
      .option('--duration <duration>', 'approve a shorter time than asked (approve only)')
      .action(async (id: string, flags: { as: string; comment?: string; duration?: string }) =>
        withAccess(async (g) => {
          if (verb === 'deny' && !flags.comment) throw new CliUsageError('Say why with --comment "…": the requester sees it.');
          await g.access.requests.decide(id, {
            by: flags.as,
            approved: verb === 'approve',
            comment: flags.comment ?? null,
            ...(flags.duration && verb === 'approve' ? { durationMs: durationFlag(flags.duration, '--duration') } : {}),
          });
          await g.engine.runUntilIdle();
          const request = await g.access.requests.get(id);
          const pending = await g.access.requests.pendingApproval(id);
          process.stdout.write(`${verb === 'approve' ? 'Approved' : 'Denied'}; ${id} is ${request.status}${pending ? `, waiting for ${pending.approvers.join(', ')}` : ''}\n`);
        }),
      );
  }

  access
    .command('extend <requestId>')
    .description('Extend active access (through the same policy: its maximum and approvals)')
    .requiredOption('--as <login>', 'who is asking')
    .requiredOption('--duration <duration>', 'how much longer (2h, 1d)')
    .option('--justification <text>', 'why')
    .action(async (id: string, flags: { as: string; duration: string; justification?: string }) =>
      withAccess(async (g) => {
        await g.access.requests.extend(id, { by: flags.as, durationMs: durationFlag(flags.duration, '--duration'), justification: flags.justification ?? null });
        await g.engine.runUntilIdle();
        const request = await g.access.requests.get(id);
        const x = request.extensions.at(-1);
        process.stdout.write(x?.status === 'approved' ? `Extended: ${id} now ends ${isoTime(request.endsAt)}\n` : `Extension ${x?.status ?? 'asked'}; ${id} still ends ${isoTime(request.endsAt)}\n`);
      }),
    );

  access
    .command('shorten <requestId>')
    .description('End active access sooner')
    .requiredOption('--as <login>', 'who is acting')
    .requiredOption('--remaining <duration>', 'how long it should still last (0m ends it now)')
    .action(async (id: string, flags: { as: string; remaining: string }) =>
      withAccess(async (g) => {
        const request = await g.access.requests.shorten(id, { by: flags.as, endsAt: g.clock.now() + (flags.remaining.trim() === '0' ? 0 : durationFlag(flags.remaining, '--remaining')) });
        process.stdout.write(`Shortened: ${id} ends ${isoTime(request.endsAt)}\n`);
      }),
    );

  access
    .command('revoke <requestId>')
    .description('End active access now')
    .requiredOption('--as <login>', 'who is acting')
    .requiredOption('--reason <text>', 'why (the person is told)')
    .action(async (id: string, flags: { as: string; reason: string }) =>
      withAccess(async (g) => {
        const request = await g.access.requests.revoke(id, { by: flags.as, reason: flags.reason });
        process.stdout.write(`Revoked: ${id} (${request.forUser} removed from ${request.resourceId}/${request.roleId})\n`);
      }),
    );

  access
    .command('cancel <requestId>')
    .description('Withdraw a pending request')
    .requiredOption('--as <login>', 'who is acting')
    .option('--reason <text>', 'why')
    .action(async (id: string, flags: { as: string; reason?: string }) =>
      withAccess(async (g) => {
        await g.access.requests.cancel(id, { by: flags.as, ...(flags.reason ? { reason: flags.reason } : {}) });
        process.stdout.write(`Cancelled: ${id}\n`);
      }),
    );

  access
    .command('grants')
    .description('Active time-bound grants')
    .option('--user <login>', 'of this person')
    .option('--json', 'print JSON', false)
    .action(async (flags: { user?: string; json: boolean }) =>
      withAccess(async (g) => {
        const userId = flags.user ? ((await g.access.directory.getUser(flags.user))?.id ?? flags.user) : undefined;
        const grants = await g.access.requests.listActive(userId ? { userId } : {});
        if (flags.json) return printJson(grants);
        const now = g.clock.now();
        printTable(grants, [
          { header: 'REQUEST', value: (x) => x.requestId },
          { header: 'RESOURCE', value: (x) => `${x.resourceId}/${x.roleId}` },
          { header: 'USER', value: (x) => x.login },
          { header: 'SINCE', value: (x) => isoTime(x.grantedAt) },
          { header: 'LEFT', value: (x) => (x.endsAt === null ? 'no end' : formatDuration(Math.max(0, x.endsAt - now))) },
        ]);
      }),
    );

  // The catalog: resources, policies, profiles, each from JSON files.
  const kinds = [
    { name: 'resources', one: 'resource', help: 'Requestable resources (Okta groups, and apps through their groups) with roles' },
    { name: 'policies', one: 'policy', help: 'Access policies: durations, justification, approval steps, auto-approval' },
    { name: 'profiles', one: 'profile', help: 'Eligibility profiles: who may request' },
  ] as const;
  for (const kind of kinds) {
    const cmd = access.command(kind.name).description(kind.help);
    cmd
      .command('list')
      .option('--json', 'print JSON', false)
      .action(async (flags: { json: boolean }) =>
        withAccess(async (g) => {
          const { catalog } = g.access;
          if (kind.name === 'resources') {
            const list = await catalog.listResources();
            if (flags.json) return printJson(list);
            return printTable(list, [
              { header: 'ID', value: (r) => r.id },
              { header: 'NAME', value: (r) => r.name },
              { header: 'KIND', value: (r) => r.kind },
              { header: 'ROLES', value: (r) => r.roles.map((x) => x.id).join(', ') },
              { header: 'POLICY', value: (r) => r.policyId },
              { header: 'VISIBILITY', value: (r) => r.visibility },
            ]);
          }
          if (kind.name === 'policies') {
            const list = await catalog.listPolicies();
            if (flags.json) return printJson(list);
            return printTable(list, [
              { header: 'ID', value: (p) => p.id },
              { header: 'NAME', value: (p) => p.name },
              { header: 'MAX', value: (p) => (p.maxDurationMs === null ? 'indefinite' : formatDuration(p.maxDurationMs)) },
              { header: 'STEPS', value: (p) => p.steps.map((s) => s.name).join(' → ') || 'none' },
              { header: 'JUSTIFY', value: (p) => (p.requireJustification ? 'yes' : 'no') },
            ]);
          }
          const list = await catalog.listProfiles();
          if (flags.json) return printJson(list);
          printTable(list, [
            { header: 'ID', value: (p) => p.id },
            { header: 'NAME', value: (p) => p.name },
            { header: 'RULES', value: (p) => String(p.rules.length) },
          ]);
        }),
      );
    cmd
      .command('set <file>')
      .description(`Create or replace a ${kind.one} (or a list of them) from a JSON file`)
      .option('--as <login>', 'who is changing it', 'admin')
      .action(async (file: string, flags: { as: string }) =>
        withAccess(async (g) => {
          const value = await readJsonFile(file);
          for (const item of Array.isArray(value) ? value : [value]) {
            const saved =
              kind.name === 'resources' ? await g.access.catalog.putResource(item, flags.as) : kind.name === 'policies' ? await g.access.catalog.putPolicy(item, flags.as) : await g.access.catalog.putProfile(item, flags.as);
            process.stdout.write(`Saved ${kind.one} ${saved.id}\n`);
          }
        }),
      );
    cmd
      .command('remove <id>')
      .option('--as <login>', 'who is changing it', 'admin')
      .action(async (id: string, flags: { as: string }) =>
        withAccess(async (g) => {
          await g.access.catalog.remove(kind.one, id, flags.as);
          process.stdout.write(`Removed ${kind.one} ${id}\n`);
        }),
      );
  }

  const directory = program.command('directory').description('The mirror of the Okta directory that access requests, reviews and chat read');
  directory
    .command('sync')
    .description('Sync now: from the System Log since the last sync, or everything with --full')
    .option('--full', 'read the whole directory again (heals drift)', false)
    .option('--json', 'print JSON', false)
    .action(async (flags: { full: boolean; json: boolean }) =>
      withGatehouse(async (g) => {
        const report = flags.full ? await g.access.sync.full() : await g.access.sync.incremental();
        if (flags.json) return printJson(report);
        const c = report.changes;
        process.stdout.write(
          `${report.kind === 'full' ? 'Full' : 'Incremental'} sync: ${report.requests} Okta requests in ${formatDuration(report.durationMs)}; users ${c.users}, groups ${c.groups}, memberships ${c.memberships}, apps ${c.apps}, app assignments ${c.appAssignments}\n`,
        );
      }),
    );
  directory
    .command('status')
    .description('What the mirror holds and when it was last synced')
    .option('--json', 'print JSON', false)
    .action(async (flags: { json: boolean }) =>
      withGatehouse(async (g) => {
        const status = await g.access.sync.status();
        if (flags.json) return printJson(status);
        process.stdout.write(
          `users ${status.users}, groups ${status.groups}, apps ${status.apps}, memberships ${status.memberships}\nlast full sync ${isoTime(status.lastFullSyncAt)}, last incremental ${isoTime(status.lastIncrementalSyncAt)}\n` +
            `scheduled syncs: ${status.scheduler.leader ? `run by ${status.scheduler.leader}${status.scheduler.leader === status.scheduler.thisProcess ? ' (this process)' : ''}, lease until ${isoTime(status.scheduler.leaseUntil)}` : 'not running (no gatehouse serve holds the lease)'}\n`,
        );
      }),
    );
}
