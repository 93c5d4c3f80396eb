/**
 * `gatehouse reviews list|create|show|launch|items|decide|close|evidence` (access review campaigns)
 * and `gatehouse access history` (who held a resource, since when, and what Gatehouse did to it).
 * Thin: flags are parsed here, everything else is the review service (`g.access.reviews`).
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { Option } from 'commander';
import { parseDuration } from '../../common/duration.ts';
import type { Reviews } from '../../access/reviews/campaigns.ts';
import { describePath, itemOutcome } from '../../access/reviews/evidence.ts';
import type { HistoryResourceKind } from '../../access/reviews/history.ts';
import type { Campaign, CampaignInput, CampaignProgress, ReviewerSource, ReviewItem, ReviewScope } from '../../access/reviews/model.ts';
import type { Gatehouse } from '../../main.ts';
import { exitCodes } from '../exit-codes.ts';
import { CliUsageError, printJson, printTable, isoTime } from '../output.ts';
import { withGatehouse } from '../with-gatehouse.ts';

/** Opens Gatehouse with a mirrored directory, runs `fn` on the review service, then lets due engine work run. */
const withReviews = <T>(fn: (reviews: Reviews, g: Gatehouse) => Promise<T>) =>
  withGatehouse(async (g) => {
    await g.refreshDirectory();
    const result = await fn(g.access.reviews, g);
    await g.engine.runUntilIdle();
    return result;
  });

const list = (value: string) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** `--due 2026-03-31`, `--due 2026-03-31T17:00:00Z` or `--due 14d` (from now). */
function dueFlag(value: string, now: number): number {
  if (/^\d+(ms|s|m|h|d|w)$/.test(value.trim())) return now + parseDuration(value.trim());
  const at = Date.parse(value);
  if (Number.isNaN(at)) throw new CliUsageError(`--due takes a date (2026-03-31 or 2026-03-31T17:00:00Z) or a duration from now (14d, 36h); got '${value}'.`);
  return at;
}

function reviewersFlag(value: string): ReviewerSource {
  if (value === 'manager' || value === 'owners') return { kind: value };
  const m = /^users:(.+)$/.exec(value);
  if (m) return { kind: 'users', logins: list(m[1]!) };
  throw new CliUsageError(`--reviewers takes manager, owners or users:jane@acme.example,li@acme.example; got '${value}'.`);
}

function printCampaigns(rows: Campaign[]): void {
  printTable(rows, [
    { header: 'CAMPAIGN', value: (c) => c.id },
    { header: 'NAME', value: (c) => c.name },
    { header: 'STATUS', value: (c) => c.status },
    { header: 'SCOPE', value: (c) => describeScope(c.scope) },
    { header: 'REVIEWERS', value: (c) => (c.reviewers.kind === 'users' ? c.reviewers.logins.join(',') : c.reviewers.kind) },
    { header: 'ITEMS', value: (c) => String(c.itemCount) },
    { header: 'DUE', value: (c) => isoTime(c.dueAt) },
  ]);
}

const describeScope = (s: ReviewScope) => (s.kind === 'apps' ? `apps ${s.appIds.join(',')}` : s.kind === 'groups' ? `groups ${s.groupIds.join(',')}` : `department ${s.department}`);

