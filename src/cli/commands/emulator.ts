import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { rateLimitPlans, seedNames, startEmulator, type RateLimitPlan, type SeedName } from '../../emulator/index.ts';

function intArg(name: string, min: number, max: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${name} must be a whole number, got '${value}'.`);
    const n = Number(value);
    if (n < min || n > max) throw new InvalidArgumentError(`${name} must be from ${min} to ${max}, got ${n}.`);
    return n;
  };
}

interface EmulatorFlags {
  port: number;
  host: string;
  seed: SeedName;
  users: number;
  rateLimits: RateLimitPlan;
  credentialsOut?: string;
  dpop: boolean;
  log: boolean;
}

/** `gatehouse emulator`: runs the Okta org emulator until interrupted. */
export function registerEmulatorCommand(program: Command): void {
  program
    .command('emulator')
    .description('Run a local Okta org emulator (OAuth, Users, Groups, Apps, System Log) with a ready service-app credential')
    .option('--port <n>', 'port to listen on (0 picks a free one)', intArg('--port', 0, 65535), 8089)
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .addOption(new Option('--seed <name>', 'org to start with').choices(seedNames).default('demo'))
    .option('--users <n>', 'people in the demo org', intArg('--users', 0, 100_000), 200)
    .addOption(new Option('--rate-limits <plan>', "Okta plan whose per-minute rate limits apply").choices(rateLimitPlans).default('off'))
    .option('--credentials-out <file>', 'write the service-app credential JSON (orgUrl, clientId, privateKey, scopes) to this file, mode 0600')
    .option('--dpop', 'make the service app require DPoP, like new Okta API Services apps', false)
    .option('--log', 'log every request', false)
    .action(async (flags: EmulatorFlags) => {
      const started = Date.now();
      const emulator = await startEmulator({
        port: flags.port,
        host: flags.host,
        seed: flags.seed,
        users: flags.users,
        rateLimits: flags.rateLimits,
        dpop: flags.dpop,
        logger: flags.log,
      });
      const org = emulator.context.org;
      process.stdout.write(`Okta org emulator listening on ${emulator.url}\n`);
      process.stdout.write(
        `  seed ${flags.seed}: ${org.users.size} users, ${org.groups.size} groups, ${org.apps.size} apps (ready in ${Date.now() - started} ms)\n` +
          `  service app client id: ${emulator.credential.clientId}${flags.dpop ? ' (DPoP required)' : ''}\n` +
          `  rate limits: ${flags.rateLimits}; operator API: ${emulator.url}/__emulator/stats\n`,
      );
      if (flags.credentialsOut) {
        await mkdir(dirname(flags.credentialsOut), { recursive: true });
        await writeFile(flags.credentialsOut, JSON.stringify(emulator.credential, null, 2) + '\n', { mode: 0o600 });
        process.stdout.write(`  credential written to ${flags.credentialsOut} (holds a private key: keep it private)\n`);
      }
      const stop = () => {
        void emulator.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
