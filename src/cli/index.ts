import { Command, CommanderError } from 'commander';
import { GatehouseError } from '../common/errors.ts';
import { registerAccessCommands } from './commands/access.ts';
import { registerAppCommands } from './commands/apps.ts';
import { registerAuditCommands } from './commands/audit.ts';
import { registerChatCommand } from './commands/chat.ts';
import { registerConnectCommands } from './commands/connect.ts';
import { registerEmulatorCommand } from './commands/emulator.ts';
import { registerGroupCommands } from './commands/groups.ts';
import { registerLogCommands } from './commands/logs.ts';
import { registerReviewCommands } from './commands/reviews.ts';
import { registerServeCommand, registerWorkerCommand } from './commands/serve.ts';
import { registerSlackCommands } from './commands/slack.ts';
import { registerUserCommands } from './commands/users.ts';
import { registerWorkflowCommands } from './commands/workflows.ts';
import { exitCodes } from './exit-codes.ts';

const program = new Command();
program
  .name('gatehouse')
  .description('Self-hosted identity automation for Okta')
  .version('0.1.0')
  .showHelpAfterError('(run gatehouse --help for usage)')
  .exitOverride();

registerServeCommand(program);
registerWorkerCommand(program);
registerEmulatorCommand(program);
registerConnectCommands(program);
registerUserCommands(program);
registerGroupCommands(program);
registerAppCommands(program);
registerLogCommands(program);
registerWorkflowCommands(program);
registerAuditCommands(program);
registerAccessCommands(program);
registerReviewCommands(program);
registerChatCommand(program);
registerSlackCommands(program);

const authCodes = new Set(['OKTA_AUTH_FAILED', 'CONNECTION_MISSING', 'VAULT_DECRYPT_FAILED', 'VAULT_KEY_INVALID']);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) {
    // Help and version exit 0; usage errors were already printed by commander.
    process.exit(error.exitCode === 0 ? exitCodes.ok : exitCodes.usage);
  }
  process.stderr.write(`gatehouse: ${error instanceof Error ? error.message : String(error)}\n`);
  const code = error instanceof GatehouseError ? error.code : undefined;
  process.exit(code && authCodes.has(code) ? exitCodes.auth : code === 'CONFIG_INVALID' || code === 'CLI_USAGE_INVALID' ? exitCodes.usage : exitCodes.failed);
});
