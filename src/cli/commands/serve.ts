import type { Command } from 'commander';
import { loadConfig } from '../../config/index.ts';
import { startGatehouse, startWorker } from '../../main.ts';

/** `gatehouse serve`: the HTTP API and the workflow worker (what `npm start` runs). */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Run Gatehouse: the HTTP API and a workflow worker; with no Okta org connected, an embedded demo org')
    .option('--port <n>', 'port (default GATEHOUSE_PORT or 8080; 0 picks a free one)')
    .option('--no-worker', 'serve the API only; other processes on the same PostgreSQL database run the workflows')
    .option('--log', 'log every request', false)
    .action(async (flags: { port?: string; worker: boolean; log: boolean }) => {
      const config = loadConfig();
      const port = flags.port === undefined ? undefined : Number(flags.port);
      if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
        process.stderr.write(`--port must be a port number from 0 to 65535, got '${flags.port}'.\n`);
        process.exitCode = 2;
        return;
      }
      const running = await startGatehouse(config, { ...(port !== undefined ? { port } : {}), worker: flags.worker, log: flags.log });
      const g = running.gatehouse;
      const out = process.stdout;
      out.write(`Gatehouse console and API listening on ${running.url}\n`);
      out.write(
        g.emulator
          ? `  Okta: the embedded demo org at ${g.emulator.url} (no Okta org connected; gatehouse connect okta … connects yours)\n`
          : `  Okta: ${g.connection.orgUrl} (client ${g.connection.clientId})\n`,
      );
      out.write(`  store: ${g.store.kind === 'sqlite' ? `SQLite in ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)'}; worker: ${flags.worker ? 'on' : 'off'}\n`);
      out.write(`  workflows: ${g.runtime.list().length} installed in ${g.workflowsDir}\n`);
      out.write(`  API token: in ${running.apiTokenFile} (send it as Authorization: Bearer …)\n`);
      // The bootstrap token is shown once, and only to a person at a terminal (never into a piped log).
      if (running.firstStartToken && process.stdout.isTTY) out.write(`  first start: your admin API token is ${running.firstStartToken} (shown once; it stays in the file above)\n`);
      for (const p of g.loadProblems) process.stderr.write(`warning: ${p.message}\n`);
      const stop = () => {
        void running.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}

/** `gatehouse worker`: runs workflows only, beside `gatehouse serve --no-worker` processes on one PostgreSQL database. */
export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('Run workflow runs and schedules only (no HTTP API); several workers share one PostgreSQL database')
    .action(async () => {
      const config = loadConfig();
      if (!config.databaseUrl) process.stderr.write('note: with SQLite (no DATABASE_URL) only one process should run workflows; gatehouse serve already does.\n');
      const worker = await startWorker(config);
      const g = worker.gatehouse;
      if (g.emulator) process.stderr.write('note: no Okta org is connected, so this worker talks to its own embedded demo org.\n');
      process.stdout.write(`Gatehouse worker running: ${g.runtime.list().length} workflows, store ${g.store.kind}, Okta ${g.connection.orgUrl}${g.slack ? ', Slack: posting' : ''}\n`);
      const stop = () => {
        void worker.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
