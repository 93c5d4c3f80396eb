import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { formatDuration } from '../../common/duration.ts';
import type { RunView, StepView } from '../../engine/contract.ts';
import type { DryRunPlan } from '../../workflows/dry-run.ts';
import { exitCodes } from '../exit-codes.ts';
import { printJson, printTable } from '../output.ts';
import { withGatehouse } from '../with-gatehouse.ts';

/** `--set key=value` pairs; values that parse as JSON (numbers, true, arrays) are taken as such. */
function collectSet(value: string, previous: Record<string, unknown>): Record<string, unknown> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(`--set takes key=value, got '${value}'.`);
  const key = value.slice(0, eq);
  const raw = value.slice(eq + 1);
  let parsed: unknown = raw;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = raw;
  }
  return { ...previous, [key]: parsed };
}

function parseInputJson(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InvalidArgumentError(`--input must be a JSON object, like '{"user":"jane@acme.example"}': ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidArgumentError('--input must be a JSON object, like \'{"user":"jane@acme.example"}\'.');
  return value as Record<string, unknown>;
}

const time = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString().replace('.000Z', 'Z'));

/** Prints a run and its step timeline. */
export function printRun(run: RunView, steps: StepView[]): void {
  process.stdout.write(`Run ${run.id} of ${run.workflowId}: ${run.status.toUpperCase()}`);
  if (run.status === 'sleeping' && run.wakeAt) process.stdout.write(` until ${time(run.wakeAt)}`);
  if (run.status === 'waiting') process.stdout.write(` for ${run.waitKey ?? 'a signal'}${run.wakeAt ? ` (times out ${time(run.wakeAt)})` : ''}`);
  process.stdout.write('\n\n');
  printTable(steps, [
    { header: '#', value: (s) => String(s.seq) },
    { header: 'STEP', value: (s) => s.stepId },
    { header: 'STATUS', value: (s) => s.status },
    { header: 'TOOK', value: (s) => (s.endedAt === null ? '' : formatDuration(s.endedAt - s.startedAt)) },
    { header: 'ATTEMPTS', value: (s) => String(s.attempts) },
    { header: 'ERROR', value: (s) => s.error?.message ?? '' },
  ]);
  if (run.output !== null) process.stdout.write(`\nOutput: ${JSON.stringify(run.output, null, 2)}\n`);
  if (run.error) process.stdout.write(`\nError (${run.error.code}): ${run.error.message}\n`);
  if (run.status === 'sleeping' || run.status === 'waiting') process.stdout.write('\nA running `gatehouse serve` continues it when it is due.\n');
}

/** Prints a dry run's plan. */
export function printPlan(plan: DryRunPlan): void {
  process.stdout.write(`Dry run of ${plan.workflowId}: ${plan.changes.length} change(s) planned, ${plan.reads} Okta read(s) made, nothing sent.\n\n`);
  plan.changes.forEach((c, i) => process.stdout.write(`${String(i + 1).padStart(3)}. ${c.summary}\n`));
  if (plan.error) process.stdout.write(`\nThe run would stop here (${plan.error.code}): ${plan.error.message}\n`);
}

const statusExit = (run: RunView) => (run.status === 'failed' || run.status === 'cancelled' ? exitCodes.failed : exitCodes.ok);

/** `gatehouse workflows …`, `gatehouse runs …` and `gatehouse approvals …`. */
export function registerWorkflowCommands(program: Command): void {
  const workflows = program.command('workflows').description('Durable TypeScript workflows: the catalog, installed workflows, runs');
  workflows
    .command('catalog')
    .description('List the installable catalog')
    .option('--json', 'print JSON', false)
    .action(async (flags: { json: boolean }) =>
      withGatehouse(async (g) => {
        const rows = g.catalog.map((w) => ({ id: w.id, title: w.title, access: w.access, installed: g.runtime.has(w.id) }));
        if (flags.json) return printJson(rows);
        printTable(rows, [
          { header: 'ID', value: (r) => r.id },
          { header: 'TITLE', value: (r) => r.title },
          { header: 'ACCESS', value: (r) => r.access },
          { header: 'INSTALLED', value: (r) => (r.installed ? 'yes' : '') },
        ]);
      }),
    );
  workflows
    .command('list')
    .description('List installed workflows (the files in <dataDir>/workflows)')
    .option('--json', 'print JSON', false)
    .action(async (flags: { json: boolean }) =>
      withGatehouse(async (g) => {
        const rows = g.runtime.list().map((w) => ({ id: w.id, title: w.title, triggers: w.triggers.map((t) => t.type).join(', '), inputSchema: w.inputJsonSchema }));
        if (flags.json) return printJson(rows);
        printTable(rows, [
          { header: 'ID', value: (r) => r.id },
          { header: 'TITLE', value: (r) => r.title },
          { header: 'TRIGGERS', value: (r) => r.triggers },
        ]);
      }),
    );
  workflows
    .command('install <id>')
    .description('Copy a catalog workflow into the workflows folder, where you can read and change it')
    .option('--force', 'replace an installed file (the old one is kept as .bak)', false)
    .action(async (id: string, flags: { force: boolean }) =>
      withGatehouse(async (g) => {
        const { file, replaced } = await g.install(id, { force: flags.force });
        process.stdout.write(`${replaced ? 'Replaced' : 'Installed'} ${id}: ${file}\n`);
      }),
    );
  workflows
    .command('run <id>')
    .description('Run a workflow (or plan it with --dry-run) and print its step timeline')
    .option('--input <json>', 'the input as a JSON object')
    .option('--set <key=value>', 'one input field (repeatable)', collectSet, {})
    .option('--as <login>', 'who the run is for (recorded as startedBy)', 'admin')
    .option('--dry-run', 'real Okta reads, recorded unsent writes: print the plan', false)
    .option('--json', 'print JSON', false)
    .action(async (id: string, flags: { input?: string; set: Record<string, unknown>; as: string; dryRun: boolean; json: boolean }) =>
      withGatehouse(async (g) => {
        const input = { ...(flags.input ? parseInputJson(flags.input) : {}), ...flags.set };
        if (flags.dryRun) {
          const plan = await g.runtime.dryRun(id, input, { startedBy: flags.as });
          if (flags.json) printJson(plan);
          else printPlan(plan);
          process.exitCode = plan.error ? exitCodes.failed : exitCodes.ok;
          return;
        }
        const runId = await g.runtime.start(id, input, { startedBy: flags.as, meta: { surface: 'cli' } });
        await g.engine.runUntilIdle();
        const run = (await g.engine.getRun(runId)) as RunView;
        const steps = await g.engine.getSteps(runId);
        if (flags.json) printJson({ run, steps });
        else printRun(run, steps);
        process.exitCode = statusExit(run);
      }),
    );

  const runs = program.command('runs').description('Workflow runs');
  registerRunCommands(runs, { list: 'list', show: 'show', cancel: 'cancel' });
  // The same under `workflows`, as the issue names them: workflows runs|show|cancel.
  registerRunCommands(workflows, { list: 'runs', show: 'show', cancel: 'cancel' });

  const approvals = program.command('approvals').description('Approvals asked for by workflow runs');
  approvals
    .command('list')
    .description('Pending approvals (or all with --all)')
    .option('--approver <login>', 'only those this person may decide')
    .option('--all', 'include decided ones', false)
    .option('--json', 'print JSON', false)
    .action(async (flags: { approver?: string; all: boolean; json: boolean }) =>
      withGatehouse(async (g) => {
        const list = await g.approvals.list({ ...(flags.all ? {} : { status: 'pending' as const }), ...(flags.approver ? { approver: flags.approver } : {}) });
        if (flags.json) return printJson(list);
        printTable(list, [
          { header: 'APPROVAL', value: (a) => a.id },
          { header: 'WORKFLOW', value: (a) => a.workflowId },
          { header: 'REASON', value: (a) => a.reason },
          { header: 'APPROVERS', value: (a) => a.approvers.join(', ') },
          { header: 'STATUS', value: (a) => a.status },
        ]);
      }),
    );
  for (const verb of ['approve', 'deny'] as const) {
    approvals
      .command(`${verb} <approvalId>`)
      .description(verb === 'approve' ? 'Approve: the waiting run goes on' : 'Deny (give a reason with --comment)')
      .requiredOption('--as <login>', 'the approver deciding')
      .option('--comment <text>', 'a comment or reason')
      .action(async (approvalId: string, flags: { as: string; comment?: string }) =>
        withGatehouse(async (g) => {
          if (verb === 'deny' && !flags.comment) {
            process.stderr.write('Say why with --comment "…": the requester sees it.\n');
            process.exitCode = exitCodes.usage;
            return;
          }
          const record = await g.approvals.decide(approvalId, { by: flags.as, approved: verb === 'approve', comment: flags.comment ?? null });
          await g.engine.runUntilIdle();
          process.stdout.write(`${record.status === 'approved' ? 'Approved' : 'Denied'} ${approvalId}; run ${record.runId}: ${(await g.engine.getRun(record.runId))?.status}\n`);
        }),
      );
  }
}

/** Registers the run commands under `parent` with the given verbs. */
function registerRunCommands(parent: Command, names: { list: string; show: string; cancel: string }): void {
  parent
    .command(names.list)
    .description('Recent runs')
    .option('--workflow <id>', 'only this workflow')
    .option('--status <status>', 'only runs in this status')
    .option('--json', 'print JSON', false)
    .action(async (flags: { workflow?: string; status?: RunView['status']; json: boolean }) =>
      withGatehouse(async (g) => {
        const list = await g.engine.listRuns({ ...(flags.workflow ? { workflowId: flags.workflow } : {}), ...(flags.status ? { status: flags.status } : {}), limit: 100 });
        if (flags.json) return printJson(list);
        printTable(list, [
          { header: 'RUN', value: (r) => r.id },
          { header: 'WORKFLOW', value: (r) => r.workflowId },
          { header: 'STATUS', value: (r) => r.status },
          { header: 'STARTED', value: (r) => time(r.createdAt) },
          { header: 'BY', value: (r) => String(r.meta.startedBy ?? '') },
        ]);
      }),
    );
  parent
    .command(`${names.show} <runId>`)
    .description('A run with its step timeline')
    .option('--json', 'print JSON', false)
    .action(async (runId: string, flags: { json: boolean }) =>
      withGatehouse(async (g) => {
        const run = await g.engine.getRun(runId);
        if (!run) {
          process.stderr.write(`There is no run "${runId}"; gatehouse runs list shows recent ones.\n`);
          process.exitCode = exitCodes.usage;
          return;
        }
        const steps = await g.engine.getSteps(runId);
        if (flags.json) printJson({ run, steps });
        else printRun(run, steps);
      }),
    );
  parent
    .command(`${names.cancel} <runId>`)
    .description('Cancel a live run: it makes no further step')
    .option('--reason <text>', 'why')
    .action(async (runId: string, flags: { reason?: string }) =>
      withGatehouse(async (g) => {
        if (!(await g.engine.getRun(runId))) {
          process.stderr.write(`There is no run "${runId}".\n`);
          process.exitCode = exitCodes.usage;
          return;
        }
        if (await g.engine.cancel(runId, flags.reason, 'cli')) await g.approvals.cancelForRun(runId, 'cli');
        process.stdout.write(`Run ${runId}: ${(await g.engine.getRun(runId))?.status}\n`);
      }),
    );
}
