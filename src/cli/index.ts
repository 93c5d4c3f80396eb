import { Command } from 'commander';
import { registerEmulatorCommand } from './commands/emulator.ts';

const program = new Command();
program
  .name('gatehouse')
  .description('Self-hosted identity automation for Okta')
  .version('0.1.0')
  .showHelpAfterError('(run gatehouse --help for usage)');

registerEmulatorCommand(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`gatehouse: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
