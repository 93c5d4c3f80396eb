import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { ConnectionInvalidError, connectionFrom, validateConnection } from '../../connection/index.ts';
import { probeConnection, type ProbeReport } from '../../connection/probe.ts';
import { saveConnection, type OktaConnection } from '../../connection/stored-connection.ts';
import { clientFor, cliContext, openOkta } from '../context.ts';
import { exitCodes } from '../exit-codes.ts';
import { printJson, printTable } from '../output.ts';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Prints the `okta test` table and returns the exit code. */
export function reportProbe(report: ProbeReport, json: boolean): number {
  if (json) {
    printJson(report);
    return report.ok ? exitCodes.ok : report.tokenError ? exitCodes.auth : exitCodes.checkFailed;
  }
  if (report.tokenError) {
    process.stderr.write(`Could not get a token: ${report.tokenError}\n`);
    return exitCodes.auth;
  }
  process.stdout.write(`Token: ${report.tokenType} with ${report.grantedScopes.join(' ')}\n`);
  if (report.droppedScopes.length > 0) process.stdout.write(`Okta did not grant: ${report.droppedScopes.join(', ')} — grant them on the app's "Okta API Scopes" tab.\n`);
  if (report.roles) process.stdout.write(`Admin roles of the app: ${report.roles.join(', ') || 'none — assign one on the app\'s "Admin roles" tab'}\n`);
  process.stdout.write('\n');
  const yesNo = (v: boolean | null) => (v === null ? '—' : v ? 'yes' : 'NO');
  printTable(report.results, [
    { header: 'CAPABILITY', value: (r) => r.capability },
    { header: 'SCOPE', value: (r) => r.scope },
    { header: 'GRANTED', value: (r) => yesNo(r.scopeGranted) },
    { header: 'ROLE ALLOWS', value: (r) => yesNo(r.roleAllows) },
    { header: 'RESULT', value: (r) => (r.ok ? 'ok' : 'FAILS') },
    { header: 'TO FIX', value: (r) => r.fix ?? '' },
  ]);
  return report.ok ? exitCodes.ok : exitCodes.checkFailed;
}

interface ConnectFlags {
  instanceId: string;
  clientId: string;
  keyFile?: string;
  clientSecretStdin?: boolean;
  scopes: string;
  allowInsecure: boolean;
  json: boolean;
}

/** `gatehouse connect okta` and `gatehouse okta test`. */
export function registerConnectCommands(program: Command): void {
  const connect = program.command('connect').description('Connect Gatehouse to a service');
  connect
    .command('okta')
    .description('Connect an Okta org through an API Services app (the same four fields as the console\'s Connect form)')
    .requiredOption('--instance-id <host>', 'the org domain, e.g. mycompany.okta.com (never the -admin host)')
    .requiredOption('--client-id <id>', "the API Services app's Client ID (0oa…)")
    .option('--key-file <file>', 'the private key JSON (or PEM) Okta showed when you generated the key')
    .option('--client-secret-stdin', 'read a client secret or the key JSON from standard input instead', false)
    .requiredOption('--scopes <scopes>', 'granted Okta API scopes, comma or space separated')
    .option('--allow-insecure', 'allow an http://127.0.0.1 base URL (the emulator, tests)', false)
    .option('--json', 'print the test report as JSON', false)
    .action(async (flags: ConnectFlags) => {
      if (!flags.keyFile && !flags.clientSecretStdin) {
        process.stderr.write('Give the key with --key-file FILE, or pipe it in with --client-secret-stdin.\n');
        process.exitCode = exitCodes.usage;
        return;
      }
      const secretText = flags.keyFile ? await readFile(flags.keyFile, 'utf8') : await readStdin();
      let parsed;
      try {
        parsed = await validateConnection({ instanceId: flags.instanceId, clientId: flags.clientId, clientSecret: secretText, scopes: flags.scopes }, { allowInsecure: flags.allowInsecure });
      } catch (error) {
        if (error instanceof ConnectionInvalidError) {
          for (const p of error.problems) process.stderr.write(`${p.field}: ${p.message}\n`);
          process.exitCode = exitCodes.usage;
          return;
        }
        throw error;
      }
      for (const warning of parsed.warnings) process.stderr.write(`warning: ${warning}\n`);
      const connection: OktaConnection = connectionFrom(parsed);
      const report = await probeConnection(clientFor(connection), { clientId: connection.clientId, scopes: connection.scopes });
      if (report.tokenError) {
        process.stderr.write(`Not saved: ${report.tokenError}\n`);
        process.exitCode = exitCodes.auth;
        return;
      }
      const context = await cliContext();
      await saveConnection(context.config.dataDir, context.vault, connection);
      process.stdout.write(`Connected to ${parsed.orgUrl} (secret encrypted in ${context.config.dataDir}).\n\n`);
      process.exitCode = reportProbe(report, flags.json);
    });

  const oktaCommand = program.command('okta').description('The connected Okta org');
  oktaCommand
    .command('test')
    .description('Check every capability the configured scopes promise, and say what to change in Okta where one fails')
    .option('--json', 'print the report as JSON', false)
    .action(async (flags: { json: boolean }) => {
      const { okta, connection } = await openOkta(await cliContext());
      const report = await probeConnection(okta, { clientId: connection.clientId, scopes: connection.scopes });
      process.exitCode = reportProbe(report, flags.json);
    });
}
