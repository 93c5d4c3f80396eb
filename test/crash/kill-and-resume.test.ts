// Issue 4's crash test: a workflow making several Okta changes runs in `gatehouse serve` (a child
// process) that is killed with SIGKILL mid-run; restarted, the run completes, and the emulator's
// System Log shows every Okta change exactly once.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { connectedDataDir } from '../support/connected-data-dir.ts';
import { until } from '../support/until.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const sdkUrl = pathToFileURL(join(root, 'src/workflows/sdk.ts')).href;
const probes = 5;

// Each step creates a group (not idempotent: a repeat would show as a second create) and adds a
// member, then sleeps, so the process is killed between durable steps.
const probeWorkflow = `import { defineWorkflow, z } from '${sdkUrl}';
export default defineWorkflow({
  id: 'crash-probe',
  title: 'Crash probe',
  description: 'Creates groups one by one with pauses, for the crash test.',
  examples: [],
  input: z.object({ login: z.string().describe('who joins each group') }),
  access: 'team',
  async run(ctx, input) {
    const user = await ctx.okta.users.get(input.login);
    const created = [];
    for (let i = 1; i <= ${probes}; i++) {
      const group = await ctx.okta.groups.create({ name: 'crash-probe-' + i, description: 'crash test' });
      await ctx.okta.groups.addMember(group.id, user.id);
      created.push(group.id);
      await ctx.sleep('pause-' + i, '1500ms');
    }
    return { created };
  },
});
`;

let emulator: RunningEmulator;
let dataDir: string;
let env: NodeJS.ProcessEnv;
const children: ChildProcess[] = [];

async function serve(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(root, 'bin/gatehouse.js'), 'serve', '--port', '0'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${output}`)), 60_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
  });
  return { child, url };
}

async function api<T>(url: string, path: string, init: RequestInit = {}): Promise<T> {
  const token = (await readFile(join(dataDir, 'api-token'), 'utf8')).trim();
  const res = await fetch(`${url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });
  const body = (await res.json()) as T;
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path} → ${res.status}: ${JSON.stringify(body)}`);
  return body;
}

type LoggedEvent = { eventType: string; target: { id: string; displayName: string }[] };
const events = (type: string) => emulator.context.org.logs.map((r) => r.event as unknown as LoggedEvent).filter((e) => e.eventType === type);
const probeCreates = () => events('group.lifecycle.create').filter((e) => e.target.some((t) => t.displayName.startsWith('crash-probe-')));


beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: 'demo' });
  ({ dataDir, env } = await connectedDataDir(emulator, 'gh-crash-'));
  await mkdir(join(dataDir, 'workflows'), { recursive: true });
  await writeFile(join(dataDir, 'workflows', 'crash-probe.ts'), probeWorkflow);
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await emulator?.close();
});

describe('a run killed with SIGKILL mid-run', () => {
  it('completes after a restart, with every Okta change made exactly once', async () => {
    const login = [...emulator.context.org.users.values()].find((u) => u.status === 'ACTIVE')?.profile.login as string;
    const first = await serve();
    const { runId } = await api<{ runId: string }>(first.url, '/api/v1/workflows/crash-probe/runs', { method: 'POST', body: JSON.stringify({ input: { login } }) });

    // Kill it while it sleeps between changes, once two groups exist.
    await until('two probe groups and a sleeping run', async () => {
      if (probeCreates().length < 2) return undefined;
      const { run } = await api<{ run: { status: string } }>(first.url, `/api/v1/runs/${runId}`);
      return run.status === 'sleeping' ? true : undefined;
    }, { timeoutMs: 60_000 });
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    const createdBeforeKill = probeCreates().length;
    expect(createdBeforeKill).toBeGreaterThanOrEqual(2);
    expect(createdBeforeKill).toBeLessThan(probes);

    // Restarted, the same data dir: the run resumes from its journal.
    const second = await serve();
    const finished = await until(
      'the run to finish',
      async () => {
        const view = await api<{ run: { status: string; output: { created: string[] } | null }; steps: { stepId: string; attempts: number }[] }>(second.url, `/api/v1/runs/${runId}`);
        return ['completed', 'failed', 'cancelled'].includes(view.run.status) ? view : undefined;
      },
      { timeoutMs: 90_000 },
    );
    expect(finished.run.status).toBe('completed');
    expect(finished.run.output?.created).toHaveLength(probes);

    // Exactly once: one create per probe group, one membership add per group, no duplicate groups.
    const creates = probeCreates();
    expect(creates.map((e) => e.target[0]?.displayName).sort()).toEqual(Array.from({ length: probes }, (_, i) => `crash-probe-${i + 1}`).sort());
    const groupIds = new Set(finished.run.output?.created);
    const adds = events('group.user_membership.add').filter((e) => e.target.some((t) => groupIds.has(t.id)));
    expect(adds).toHaveLength(probes);
    const named = [...emulator.context.org.groups.values()].filter((g) => String(g.profile.name).startsWith('crash-probe-'));
    expect(named).toHaveLength(probes);
    second.child.kill('SIGTERM');
  }, 180_000);
});
