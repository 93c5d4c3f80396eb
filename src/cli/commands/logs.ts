import type { Command } from 'commander';
import type { LogEvent } from '../../okta/index.ts';
import { cliContext, openOkta } from '../context.ts';
import { printJson, printTable } from '../output.ts';

const columns = [
  { header: 'PUBLISHED', value: (e: LogEvent) => e.published },
  { header: 'EVENT', value: (e: LogEvent) => e.eventType },
  { header: 'ACTOR', value: (e: LogEvent) => e.actor?.displayName ?? e.actor?.id ?? '' },
  { header: 'TARGETS', value: (e: LogEvent) => (e.target ?? []).map((t) => t.displayName ?? t.alternateId ?? t.id).join(', ') },
  { header: 'OUTCOME', value: (e: LogEvent) => e.outcome?.result ?? '' },
];

function parseSince(value: string): Date {
  const rel = /^(\d+)([mhd])$/.exec(value);
  if (rel) return new Date(Date.now() - Number(rel[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[rel[2] as 'm' | 'h' | 'd']);
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`--since takes an ISO date or a relative time like 30m, 24h, 7d; got '${value}'`);
  return date;
}

/** `gatehouse logs query|tail`. */
export function registerLogCommands(program: Command): void {
  const logs = program.command('logs').description('The Okta System Log');
  logs
    .command('query')
    .description('Events in a time range')
    .option('--since <when>', 'ISO date or 30m / 24h / 7d', '24h')
    .option('--filter <expr>', 'e.g. eventType eq "group.user_membership.add"')
    .option('-q, --query <words>', 'keywords')
    .option('--json', 'print JSON', false)
    .action(async (flags: { since: string; filter?: string; query?: string; json: boolean }) => {
      const { okta } = await openOkta(await cliContext());
      const events: LogEvent[] = [];
      for await (const e of okta.logs.query({ since: parseSince(flags.since), ...(flags.filter ? { filter: flags.filter } : {}), ...(flags.query ? { q: flags.query } : {}) })) events.push(e);
      if (flags.json) printJson(events);
      else printTable(events, columns);
    });
  logs
    .command('tail')
    .description('Follow new events (Ctrl-C to stop)')
    .option('--filter <expr>', 'e.g. eventType sw "user.lifecycle"')
    .option('--interval <seconds>', 'seconds between polls', (v) => Number(v), 10)
    .action(async (flags: { filter?: string; interval: number }) => {
      const { okta } = await openOkta(await cliContext());
      const poller = okta.logs.poller({ since: new Date(Date.now() - 60_000), ...(flags.filter ? { filter: flags.filter } : {}) });
      const controller = new AbortController();
      process.once('SIGINT', () => controller.abort());
      while (!controller.signal.aborted) {
        const events = await poller.poll(controller.signal).catch((error: unknown) => {
          if (controller.signal.aborted) return [];
          throw error;
        });
        for (const e of events) process.stdout.write(`${e.published}  ${e.eventType}  ${(e.target ?? []).map((t) => t.displayName ?? t.id).join(', ')}\n`);
        await new Promise((r) => setTimeout(r, flags.interval * 1000));
      }
    });
}
