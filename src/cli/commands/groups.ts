import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { OktaApiError, OktaAuthError, OktaNetworkError, type OktaClient, type OktaGroup } from '../../okta/index.ts';
import { cliContext, openOkta } from '../context.ts';
import { exitCodes } from '../exit-codes.ts';
import { CliUsageError, collect, printJson, printTable, progress } from '../output.ts';
import { printUsers } from './users.ts';

const groupColumns = [
  { header: 'ID', value: (g: OktaGroup) => g.id },
  { header: 'NAME', value: (g: OktaGroup) => g.profile.name },
  { header: 'TYPE', value: (g: OktaGroup) => g.type },
  { header: 'DESCRIPTION', value: (g: OktaGroup) => g.profile.description ?? '' },
];

/** Resolves a group given by id or exact name. */
export async function resolveGroup(okta: OktaClient, idOrName: string): Promise<OktaGroup> {
  if (/^00g[0-9A-Za-z]{17}$/.test(idOrName)) return okta.groups.get(idOrName);
  const matches: OktaGroup[] = [];
  for await (const g of okta.groups.list({ q: idOrName })) if (g.profile.name === idOrName) matches.push(g);
  if (matches.length === 1) return matches[0] as OktaGroup;
  if (matches.length === 0) throw new CliUsageError(`No group is named '${idOrName}' (names are exact; gatehouse groups list -q '${idOrName.slice(0, 3)}' shows close ones).`);
  throw new CliUsageError(`${matches.length} groups are named '${idOrName}' (${matches.map((g) => g.id).join(', ')}); use the group id.`);
}

/** Reads logins or user ids from a CSV/text file: the first column of each line; a header line `login`/`id`/`email` is skipped. */
export function readUserColumn(text: string): string[] {
  const rows = text
    .split(/\r?\n/)
    .map((line) => (line.split(',')[0] ?? '').trim().replace(/^"|"$/g, ''))
    .filter((v) => v.length > 0);
  if (rows.length > 0 && /^(login|id|email|user|username)$/i.test(rows[0] as string)) rows.shift();
  return [...new Set(rows)];
}

/** Why one row of add-members failed, in a line. */
function rowFailure(error: unknown, ref: string): string {
  if (error instanceof OktaApiError && error.status === 404) return `no user with login or id '${ref}' in Okta`;
  if (error instanceof OktaApiError) return `${error.errorCode ?? `HTTP ${error.status}`} ${error.errorSummary ?? ''}${error.errorCauses.length > 0 ? ` (${error.errorCauses.join('; ')})` : ''}`.trim();
  return error instanceof Error ? error.message : String(error);
}

