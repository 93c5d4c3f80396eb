// `gatehouse workflows …` against a connected org (the emulator, over HTTP): install on first use,
// run with a step timeline, dry run with a plan, runs list/show, and the audit trail (issue 4).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { connectedDataDir } from '../support/connected-data-dir.ts';
import { runGatehouse } from '../support/gatehouse-cli.ts';

let emulator: RunningEmulator;
let env: NodeJS.ProcessEnv;

const gatehouse = (...args: string[]) => runGatehouse(env, args);

const active = () => [...emulator.context.org.users.values()].filter((u) => u.status === 'ACTIVE');

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: 'demo' });
  ({ env } = await connectedDataDir(emulator, 'gh-cliwf-'));
});
afterAll(async () => {
  await emulator.close();
});

describe('gatehouse workflows', () => {
  it('runs a catalog workflow against the connected org and prints its timeline', async () => {
    const user = active()[0]!;
    const list = await gatehouse('workflows', 'list', '--json');
    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as { id: string }[]).map((w) => w.id)).toContain('suspend-user');

    const run = await gatehouse('workflows', 'run', 'suspend-user', '--set', `user=${String(user.profile.login)}`, '--as', 'admin@acme.example');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/COMPLETED/);
    expect(run.stdout).toContain(`okta.users.suspend("${user.id}")`);
    expect(emulator.context.org.users.get(user.id)?.status).toBe('SUSPENDED');

    const runs = await gatehouse('workflows', 'runs', '--json');
    const runId = (JSON.parse(runs.stdout) as { id: string; workflowId: string }[]).find((r) => r.workflowId === 'suspend-user')!.id;
    const shown = await gatehouse('workflows', 'show', runId, '--json');
    expect((JSON.parse(shown.stdout) as { run: { status: string } }).run.status).toBe('completed');

    const audit = await gatehouse('audit', 'list', '--action', 'okta.user.suspended', '--json');
    expect((JSON.parse(audit.stdout) as { target: string; actor: string }[])).toEqual([expect.objectContaining({ target: user.id, actor: 'admin@acme.example' })]);
    expect((await gatehouse('audit', 'verify')).code).toBe(0);
  });

  it('prints a dry-run plan and changes nothing', async () => {
    const user = active()[1]!;
    const before = emulator.context.org.logs.length;
    const plan = await gatehouse('workflows', 'run', 'offboarding', '--set', `user=${String(user.profile.login)}`, '--set', 'graceDays=0', '--dry-run');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/Dry run of offboarding: \d+ change\(s\) planned/);
    expect(plan.stdout).toMatch(/Suspend user/);
    expect(plan.stdout).toMatch(/Deactivate user/);
    expect(emulator.context.org.users.get(user.id)?.status).toBe('ACTIVE');
    expect(emulator.context.org.logs.slice(before).map((r) => r.event.eventType).filter((t) => !t.startsWith('app.oauth2.'))).toEqual([]);
  });

  it('says what is wrong with the input, with exit code 1 and no stack trace', async () => {
    const bad = await gatehouse('workflows', 'run', 'suspend-user');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/Input for workflow "suspend-user" is invalid: user/);
    expect(bad.stderr).not.toMatch(/at .*\.ts:\d+/);
    const unknown = await gatehouse('workflows', 'run', 'nope');
    expect(unknown.stderr).toMatch(/There is no workflow "nope"/);
  });
});