function printProgress(c: Campaign, p: CampaignProgress): void {
  const out = process.stdout;
  out.write(`${c.id}  ${c.name}  ${c.status.toUpperCase()}${p.overdue ? ' (OVERDUE)' : ''}\n`);
  out.write(`Scope: ${describeScope(c.scope)}; reviewers: ${c.reviewers.kind}${c.fallbackReviewer ? `, fallback ${c.fallbackReviewer}` : ''}; revokes ${c.revokeMode === 'on_decision' ? 'on decision' : 'at close'}\n`);
  out.write(`Due ${isoTime(c.dueAt)}; launched ${isoTime(c.launchedAt)}; closed ${isoTime(c.closedAt)}\n`);
  out.write(`Progress: ${p.decided}/${p.total} decided (${p.percent}%): ${p.kept} kept, ${p.revoked} revoked, ${p.reassigned} reassigned, ${p.open} open\n`);
  out.write(`Revocations: ${p.revocations.applied} applied, ${p.revocations.pending} pending, ${p.revocations.failed} failed, ${p.revocations.needsOktaChange} need a change in Okta\n`);
  if (p.byReviewer.length > 0) {
    out.write('\n');
    printTable(p.byReviewer, [
      { header: 'REVIEWER', value: (r) => r.reviewer },
      { header: 'ITEMS', value: (r) => String(r.total) },
      { header: 'OPEN', value: (r) => String(r.open) },
    ]);
  }
}

function printItems(rows: ReviewItem[]): void {
  printTable(rows, [
    { header: 'ITEM', value: (i) => i.id },
    { header: 'USER', value: (i) => i.login },
    { header: 'RESOURCE', value: (i) => `${i.resource.kind}:${i.resource.name}` },
    { header: 'HOW', value: (i) => i.how.map(describePath).join('; ') },
    { header: 'SINCE', value: (i) => isoTime(i.since) },
    { header: 'REVIEWERS', value: (i) => i.reviewers.join(',') },
    { header: 'OUTCOME', value: (i) => itemOutcome(i) },
  ]);
}

