// `gatehouse audit verify|export` on a real SQLite store: an edited or a deleted entry is detected
// (issue 4, Audit).
import { spawnSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { createStore } from '../../src/store/index.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
let dataDir: string;

function gatehouse(...args: string[]) {
  const result = spawnSync(process.execPath, [join(root, 'bin/gatehouse.js'), ...args], { cwd: root, env: { ...process.env, GATEHOUSE_DATA_DIR: dataDir, DATABASE_URL: '' }, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'gh-audit-'));
  const store = await createStore({ kind: 'sqlite', file: join(dataDir, 'gatehouse.db') });
  await store.appendAudit({ actor: 'admin@acme.example', action: 'workflow.run_started', target: 'run-1', data: { workflowId: 'offboarding' } });
  await store.appendAudit({ actor: 'admin@acme.example', action: 'okta.user.suspended', target: '00u1', data: { oktaRequestIds: ['req-1'], note: 'a, "quoted" value' } });
  await store.appendAudit({ actor: 'boss@acme.example', action: 'approval.approved', target: 'run-1:manager', data: {} });
  await store.close();
});

const tamper = (sql: string) => {
  const db = new BetterSqlite3(join(dataDir, 'gatehouse.db'));
  db.prepare(sql).run();
  db.close();
};

describe('gatehouse audit', () => {
  it('verifies an intact chain and exports it as JSON lines and CSV', () => {
    const ok = gatehouse('audit', 'verify');
    expect(ok).toMatchObject({ code: 0 });
    expect(ok.stdout).toContain('3 entries');
    const lines = gatehouse('audit', 'export', '--format', 'jsonl').stdout.trim().split('\n').map((l) => JSON.parse(l) as { action: string; seq: number; hash: string });
    expect(lines.map((l) => l.action)).toEqual(['workflow.run_started', 'okta.user.suspended', 'approval.approved']);
    const csv = gatehouse('audit', 'export', '--format', 'csv', '--actor', 'admin@acme.example').stdout.split('\r\n');
    expect(csv[0]).toBe('seq,at,actor,action,target,data,prevHash,hash');
    expect(csv).toHaveLength(4);
    expect(csv[2]).toContain('"{""oktaRequestIds"":[""req-1""],""note"":""a, \\""quoted\\"" value""}"');
  });

  it('detects an edited entry', () => {
    tamper("update audit_log set actor = 'mallory@evil.example' where seq = 2");
    const broken = gatehouse('audit', 'verify');
    expect(broken.code).toBe(4);
    expect(broken.stderr).toMatch(/BROKEN at entry 2/);
  });

  it('detects a deleted entry', () => {
    tamper('delete from audit_log where seq = 2');
    const broken = gatehouse('audit', 'verify');
    expect(broken.code).toBe(4);
    expect(broken.stderr).toMatch(/BROKEN at entry/);
  });
});
