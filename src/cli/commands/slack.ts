/** `gatehouse slack manifest --url …`: the Slack app manifest an admin pastes into Slack (Create New App → From a manifest). */
import type { Command } from 'commander';
import { slackManifest } from '../../chat/adapters/slack/index.ts';
import { CliUsageError } from '../output.ts';

export function registerSlackCommands(program: Command): void {
  const slack = program.command('slack').description('The Slack app');
  slack
    .command('manifest')
    .description("Print the app manifest to paste into Slack (events, interactivity and /gatehouse on Gatehouse's URL)")
    .requiredOption('--url <url>', "Gatehouse's public https URL, as Slack reaches it (e.g. https://gatehouse.acme.example)")
    .action((flags: { url: string }) => {
      let url: URL;
      try {
        url = new URL(flags.url);
      } catch {
        throw new CliUsageError(`--url must be a URL such as https://gatehouse.acme.example; got "${flags.url}".`);
      }
      if (url.protocol !== 'https:') throw new CliUsageError('--url must be https: Slack only posts to HTTPS endpoints.');
      process.stdout.write(`${JSON.stringify(slackManifest({ publicUrl: url.origin }), null, 2)}\n`);
    });
}
