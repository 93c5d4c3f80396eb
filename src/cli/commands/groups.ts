import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { OktaClient, OktaGroup } from '../../okta/index.ts';
import { cliContext, openOkta } from '../context.ts';
import { exitCodes } from '../exit-codes.ts';
import { printJson, printTable, progress } from '../output.ts';
import { printUsers } from './users.ts';

const groupColumns = [
  { header: 'ID', value: (g: OktaGroup) => g.id },
  { header: 'NAME', value: (g: OktaGroup) => g.profile.name },
  { header: 'TYPE', value: (g: OktaGroup) => g.type },
  { header: 'DESCRIPTION', value: (g: OktaGroup) => g.profile.description ?? '' },
];

/** Resolves a group given by id or exact name. */
async function resolveGroup(okta: OktaClient, idOrName: string): Promise<OktaGroup> {
  if (/^00g[0-9A-Za-z]{17}$/.test(idOrName)) return okta.groups.get(idOrName);
  const matches: OktaGroup[] = [];
  for await (const g of okta.groups.list({ q: idOrName })) if (g.profile.name === idOrName) matches.push(g);
  if (matches.length === 1) return matches[0] as OktaGroup;
  throw new Error(matches.length === 0 ? `No group is named '${idOrName}'.` : `${matches.length} groups are named '${idOrName}'; use the group id.`);
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
      const list: OktaGroup[] = [];
      for await (const g of okta.groups.list({ ...(flags.query ? { q: flags.query } : {}), ...(flags.filter ? { filter: flags.filter } : {}) })) list.push(g);
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
    .action(async (idOrName: string, flags: { name?: string; description?: string }) => {
      const { okta } = await openOkta(await cliContext());
      const group = await resolveGroup(okta, idOrName);
      const updated = await okta.groups.update(group.id, { name: flags.name ?? group.profile.name, ...((flags.description ?? group.profile.description) ? { description: flags.description ?? group.profile.description ?? '' } : {}) });
      printTable([updated], groupColumns);
    });
  groups
    .command('delete <idOrName>')
    .description('Delete a group')
    .action(async (idOrName: string) => {
      const { okta } = await openOkta(await cliContext());
      const group = await resolveGroup(okta, idOrName);
      await okta.groups.delete(group.id);
      process.stdout.write(`Deleted ${group.profile.name} (${group.id}).\n`);
    });
  groups
    .command('members <idOrName>')
    .description('List members')
    .option('--json', 'print JSON', false)
    .action(async (idOrName: string, flags: { json: boolean }) => {
      const { okta } = await openOkta(await cliContext());
      const group = await resolveGroup(okta, idOrName);
      const members = [];
      for await (const u of okta.groups.members(group.id)) members.push(u);
      printUsers(members, flags.json);
    });
  for (const [verb, add] of [
    ['add-member', true],
    ['remove-member', false],
  ] as const) {
    groups
      .command(`${verb} <group> <user>`)
      .description(add ? 'Add a user (id or login) to a group' : 'Remove a user from a group')
      .action(async (groupRef: string, userRef: string) => {
        const { okta } = await openOkta(await cliContext());
        const group = await resolveGroup(okta, groupRef);
        const user = await okta.users.get(userRef);
        if (add) await okta.groups.addMember(group.id, user.id);
        else await okta.groups.removeMember(group.id, user.id);
        process.stdout.write(`${user.profile.login} ${add ? 'added to' : 'removed from'} ${group.profile.name}.\n`);
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
      const failed: { user: string; reason: string }[] = [];
      let added = 0;
      let next = 0;
      // Several at a time; the governor keeps the pace under Okta's limits. Adding a member twice is harmless.
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next < refs.length) {
            const ref = refs[next++] as string;
            try {
              const id = /^00u[0-9A-Za-z]{17}$/.test(ref) ? ref : (await okta.users.get(ref)).id;
              await okta.groups.addMember(group.id, id);
              added++;
            } catch (error) {
              failed.push({ user: ref, reason: error instanceof Error ? error.message : String(error) });
            }
            bar.update(added + failed.length, refs.length);
          }
        }),
      );
      bar.done();
      if (flags.json) printJson({ group: group.id, added, failed });
      else {
        process.stdout.write(`Added ${added} of ${refs.length} to ${group.profile.name}.\n`);
        if (failed.length > 0) {
          process.stdout.write(`\n${failed.length} failed (fix them and run the same command again):\n`);
          printTable(failed, [
            { header: 'USER', value: (f) => f.user },
            { header: 'REASON', value: (f) => f.reason },
          ]);
        }
      }
      if (failed.length > 0) process.exitCode = exitCodes.failed;
    });
}
