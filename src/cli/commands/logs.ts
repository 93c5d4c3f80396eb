import type { Command } from 'commander';
import type { LogEvent } from '../../okta/index.ts';
import { cliContext, openOkta } from '../context.ts';
import { CliUsageError, collect, printJson, printTable } from '../output.ts';

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
  if (Number.isNaN(date.getTime())) throw new CliUsageError(`--since takes an ISO date or a relative time like 30m, 24h, 7d; got '${value}'`);
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
      const since = parseSince(flags.since);
      const events = await collect('events', okta.logs.query({ since, ...(flags.filter ? { filter: flags.filter } : {}), ...(flags.query ? { q: flags.query } : {}) }));
      if (flags.json) printJson(events);
      else printTable(events, columns);
    });
  logs
    .command('tail')
    .description('Follow new events (Ctrl-C to stop)')
    .option('--filter <expr>', 'e.g. eventType sw "user.lifecycle"')
    .option('--since <when>', 'start this far back: ISO date or 30m / 24h / 7d', '1m')
    .option('--interval <seconds>', 'seconds between polls', (v) => Number(v), 10)
    .option('--json', 'print one JSON event per line (NDJSON)', false)
    .action(async (flags: { filter?: string; since: string; interval: number; json: boolean }) => {
      if (!Number.isFinite(flags.interval) || flags.interval < 1) throw new CliUsageError(`--interval takes a number of seconds, 1 or more; got '${String(flags.interval)}'.`);
      const since = parseSince(flags.since);
      const { okta } = await openOkta(await cliContext());
      const poller = okta.logs.poller({ since, ...(flags.filter ? { filter: flags.filter } : {}) });
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      while (!controller.signal.aborted) {
        const events = await poller.poll(controller.signal).catch((error: unknown) => {
          if (controller.signal.aborted) return [];
          throw error;
        });
        for (const e of events) {
          if (flags.json) process.stdout.write(JSON.stringify(e) + '\n');
          else process.stdout.write(`${e.published}  ${e.eventType}  ${e.outcome?.result ?? ''}  ${(e.target ?? []).map((t) => t.displayName ?? t.alternateId ?? t.id).join(', ')}\n`);
        }
        // Wait for the next poll, but stop at once on Ctrl-C.
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, flags.interval * 1000);
          controller.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
        });
      }
    });
}
