// `gatehouse access …` and `gatehouse directory …` against a connected org (the emulator, over HTTP):
// the catalog from JSON files, a request approved by the manager, refusals with exit code 1 and the
// rule's words, "mine", revoke — each command a separate process on one data dir (issue 5).
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { connectedDataDir } from '../support/connected-data-dir.ts';
import { runGatehouse } from '../support/gatehouse-cli.ts';

let emulator: RunningEmulator;
let env: NodeJS.ProcessEnv;
let files: string;

const gatehouse = (...args: string[]) => runGatehouse(env, args);

/** An active user outside `groupId` whose manager is active, and that manager (straight from the emulator's org). */
function personWithManager(groupId: string): { login: string; id: string; manager: string } {
  const users = [...emulator.context.org.users.values()];
  for (const user of users) {
    if (emulator.context.org.members.get(groupId)?.has(user.id)) continue;
    const managerId = user.profile.managerId as string | undefined;
    const boss = managerId ? emulator.context.org.users.get(managerId) : undefined;
    if (user.status === 'ACTIVE' && boss?.status === 'ACTIVE') return { login: String(user.profile.login), id: user.id, manager: String(boss.profile.login) };
  }
  throw new Error('the demo org has no managed user');
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: 'demo' });
  ({ env } = await connectedDataDir(emulator, 'gh-cliaccess-'));
  files = await mkdtemp(join(tmpdir(), 'gh-cliaccess-files-'));
}, 60_000);
afterAll(async () => {
  await emulator.close();
});

describe('gatehouse access', () => {
  it('sets up the catalog from JSON, and a request goes from asked to approved to revoked', async () => {
    const sync = await gatehouse('directory', 'sync', '--full', '--json');
    expect(sync.code).toBe(0);
    expect(JSON.parse(sync.stdout)).toMatchObject({ kind: 'full', changes: { users: emulator.context.org.users.size } });

    await writeFile(join(files, 'policy.json'), JSON.stringify({ id: 'manager', name: 'Manager approves', maxDurationMs: 28_800_000, requireJustification: true, steps: [{ name: 'Manager', approvers: [{ kind: 'manager' }] }] }));
    await writeFile(join(files, 'resource.json'), JSON.stringify([{ id: 'datadog', kind: 'group', name: 'Datadog', policyId: 'manager', roles: [{ id: 'member', name: 'Member', groupId: 'On-call' }] }]));
    expect((await gatehouse('access', 'policies', 'set', join(files, 'policy.json'))).stdout).toContain('Saved policy manager');
    expect((await gatehouse('access', 'resources', 'set', join(files, 'resource.json'))).stdout).toContain('Saved resource datadog');
    const bad = await gatehouse('access', 'resources', 'set', join(files, 'missing.json'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Cannot read');

    const onCall = [...emulator.context.org.groups.values()].find((g) => g.profile.name === 'On-call')!;
    const person = personWithManager(onCall.id);

    const refused = await gatehouse('access', 'request', 'datadog', '--as', person.login, '--duration', '2h');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('needs a justification');

    const asked = await gatehouse('access', 'request', 'datadog', '--as', person.login, '--duration', '2h', '--justification', 'incident 42');
    expect(asked.code).toBe(0);
    expect(asked.stdout).toContain(`waiting for ${person.manager}`);
    const id = /Requested: (ar_\w+)/.exec(asked.stdout)![1]!;

    const selfApprove = await gatehouse('access', 'approve', id, '--as', person.login);
    expect(selfApprove.code).toBe(1);
    const approved = await gatehouse('access', 'approve', id, '--as', person.manager);
    expect(approved.code).toBe(0);
    expect(approved.stdout).toContain(`${id} is active`);
    expect(emulator.context.org.members.get(onCall.id)?.has(person.id)).toBe(true);

    const mine = JSON.parse((await gatehouse('access', 'mine', '--as', person.login, '--json')).stdout) as { active: { id: string }[] };
    expect(mine.active.map((r) => r.id)).toEqual([id]);
    const shown = await gatehouse('access', 'show', id);
    expect(shown.stdout).toMatch(/approval_requested[\s\S]*granted/);

    const revoked = await gatehouse('access', 'revoke', id, '--as', 'admin', '--reason', 'incident closed');
    expect(revoked.code).toBe(0);
    expect(emulator.context.org.members.get(onCall.id)?.has(person.id)).toBe(false);
    const list = JSON.parse((await gatehouse('access', 'requests', '--json')).stdout) as { id: string; status: string }[];
    expect(list).toEqual([expect.objectContaining({ id, status: 'revoked' })]);
  }, 120_000);
});
