// The web console in Debian's Chromium, driven by playwright-core, against `gatehouse serve` on the
// embedded demo org (issue 7): connect with the -admin host and see the fix; connect with good values
// and see the test table; install and run a workflow and follow its timeline; approve a request and
// decide a review item as the manager signed in with Okta; a requester cannot open admin pages.
// Each page's screenshot is saved under artifacts/screenshots/ (not committed).
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirUser } from '../../src/access/index.ts';
import { loadConfig } from '../../src/config/index.ts';
import { DEMO_PASSWORD } from '../../src/emulator/state/sign-in.ts';
import { startGatehouse, type RunningGatehouse } from '../../src/main.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const shots = join(root, 'artifacts', 'screenshots');
const chromiumPath = process.env.GATEHOUSE_CHROMIUM ?? '/usr/bin/chromium';
let running: RunningGatehouse;
let browser: Browser;
let token: string;
let person: DirUser;
let manager: DirUser;

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

/** A fresh browser context signed in with the API token (the bootstrap admin). */
async function asAdmin(): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
  await page.goto(running.url);
  await page.getByTestId('sign-in-token').fill(token);
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('current-user').waitFor();
  return page;
}

/** A fresh context signed in with Okta (the emulator's sign-in page) as `user`. */
async function asOktaUser(user: DirUser): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
  await page.goto(running.url);
  await page.getByTestId('sign-in-okta').click();
  await page.locator('#username').fill(user.login);
  await page.locator('#password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign In' }).click();
  await page.getByTestId('current-user').waitFor({ timeout: 15_000 }).catch(async (error: unknown) => {
    throw new Error(`Okta sign-in as ${user.login} did not land signed in: ${page.url()} shows "${(await page.locator('body').innerText()).slice(0, 1200).replace(/\s+/g, ' ')}"`, { cause: error });
  });
  return page;
}

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  const dataDir = await mkdtemp(join(tmpdir(), 'gh-browser-'));
  const config = loadConfig({ GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_SECRET_KEY: randomBytes(32).toString('base64') }, dataDir);
  running = await startGatehouse(config, { port: 0 });
  token = (await readFile(running.apiTokenFile, 'utf8')).trim();
  const { access } = running.gatehouse;
  await access.sync.full();
  const admins = (await access.directory.getGroup('Admins - IT'))!.id;
  for (const user of await access.directory.listUsers({ status: 'ACTIVE', limit: 2_000 })) {
    const boss = await access.directory.managerOf(user.id);
    if (boss?.status === 'ACTIVE' && !(await access.directory.isMember(admins, user.id)) && !(await access.directory.isMember(admins, boss.id))) {
      person = user;
      manager = boss;
      break;
    }
  }
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await running?.close();
});

