import type { Command } from 'commander';
import type { OktaApp } from '../../okta/index.ts';
import { cliContext, openOkta } from '../context.ts';
import { collect, printJson, printTable } from '../output.ts';
import { resolveGroup } from './groups.ts';

const appColumns = [
  { header: 'ID', value: (a: OktaApp) => a.id },
  { header: 'LABEL', value: (a: OktaApp) => a.label },
  { header: 'NAME', value: (a: OktaApp) => a.name },
  { header: 'STATUS', value: (a: OktaApp) => a.status },
  { header: 'SIGN-ON', value: (a: OktaApp) => a.signOnMode },
];

/** `gatehouse apps …`. */
export function registerAppCommands(program: Command): void {
  const apps = program.command('apps').description('Okta app integrations and assignments');
  apps
    .command('list')
    .description('List apps')
    .option('-q, --query <text>', 'name or label starts with')
    .option('--json', 'print JSON', false)
    .action(async (flags: { query?: string; json: boolean }) => {
      const { okta } = await openOkta(await cliContext());
      const list = await collect('apps', okta.apps.list(flags.query ? { q: flags.query } : {}));
      if (flags.json) printJson(list);
      else printTable(list, appColumns);
    });
  apps
    .command('get <appId>')
    .description('Show one app')
    .option('--json', 'print JSON', false)
    .action(async (appId: string, flags: { json: boolean }) => {
      const { okta } = await openOkta(await cliContext());
      const app = await okta.apps.get(appId);
      if (flags.json) printJson(app);
      else printTable([app], appColumns);
    });
  apps
    .command('users <appId>')
    .description('Who has the app, and how (USER = direct, GROUP = through a group)')
    .option('--json', 'print JSON', false)
    .action(async (appId: string, flags: { json: boolean }) => {
      const { okta } = await openOkta(await cliContext());
      const rows = await collect('app users', okta.apps.users(appId));
      if (flags.json) return printJson(rows);
      printTable(rows, [
        { header: 'USER ID', value: (u) => u.id },
        { header: 'USERNAME', value: (u) => u.credentials?.userName ?? '' },
        { header: 'SCOPE', value: (u) => u.scope },
        { header: 'STATUS', value: (u) => u.status ?? '' },
      ]);
    });
  apps
    .command('assign-user <appId> <user>')
    .description('Assign a user (id or login) to the app directly')
    .option('--json', 'print the app user as JSON', false)
    .action(async (appId: string, userRef: string, flags: { json: boolean }) => {
      const { okta } = await openOkta(await cliContext());
      const user = await okta.users.get(userRef);
      const appUser = await okta.apps.assignUser(appId, user.id);
      if (flags.json) printJson(appUser);
      else process.stdout.write(`${user.profile.login} assigned to ${appId}.\n`);
    });
  apps
    .command('unassign-user <appId> <user>')
    .description('Remove a direct assignment (a user who has the app through a group keeps it)')
    .option('--json', 'print JSON', false)
    .action(async (appId: string, userRef: string, flags: { json: boolean }) => {
      const { okta } = await openOkta(await cliContext());
      const user = await okta.users.get(userRef);
      await okta.apps.unassignUser(appId, user.id);
      if (flags.json) printJson({ app: appId, user: user.id, assigned: false });
      else process.stdout.write(`${user.profile.login} unassigned from ${appId}.\n`);
    });
  apps
    .command('assign-group <appId> <group>')
    .description('Assign a group (id or exact name): its members get the app')
    .option('--priority <n>', 'priority (0 is highest)', (v) => Number(v))
    .option('--json', 'print the assignment as JSON', false)
    .action(async (appId: string, groupRef: string, flags: { priority?: number; json: boolean }) => {
      const { okta } = await openOkta(await cliContext());
      const group = await resolveGroup(okta, groupRef);
      const assignment = await okta.apps.assignGroup(appId, group.id, flags.priority !== undefined ? { priority: flags.priority } : {});
      if (flags.json) printJson(assignment);
      else process.stdout.write(`Group ${group.profile.name} (${group.id}) assigned to ${appId}: its members have the app.\n`);
    });
  apps
    .command('unassign-group <appId> <group>')
    .description("Remove a group's assignment (id or exact name)")
    .option('--json', 'print JSON', false)
    .action(async (appId: string, groupRef: string, flags: { json: boolean }) => {
      const { okta } = await openOkta(await cliContext());
      const group = await resolveGroup(okta, groupRef);
      await okta.apps.unassignGroup(appId, group.id);
      if (flags.json) printJson({ app: appId, group: group.id, assigned: false });
      else process.stdout.write(`Group ${group.profile.name} (${group.id}) unassigned from ${appId}.\n`);
    });
}