/** Registers `gatehouse reviews …` and `gatehouse access history` (call after registerAccessCommands, which creates `access`). */
export function registerReviewCommands(program: Command): void {
  const reviews = program.command('reviews').description('Access reviews: certification campaigns, decisions and evidence');
  reviews
    .command('list')
    .description('Campaigns, newest first')
    .addOption(new Option('--status <status>', 'only these').choices(['draft', 'active', 'closed']))
    .option('--json', 'print JSON', false)
    .action(async (flags: { status?: Campaign['status']; json: boolean }) =>
      withReviews(async (r) => {
        const rows = await r.list(flags.status ? { status: flags.status } : {});
        if (flags.json) return printJson(rows);
        printCampaigns(rows);
      }),
    );
  reviews
    .command('create')
    .description('Create a campaign (a draft; --launch to start it at once)')
    .requiredOption('--name <name>', 'what reviewers see')
    .option('--description <text>', 'why the review happens', '')
    .option('--apps <ids>', 'review these apps (ids or labels, comma-separated)')
    .option('--groups <ids>', 'review these groups (ids or names, comma-separated)')
    .option('--department <name>', 'review everything the people of a department hold')
    .option('--reviewers <who>', 'manager, owners, or users:<login>,<login>', 'manager')
    .option('--fallback <login>', 'reviews what nobody else can (no manager, no owner, own access)')
    .requiredOption('--due <when>', 'due date (2026-03-31) or duration from now (14d)')
    .option('--remind-every <duration>', 'remind reviewers with open items this often (e.g. 1d); "never" to not', '1d')
    .addOption(new Option('--revoke <when>', 'apply revokes at once or when the campaign closes').choices(['on_decision', 'at_close']).default('at_close'))
    .addOption(new Option('--undecided <what>', 'what closing does to undecided items').choices(['leave', 'revoke']).default('leave'))
    .option('--as <login>', 'who creates it', 'admin')
    .option('--launch', 'launch it right away', false)
    .option('--json', 'print JSON', false)
    .action(
      async (flags: {
        name: string;
        description: string;
        apps?: string;
        groups?: string;
        department?: string;
        reviewers: string;
        fallback?: string;
        due: string;
        remindEvery: string;
        revoke: 'on_decision' | 'at_close';
        undecided: 'leave' | 'revoke';
        as: string;
        launch: boolean;
        json: boolean;
      }) =>
        withReviews(async (r, g) => {
          const scopes = [flags.apps, flags.groups, flags.department].filter((s) => s !== undefined);
          if (scopes.length !== 1) throw new CliUsageError('Give exactly one of --apps, --groups or --department.');
          let scope: ReviewScope;
          if (flags.apps !== undefined) {
            const ids = await Promise.all(list(flags.apps).map(async (a) => (await g.access.directory.getApp(a))?.id ?? a));
            scope = { kind: 'apps', appIds: ids };
          } else if (flags.groups !== undefined) {
            const ids = await Promise.all(list(flags.groups).map(async (x) => (await g.access.directory.getGroup(x))?.id ?? x));
            scope = { kind: 'groups', groupIds: ids };
          } else scope = { kind: 'department', department: flags.department! };
          let reminderEveryMs: number | null = null;
          if (flags.remindEvery !== 'never') {
            try {
              reminderEveryMs = parseDuration(flags.remindEvery);
            } catch (error) {
              throw new CliUsageError(`--remind-every takes a duration such as 1d or 12h, or "never": ${(error as Error).message}`);
            }
          }
          const input: CampaignInput = {
            name: flags.name,
            description: flags.description,
            scope,
            reviewers: reviewersFlag(flags.reviewers),
            fallbackReviewer: flags.fallback ?? null,
            dueAt: dueFlag(flags.due, Date.now()),
            reminderEveryMs,
            revokeMode: flags.revoke,
            undecidedAtClose: flags.undecided,
          };
          let campaign = await r.create(input, flags.as);
          if (flags.launch) campaign = await r.launch(campaign.id, flags.as);
          if (flags.json) return printJson(campaign);
          process.stdout.write(`${flags.launch ? 'Launched' : 'Created'} ${campaign.id} (${campaign.name})${flags.launch ? `: ${campaign.itemCount} item(s) to review` : `; launch it with: gatehouse reviews launch ${campaign.id}`}\n`);
        }),
    );
  reviews
    .command('show <id>')
    .description('A campaign and its progress')
    .option('--json', 'print JSON', false)
    .action(async (id: string, flags: { json: boolean }) =>
      withReviews(async (r) => {
        const [campaign, progress] = [await r.get(id), await r.progress(id)];
        if (flags.json) return printJson({ campaign, progress });
        printProgress(campaign, progress);
      }),
    );
  reviews
    .command('launch <id>')
    .description('Launch a draft: generate its items from the directory and tell the reviewers')
    .option('--as <login>', 'who launches it', 'admin')
    .action(async (id: string, flags: { as: string }) =>
      withReviews(async (r) => {
        const campaign = await r.launch(id, flags.as);
        process.stdout.write(`Launched ${campaign.id}: ${campaign.itemCount} item(s) to review by ${isoTime(campaign.dueAt)}.\n`);
      }),
    );
  reviews
    .command('items <id>')
    .description("A campaign's items")
    .option('--reviewer <login>', 'only what this reviewer may decide')
    .option('--open', 'only undecided items', false)
    .option('--decided', 'only decided items', false)
    .option('--json', 'print JSON', false)
    .action(async (id: string, flags: { reviewer?: string; open: boolean; decided: boolean; json: boolean }) =>
      withReviews(async (r) => {
        if (flags.open && flags.decided) throw new CliUsageError('Give --open or --decided, not both.');
        const rows = await r.items(id, { ...(flags.reviewer ? { reviewer: flags.reviewer } : {}), ...(flags.open ? { decided: false } : flags.decided ? { decided: true } : {}) });
        if (flags.json) return printJson(rows);
        printItems(rows);
      }),
    );
  reviews
    .command('decide <itemIds...>')
    .description('Decide one or more items: keep, revoke, or reassign to another reviewer')
    .addOption(new Option('--outcome <outcome>', 'the decision').choices(['keep', 'revoke', 'reassign']).makeOptionMandatory())
    .requiredOption('--as <login>', 'the reviewer deciding')
    .option('--comment <text>', 'why', '')
    .option('--to <login>', 'the new reviewer (with --outcome reassign)')
    .option('--json', 'print JSON', false)
    .action(async (itemIds: string[], flags: { outcome: 'keep' | 'revoke' | 'reassign'; as: string; comment: string; to?: string; json: boolean }) =>
      withReviews(async (r) => {
        if (flags.outcome === 'reassign' && !flags.to) throw new CliUsageError('--outcome reassign needs --to <login>, the new reviewer.');
        const result = await r.decideMany(itemIds, { by: flags.as, outcome: flags.outcome, comment: flags.comment, ...(flags.to ? { reassignTo: flags.to } : {}) });
        if (flags.json) printJson(result);
        else {
          for (const i of result.decided) process.stdout.write(`${i.id}  ${i.login} on ${i.resource.name}: ${i.decision ? itemOutcome(i) : `reassigned to ${i.reviewers.join(',')}`}${i.change?.error ? ` — ${i.change.error.message}` : ''}\n`);
          for (const x of result.refused) process.stderr.write(`${x.itemId}: refused (${x.code}): ${x.message}\n`);
        }
        if (result.refused.length > 0) process.exitCode = exitCodes.failed;
      }),
    );
  reviews
    .command('close <id>')
    .description('Close a campaign: no more decisions; revokes still to make are applied')
    .option('--as <login>', 'who closes it', 'admin')
    .option('--json', 'print JSON', false)
    .action(async (id: string, flags: { as: string; json: boolean }) =>
      withReviews(async (r) => {
        const result = await r.close(id, flags.as);
        if (flags.json) return printJson(result);
        process.stdout.write(`Closed ${id}: ${result.revoked} revoked, ${result.failed} failed, ${result.needsOktaChange} need a change in Okta, ${result.undecided} not reviewed.\n`);
        if (result.failed > 0) {
          process.stdout.write(`Run 'gatehouse reviews close ${id}' again to retry the failed revokes.\n`);
          process.exitCode = exitCodes.failed;
        }
      }),
    );
  reviews
    .command('evidence <id>')
    .description('Export the evidence an auditor takes away')
    .addOption(new Option('--format <format>', 'output format').choices(['json', 'csv']).default('json'))
    .option('--out <file>', 'write to a file instead of stdout')
    .action(async (id: string, flags: { format: 'json' | 'csv'; out?: string }) =>
      withReviews(async (r) => {
        const body = await r.evidence(id, flags.format);
        if (flags.out) {
          await writeFile(flags.out, body);
          process.stderr.write(`Wrote ${flags.out}\n`);
        } else process.stdout.write(body);
      }),
    );

  const access = program.commands.find((c) => c.name() === 'access') ?? program.command('access').description('Access requests, time-bound grants and what can be requested');
  access
    .command('history')
    .description('Who held a resource and since when, and what Gatehouse changed (mirror + audit log)')
    .addOption(new Option('--kind <kind>', 'what --id names').choices(['resource', 'group', 'app']).default('resource'))
    .requiredOption('--id <id>', 'a catalog resource id, an Okta group id or an Okta app id')
    .option('--role <roleId>', "only this role of the resource")
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'))
    .action(async (flags: { kind: HistoryResourceKind; id: string; role?: string; format: 'table' | 'json' | 'csv' }) =>
      withReviews(async (r) => {
        if (flags.format === 'csv') return void process.stdout.write(await r.historyCsv(flags.kind, flags.id, flags.role));
        const entries = await r.history(flags.kind, flags.id, flags.role);
        if (flags.format === 'json') return printJson(entries);
        printTable(entries, [
          { header: 'AT', value: (e) => isoTime(e.at) },
          { header: 'EVENT', value: (e) => e.event },
          { header: 'USER', value: (e) => e.login ?? e.userId ?? '' },
          { header: 'BY', value: (e) => e.by ?? '' },
          { header: 'SOURCE', value: (e) => e.source },
          { header: 'DETAIL', value: (e) => e.detail },
        ]);
      }),
    );
}