/** `gatehouse groups …`. */
export function registerGroupCommands(program: Command): void {
  const groups = program.command('groups').description('Okta groups');
  groups
    .command('list')
    .description('List groups')
    .option('-q, --query <text>', 'name starts with')
    .option('--filter <expr>', 'Okta filter, e.g. type eq "OKTA_GROUP"')
    .option('--json', 'print JSON', false)
    .action(async (flags: { query?: string; filter?: string; json: boolean }) => {
      const { okta } = await openOkta(await cliContext());
      const list = await collect('groups', okta.groups.list({ ...(flags.query ? { q: flags.query } : {}), ...(flags.filter ? { filter: flags.filter } : {}) }));
      if (flags.json) printJson(list);
      else printTable(list, groupColumns);
    });
  groups
    .command('get <idOrName>')
    .description('Show one group')
    .option('--json', 'print JSON', false)
    .action(async (idOrName: string, flags: { json: boolean }) => {
      const { okta } = await openOkta(await cliContext());
      const group = await resolveGroup(okta, idOrName);
      if (flags.json) printJson(group);
      else printTable([group], groupColumns);
    });
  groups
    .command('create <name>')
    .description('Create an OKTA_GROUP')
    .option('--description <text>', 'description')
    .option('--json', 'print JSON', false)
    .action(async (name: string, flags: { description?: string; json: boolean }) => {
      const { okta } = await openOkta(await cliContext());
      const group = await okta.groups.create({ name, ...(flags.description ? { description: flags.description } : {}) });
      if (flags.json) printJson(group);
      else printTable([group], groupColumns);
    });
  groups
    .command('update <idOrName>')
    .description("Rename a group or change its description")
    .option('--name <name>', 'new name')
    .option('--description <text>', 'new description')
    .option('--json', 'print JSON', false)
    .action(async (idOrName: string, flags: { name?: string; description?: string; json: boolean }) => {
      const { okta } = await openOkta(await cliContext());
      const group = await resolveGroup(okta, idOrName);
      const updated = await okta.groups.update(group.id, { name: flags.name ?? group.profile.name, ...((flags.description ?? group.profile.description) ? { description: flags.description ?? group.profile.description ?? '' } : {}) });
      if (flags.json) printJson(updated);
      else printTable([updated], groupColumns);
    });
  groups
    .command('delete <idOrName>')
    .description('Delete a group')
    .option('--json', 'print JSON', false)
    .action(async (idOrName: string, flags: { json: boolean }) => {
      const { okta } = await openOkta(await cliContext());
      const group = await resolveGroup(okta, idOrName);
      await okta.groups.delete(group.id);
      if (flags.json) printJson({ id: group.id, name: group.profile.name, deleted: true });
      else process.stdout.write(`Deleted ${group.profile.name} (${group.id}).\n`);
    });
  groups
    .command('members <idOrName>')
    .description('List members')
    .option('--json', 'print JSON', false)
    .action(async (idOrName: string, flags: { json: boolean }) => {
      const { okta } = await openOkta(await cliContext());
      const group = await resolveGroup(okta, idOrName);
      printUsers(await collect(`members of ${group.profile.name}`, okta.groups.members(group.id)), flags.json);
    });
  for (const [verb, add] of [
    ['add-member', true],
    ['remove-member', false],
  ] as const) {
    groups
      .command(`${verb} <group> <user>`)
      .description(add ? 'Add a user (id or login) to a group' : 'Remove a user from a group')
      .option('--json', 'print JSON', false)
      .action(async (groupRef: string, userRef: string, flags: { json: boolean }) => {
        const { okta } = await openOkta(await cliContext());
        const group = await resolveGroup(okta, groupRef);
        const user = await okta.users.get(userRef);
        if (add) await okta.groups.addMember(group.id, user.id);
        else await okta.groups.removeMember(group.id, user.id);
        if (flags.json) printJson({ group: group.id, user: user.id, login: user.profile.login, member: add });
        else process.stdout.write(`${user.profile.login} ${add ? 'added to' : 'removed from'} ${group.profile.name}.\n`);
      });
  }
  groups
    .command('add-members <group>')
    .description('Add many users from a file (first column: login or id); goes on past failed rows and is safe to run again')
    .requiredOption('--from-file <file>', 'CSV or text file')
    .option('--json', 'print the outcome as JSON', false)
    .action(async (groupRef: string, flags: { fromFile: string; json: boolean }) => {
      const refs = readUserColumn(await readFile(flags.fromFile, 'utf8'));
      const { okta } = await openOkta(await cliContext());
      const group = await resolveGroup(okta, groupRef);
      const bar = progress(`adding to ${group.profile.name}`);
      const failed: { row: number; user: string; reason: string }[] = [];
      let added = 0;
      let next = 0;
      let fatal: unknown;
      // Several at a time; the governor keeps the pace under Okta's limits. Adding a member twice is
      // harmless (PUT), so running the same file again only redoes the rows that failed.
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next < refs.length && fatal === undefined) {
            const row = next++;
            const ref = refs[row] as string;
            try {
              const id = /^00u[0-9A-Za-z]{17}$/.test(ref) ? ref : (await okta.users.get(ref)).id;
              await okta.groups.addMember(group.id, id);
              added++;
            } catch (error) {
              // Credentials refused or Okta unreachable: every other row would fail the same way, so stop.
              if (error instanceof OktaAuthError || error instanceof OktaNetworkError) fatal = error;
              else failed.push({ row, user: ref, reason: rowFailure(error, ref) });
            }
            bar.update(added + failed.length, refs.length);
          }
        }),
      );
      bar.done();
      if (fatal !== undefined) throw fatal;
      failed.sort((a, b) => a.row - b.row);
      const failures = failed.map(({ user, reason }) => ({ user, reason }));
      if (flags.json) printJson({ group: group.id, name: group.profile.name, total: refs.length, added, failed: failures });
      else {
        process.stdout.write(`Added ${added} of ${refs.length} to ${group.profile.name}${added > 0 ? ' (members already in the group count as added)' : ''}.\n`);
        if (failed.length > 0) {
          process.stdout.write(`\n${failed.length} failed — fix them and run the same command again (the rows already added are harmless to repeat):\n`);
          printTable(failures, [
            { header: 'USER', value: (f) => f.user },
            { header: 'REASON', value: (f) => f.reason },
          ]);
        }
      }
      if (failed.length > 0) process.exitCode = exitCodes.failed;
    });
}
