import type { Command } from 'commander';
import type { OktaUser } from '../../okta/index.ts';
import { cliContext, openOkta } from '../context.ts';
import { CliUsageError, collect, printJson, printTable } from '../output.ts';

const userColumns = [
  { header: 'ID', value: (u: OktaUser) => u.id },
  { header: 'LOGIN', value: (u: OktaUser) => u.profile.login },
  { header: 'NAME', value: (u: OktaUser) => `${u.profile.firstName ?? ''} ${u.profile.lastName ?? ''}`.trim() },
  { header: 'STATUS', value: (u: OktaUser) => u.status },
  { header: 'DEPARTMENT', value: (u: OktaUser) => u.profile.department ?? '' },
];

/** Prints users as a table or JSON. */
export function printUsers(users: OktaUser[], json: boolean): void {
  if (json) printJson(users);
  else printTable(users, userColumns);
}


type LifecycleVerb = 'activate' | 'deactivate' | 'reactivate' | 'suspend' | 'unsuspend' | 'unlock' | 'reset-password' | 'expire-password' | 'reset-factors' | 'clear-sessions' | 'delete';

const lifecycleVerbs: Record<LifecycleVerb, string> = {
  activate: 'Activate a STAGED or DEPROVISIONED user',
  deactivate: 'Deactivate a user (DEPROVISIONED; direct app assignments go)',
  reactivate: 'Restart activation of a PROVISIONED or RECOVERY user',
  suspend: 'Suspend an ACTIVE user',
  unsuspend: 'Unsuspend a SUSPENDED user',
  unlock: 'Unlock a LOCKED_OUT user',
  'reset-password': 'Start a password reset (prints the reset link)',
  'expire-password': 'Expire the password: they must change it at next sign-in',
  'reset-factors': 'Reset all MFA factors',
  'clear-sessions': 'End all sessions and revoke OAuth tokens',
  delete: "Okta's delete: deactivates first; deleting a DEPROVISIONED user removes them for good",
};

/** `gatehouse users …`. */
export function registerUserCommands(program: Command): void {
  const users = program.command('users').description('Okta users');
  users
    .command('list')
    .description('List users (DEPROVISIONED ones are left out, as Okta does)')
    .option('--filter <expr>', 'Okta filter, e.g. status eq "ACTIVE"')
    .option('-q, --query <text>', 'starts-with on first name, last name or email')
    .option('--limit <n>', 'stop after n users', (v) => Number(v))
    .option('--json', 'print JSON', false)
    .action(async (flags: { filter?: string; query?: string; limit?: number; json: boolean }) => {
      const { okta } = await openOkta(await cliContext());
      const list = await collect('users', okta.users.list({ ...(flags.filter ? { filter: flags.filter } : {}), ...(flags.query ? { q: flags.query } : {}) }), flags.limit);
      printUsers(list, flags.json);
    });
  users
    .command('search <expression>')
    .description('Search users, e.g. profile.department eq "Engineering" (case-insensitive, includes DEPROVISIONED)')
    .option('--limit <n>', 'stop after n users', (v) => Number(v))
    .option('--json', 'print JSON', false)
    .action(async (expression: string, flags: { limit?: number; json: boolean }) => {
      const { okta } = await openOkta(await cliContext());
      printUsers(await collect('users', okta.users.list({ search: expression }), flags.limit), flags.json);
    });
  users
    .command('get <idOrLogin>')
    .description('Show one user')
    .option('--json', 'print JSON', false)
    .action(async (id: string, flags: { json: boolean }) => {
      const { okta } = await openOkta(await cliContext());
      const user = await okta.users.get(id);
      if (flags.json) return printJson(user);
      printUsers([user], false);
      const groups = await okta.users.groups(user.id);
      process.stdout.write(`\nGroups: ${groups.map((g) => g.profile.name).join(', ') || 'none'}\n`);
    });
  users
    .command('create')
    .description('Create a user')
    .requiredOption('--login <login>', 'login (an email address)')
    .requiredOption('--first-name <name>', 'first name')
    .requiredOption('--last-name <name>', 'last name')
    .option('--email <email>', 'email (default: the login)')
    .option('--department <name>', 'department')
    .option('--group <id...>', 'groups to add the user to')
    .option('--staged', 'create without activating (STAGED)', false)
    .option('--json', 'print JSON', false)
    .action(async (flags: { login: string; firstName: string; lastName: string; email?: string; department?: string; group?: string[]; staged: boolean; json: boolean }) => {
      const { okta } = await openOkta(await cliContext());
      const user = await okta.users.create({
        profile: { login: flags.login, email: flags.email ?? flags.login, firstName: flags.firstName, lastName: flags.lastName, ...(flags.department ? { department: flags.department } : {}) },
        activate: !flags.staged,
        ...(flags.group ? { groupIds: flags.group } : {}),
      });
      printUsers([user], flags.json);
    });
  users
    .command('update <idOrLogin>')
    .description('Change profile attributes: --set title=Engineer --set department=Data')
    .requiredOption('--set <attr=value...>', 'attribute=value pairs')
    .option('--json', 'print JSON', false)
    .action(async (id: string, flags: { set: string[]; json: boolean }) => {
      const profile: Record<string, string> = {};
      for (const pair of flags.set) {
        const i = pair.indexOf('=');
        if (i <= 0) throw new CliUsageError(`--set takes attribute=value (e.g. --set title=Engineer), got '${pair}'.`);
        profile[pair.slice(0, i)] = pair.slice(i + 1);
      }
      const { okta } = await openOkta(await cliContext());
      printUsers([await okta.users.update(id, profile)], flags.json);
    });
  for (const [verb, description] of Object.entries(lifecycleVerbs) as [LifecycleVerb, string][]) {
    users
      .command(`${verb} <idOrLogin>`)
      .description(description)
      .option('--json', 'print the outcome as JSON', false)
      .action(async (idOrLogin: string, flags: { json: boolean }) => {
        const { okta } = await openOkta(await cliContext());
        const user = await okta.users.get(idOrLogin);
        const id = user.id;
        // Okta returns a one-time activation or reset link when it sends no e-mail: hand it to the admin.
        let link: string | undefined;
        switch (verb) {
          case 'activate': {
            const r = await okta.users.activate(id);
            link = r.activationUrl;
            break;
          }
          case 'reactivate':
            await okta.users.reactivate(id);
            break;
          case 'deactivate':
            await okta.users.deactivate(id);
            break;
          case 'suspend':
            await okta.users.suspend(id);
            break;
          case 'unsuspend':
            await okta.users.unsuspend(id);
            break;
          case 'unlock':
            await okta.users.unlock(id);
            break;
          case 'reset-password': {
            const r = await okta.users.resetPassword(id);
            link = r.resetPasswordUrl;
            break;
          }
          case 'expire-password':
            await okta.users.expirePassword(id);
            break;
          case 'reset-factors':
            await okta.users.resetFactors(id);
            break;
          case 'clear-sessions':
            await okta.users.clearSessions(id, { oauthTokens: true });
            break;
          case 'delete':
            await okta.users.delete(id);
            break;
        }
        const after = verb === 'delete' && user.status === 'DEPROVISIONED' ? 'DELETED' : (await okta.users.get(id)).status;
        if (flags.json) return printJson({ id, login: user.profile.login, action: verb, before: user.status, after, ...(link ? { link } : {}) });
        process.stdout.write(`${user.profile.login}: ${user.status} → ${after}\n`);
        if (link) process.stdout.write(`${verb === 'activate' ? 'Activation' : 'Reset'} link (one use; give it to the user only): ${link}\n`);
      });
  }
}
