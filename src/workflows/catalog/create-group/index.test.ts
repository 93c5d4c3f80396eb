import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../../testing.ts';
import { collect, logCount, logEvents } from '../internal/test-kit.ts';
import workflow from './index.ts';

let t: TestRuntime;
beforeAll(async () => {
  t = await createTestRuntime({ seed: 'demo', workflows: [workflow] });
});
afterAll(async () => t.close());

describe('create-group', () => {
  it('creates an OKTA_GROUP once', async () => {
    const run = await t.run('create-group', { name: 'Data Platform', description: 'The data platform team' });
    expect(run.status).toBe('completed');
    expect(run.output).toMatchObject({ name: 'Data Platform', description: 'The data platform team', type: 'OKTA_GROUP' });
    const groups = (await collect(t.okta.groups.list({ q: 'Data Platform' }))).filter((g) => g.profile.name === 'Data Platform');
    expect(groups).toHaveLength(1);
    expect(groups[0]?.id).toBe((run.output as { groupId: string }).groupId);
    expect(logEvents(t, 'group.lifecycle.create', groups[0]?.id)).toHaveLength(1);
  });

  it('refuses a name an existing group has, ignoring case, naming that group', async () => {
    const before = logCount(t);
    const run = await t.run('create-group', { name: 'figma editors' });
    expect(run.status).toBe('failed');
    expect(run.error?.message).toMatch(/^A group named "Figma Editors" already exists \(id 00g\w+, OKTA_GROUP\)/);
    expect(logCount(t)).toBe(before);
  });

  it('plans the creation in a dry run without sending it', async () => {
    const before = logCount(t);
    const plan = await t.dryRun('create-group', { name: 'Payroll' });
    expect(plan.error).toBeNull();
    expect(plan.changes.map((c) => c.call)).toEqual(['groups.create']);
    expect(logCount(t)).toBe(before);
  });
});
