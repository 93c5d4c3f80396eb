import type { Command } from 'commander';
import type { OktaApp } from '../../okta/index.ts';
import { cliContext, openOkta } from '../context.ts';
import { printJson, printTable } from '../output.ts';

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
      const list: OktaApp[] = [];
      for await (const a of okta.apps.list(flags.query ? { q: flags.query } : {})) list.push(a);
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
      const rows = [];
      for await (const u of okta.apps.users(appId)) rows.push(u);
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
    .action(async (appId: string, userRef: string) => {
      const { okta } = await openOkta(await cliContext());
      const user = await okta.users.get(userRef);
      await okta.apps.assignUser(appId, user.id);
      process.stdout.write(`${user.profile.login} assigned to ${appId}.\n`);
    });
  apps
    .command('unassign-user <appId> <user>')
    .description('Remove a direct assignment (a user who has the app through a group keeps it)')
    .action(async (appId: string, userRef: string) => {
      const { okta } = await openOkta(await cliContext());
      const user = await okta.users.get(userRef);
      await okta.apps.unassignUser(appId, user.id);
      process.stdout.write(`${user.profile.login} unassigned from ${appId}.\n`);
    });
  apps
    .command('assign-group <appId> <groupId>')
    .description('Assign a group: its members get the app')
    .option('--priority <n>', 'priority (0 is highest)', (v) => Number(v))
    .action(async (appId: string, groupId: string, flags: { priority?: number }) => {
      const { okta } = await openOkta(await cliContext());
      await okta.apps.assignGroup(appId, groupId, flags.priority !== undefined ? { priority: flags.priority } : {});
      process.stdout.write(`Group ${groupId} assigned to ${appId}.\n`);
    });
  apps
    .command('unassign-group <appId> <groupId>')
    .description("Remove a group's assignment")
    .action(async (appId: string, groupId: string) => {
      const { okta } = await openOkta(await cliContext());
      await okta.apps.unassignGroup(appId, groupId);
      process.stdout.write(`Group ${groupId} unassigned from ${appId}.\n`);
    });
}