describe('the web console', () => {
  it('connect: the -admin host is refused with the fix; good values are saved and the test table shows what works', async () => {
    const page = await asAdmin();
    await page.getByTestId('nav-applications').click();
    await page.getByTestId('app-card-okta').waitFor();
    await shot(page, 'applications');
    await page.getByTestId('okta-connect').click();
    await page.getByTestId('okta-field-instanceId').fill('mycompany-admin.okta.com');
    await page.getByTestId('okta-field-instanceId').blur();
    await expect.poll(async () => page.getByTestId('okta-connect-form').innerText(), { timeout: 10_000 }).toContain('without -admin');
    await shot(page, 'connect-admin-host');

    const { credential } = running.gatehouse.emulator!;
    await page.getByTestId('okta-field-instanceId').fill(running.gatehouse.emulator!.url);
    await page.getByTestId('okta-allow-insecure').check();
    await page.getByTestId('okta-field-clientId').fill(credential.clientId);
    await page.getByTestId('okta-field-clientSecret').fill(JSON.stringify(credential.privateKey));
    await page.getByTestId('okta-field-scopes').fill(credential.scopes.join(', '));
    await page.getByTestId('okta-field-scopes').blur();
    await page.getByTestId('okta-save').click();
    await page.getByTestId('okta-test-report').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('okta-saved').isVisible()).toBe(true);
    const rows = await page.locator('[data-testid^="capability-"]').count();
    expect(rows).toBeGreaterThan(3);
    expect(await page.getByTestId('capability-okta.users.read').innerText()).toMatch(/works|ok|✓/i);
    await shot(page, 'connect-report');

    // Connected: status and scopes; Disconnect (behind a confirmation) goes back to the embedded demo org.
    await page.getByTestId('okta-go-connected').click();
    await expect.poll(async () => (await page.getByTestId('okta-connection-status').innerText()).toLowerCase()).toBe('connected');
    await shot(page, 'connected');
    await page.getByTestId('okta-disconnect').click();
    await page.getByTestId('confirm-ok').click();
    await expect.poll(async () => (await page.getByTestId('okta-connection-status').innerText()).toLowerCase(), { timeout: 10_000 }).toBe('embedded demo org');
    expect(running.gatehouse.current().mode).toBe('emulator');
  }, 90_000);

  it('installs and runs a workflow, and follows its timeline to the end', async () => {
    const page = await asAdmin();
    await page.goto(`${running.url}/workflows/catalog`);
    const install = page.getByTestId('catalog-install-suspend-user').or(page.getByTestId('catalog-reinstall-suspend-user'));
    await install.first().click();
    await shot(page, 'workflow-catalog');
    await page.goto(`${running.url}/workflows/suspend-user`);
    await page.getByTestId('input-user').fill(person.login);
    await page.getByTestId('workflow-run').click();
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('run-status').waitFor({ timeout: 20_000 });
    await expect.poll(async () => (await page.getByTestId('run-status').innerText()).toLowerCase(), { timeout: 30_000 }).toContain('completed');
    expect(await page.getByTestId('run-step').count()).toBeGreaterThan(0);
    await shot(page, 'run-timeline');
    expect(running.gatehouse.emulator!.context.org.users.get(person.id)?.status).toBe('SUSPENDED');
    await running.gatehouse.okta.users.unsuspend(person.id);
  }, 90_000);

  it('the manager, signed in with Okta, approves a request and decides a review item', async () => {
    const { access } = running.gatehouse;
    await access.catalog.putPolicy({ id: 'manager', name: 'Manager', maxDurationMs: 86_400_000, defaultDurationMs: 3_600_000, steps: [{ name: 'Manager', approvers: [{ kind: 'manager' }] }] }, 'admin');
    await access.catalog.putResource({ id: 'on-call', kind: 'group', name: 'On-call', policyId: 'manager', roles: [{ id: 'member', name: 'Member', groupId: 'On-call' }] }, 'admin');
    const request = await access.requests.request({ by: person.login, resource: 'on-call', durationMs: 3_600_000 });
    const page = await asOktaUser(manager);
    await page.getByTestId('nav-approvals').click();
    const approvalId = `${request.id}:a1`;
    await page.getByTestId(`approve-${approvalId}`).waitFor({ timeout: 20_000 });
    await shot(page, 'approvals');
    await page.getByTestId(`approve-${approvalId}`).click();
    await page.getByTestId('decision-submit').click();
    await expect.poll(async () => (await access.requests.get(request.id)).status, { timeout: 20_000 }).toBe('active');

    const team = (await access.directory.getGroup('On-call'))!;
    const campaign = await access.reviews.create({ name: 'On-call review', scope: { kind: 'groups', groupIds: [team.id] }, reviewers: { kind: 'users', logins: [manager.login] }, fallbackReviewer: manager.login, dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString(), revokeMode: 'at_close' }, 'admin');
    await access.reviews.launch(campaign.id, 'admin');
    const items = (await access.reviews.items(campaign.id, { reviewer: manager.login })).filter((i) => i.userId !== manager.id);
    expect(items.length).toBeGreaterThan(0);
    await page.getByTestId('nav-reviews').click();
    await page.getByTestId('review-open-id').fill(campaign.id);
    await page.getByTestId('review-open').click();
    await page.getByTestId(`review-keep-${items[0]!.id}`).click();
    await page.getByTestId('review-decide-submit').click();
    await expect.poll(async () => (await access.reviews.items(campaign.id, {})).find((i) => i.id === items[0]!.id)?.decision?.outcome, { timeout: 20_000 }).toBe('keep');
    await shot(page, 'review-queue');
  }, 120_000);

  it('a requester signed in with Okta sees no admin pages, and opening one by URL says the admin role is needed', async () => {
    const page = await asOktaUser(person);
    await page.getByTestId('nav-access').waitFor();
    expect(await page.getByTestId('nav-applications').count()).toBe(0);
    expect(await page.getByTestId('nav-audit').count()).toBe(0);
    await page.goto(`${running.url}/applications/available`);
    await page.getByTestId('admin-required').waitFor();
    await shot(page, 'requester-admin-page');
    const status = await page.evaluate(async () => (await fetch('/api/v1/connections/okta')).status);
    expect(status).toBe(403);
    await page.goto(`${running.url}/access/request`);
    await page.getByTestId('access-catalog').waitFor();
    await shot(page, 'requester-access');
  }, 90_000);
});
