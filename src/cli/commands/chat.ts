/**
 * `gatehouse chat --as LOGIN`: the help desk agent in the terminal — interactive, or one turn with
 * `--message "…"` (with `--json`: the reply, the understood intent and values, the proposed action).
 * One turn never changes anything by itself: a proposed change waits for a "yes" in a conversation.
 */
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import type { AgentReply } from '../../chat/types.ts';
import { printJson } from '../output.ts';
import { withGatehouse } from '../with-gatehouse.ts';

function show(reply: AgentReply): void {
  process.stdout.write(`${reply.text}\n`);
}

export function registerChatCommand(program: Command): void {
  program
    .command('chat')
    .description('Talk to the help desk agent as a person of the directory ("I need Figma for 8 hours", "help")')
    .requiredOption('--as <login>', 'who you are (an Okta login or email)')
    .option('--message <text>', 'one turn: print the reply and exit')
    .option('--json', 'with --message: print the reply as JSON', false)
    .action(async (flags: { as: string; message?: string; json: boolean }) =>
      withGatehouse(async (g) => {
        await g.refreshDirectory();
        await g.chat.refresh();
        const identity = { surface: 'terminal' as const, id: flags.as, login: flags.as };
        const conversationId = `terminal:${flags.as}:${process.pid}`;
        if (flags.message !== undefined) {
          const reply = await g.chat.handle({ conversationId, identity, text: flags.message });
          if (flags.json) return printJson({ reply: reply.text, intent: reply.understood.intent, confidence: reply.understood.confidence, values: reply.understood.values, explanation: reply.understood.explanation, proposedAction: reply.proposedAction, question: reply.question, refusal: reply.refusal });
          show(reply);
          if (reply.refusal) process.exitCode = 1;
          return;
        }
        process.stdout.write(`Gatehouse help desk — you are ${flags.as}. Say "help", or "exit" to leave.\n`);
        const rl = createInterface({ input: process.stdin, terminal: process.stdin.isTTY });
        const prompt = () => process.stdout.write('> ');
        prompt();
        try {
          // The iterator buffers lines typed (or piped) while a turn is being answered.
          for await (const line of rl) {
            if (/^(exit|quit|bye)$/i.test(line.trim())) break;
            if (line.trim()) {
              show(await g.chat.handle({ conversationId, identity, text: line }));
              // What is due now (an auto-approved grant, a started workflow) runs here too.
              await g.engine.runUntilIdle();
            }
            prompt();
          }
        } finally {
          rl.close();
        }
      }),
    );
}
