import type { Command } from 'commander';
import { Option } from 'commander';
import { loadConfig } from '../../config/index.ts';
import { openStore, type AuditEntry } from '../../store/index.ts';
import { auditToCsv, auditToJsonLines } from '../../workflows/audit-export.ts';
import { exitCodes } from '../exit-codes.ts';
import { printJson, printTable } from '../output.ts';

interface ListFlags {
  actor?: string;
  action?: string;
  target?: string;
  limit: string;
  json: boolean;
}

async function withStore<T>(fn: (store: Awaited<ReturnType<typeof openStore>>) => Promise<T>): Promise<T> {
  const store = await openStore(loadConfig());
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** Reads every entry matching the filters, a page at a time. */
async function readAll(store: Awaited<ReturnType<typeof openStore>>, filter: { actor?: string; action?: string; target?: string }, max = Infinity): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  let afterSeq = 0;
  for (;;) {
    const page = await store.listAudit({ ...filter, afterSeq, limit: 1000 });
    out.push(...page);
    if (page.length < 1000 || out.length >= max) return out.slice(0, max);
    afterSeq = (page[page.length - 1] as AuditEntry).seq;
  }
}

const filterOf = (flags: { actor?: string; action?: string; target?: string }) => ({
  ...(flags.actor ? { actor: flags.actor } : {}),
  ...(flags.action ? { action: flags.action } : {}),
  ...(flags.target ? { target: flags.target } : {}),
});

/** `gatehouse audit list|verify|export`. */
export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('The append-only, hash-chained audit log');
  audit
    .command('list')
    .description('Audit entries, oldest first')
    .option('--actor <who>', 'only this actor')
    .option('--action <action>', 'only this action, e.g. okta.user.suspended')
    .option('--target <id>', 'only this target')
    .option('--limit <n>', 'at most this many', '200')
    .option('--json', 'print JSON', false)
    .action(async (flags: ListFlags) =>
      withStore(async (store) => {
        const entries = await readAll(store, filterOf(flags), Number(flags.limit) || 200);
        if (flags.json) return printJson(entries);
        printTable(entries, [
          { header: 'SEQ', value: (e) => String(e.seq) },
          { header: 'AT', value: (e) => new Date(e.at).toISOString() },
          { header: 'ACTOR', value: (e) => e.actor },
          { header: 'ACTION', value: (e) => e.action },
          { header: 'TARGET', value: (e) => e.target ?? '' },
        ]);
      }),
    );
  audit
    .command('verify')
    .description('Check the hash chain: an edited or deleted entry is reported with its position')
    .action(async () =>
      withStore(async (store) => {
        const check = await store.verifyAuditChain();
        if (check.ok) {
          process.stdout.write(`Audit log intact: ${check.count} entries, hash chain verified.\n`);
          return;
        }
        process.stderr.write(`Audit log BROKEN at entry ${check.brokenAt} (after ${check.count} sound entries): ${check.reason}\n`);
        process.exitCode = exitCodes.checkFailed;
      }),
    );
  audit
    .command('export')
    .description('Export the audit log for an auditor')
    .addOption(new Option('--format <format>', 'output format').choices(['jsonl', 'csv']).default('jsonl'))
    .option('--actor <who>', 'only this actor')
    .option('--action <action>', 'only this action')
    .option('--target <id>', 'only this target')
    .action(async (flags: { format: 'jsonl' | 'csv'; actor?: string; action?: string; target?: string }) =>
      withStore(async (store) => {
        const entries = await readAll(store, filterOf(flags));
        process.stdout.write(flags.format === 'csv' ? auditToCsv(entries) : auditToJsonLines(entries));
      }),
    );
}
