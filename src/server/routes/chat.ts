/**
 * The web chat's API: one turn of a conversation with the help desk agent. `Accept:
 * text/event-stream` streams the reply (`event: delta` chunks of text, then `event: reply` with the
 * whole reply: what was understood, the proposed action or question); otherwise the reply is JSON.
 * Until console sessions arrive the caller names who is writing (`as`); the agent acts as them.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { ServerDeps } from '../deps.ts';
import { parseRequest } from '../http-errors.ts';

export const chatBody = z.object({
  /** Who is writing (an Okta login or email). */
  as: z.string().trim().min(1).max(320),
  text: z.string().trim().min(1, 'say something').max(4000),
  /** Keeps the dialogue (questions, confirmations) across turns; a new one is made when absent. */
  conversationId: z.string().min(1).max(200).optional(),
});

/** Splits a reply into chunks of a few words, as a streamed answer arrives. */
function chunks(text: string): string[] {
  return text.match(/\S+\s*/g)?.reduce<string[]>((out, word, i) => {
    if (i % 4 === 0) out.push(word);
    else out[out.length - 1] += word;
    return out;
  }, []) ?? [text];
}

export const chatRoutes: FastifyPluginAsync<{ deps: ServerDeps }> = async (app, { deps }) => {
  app.post('/api/v1/chat', async (request, reply) => {
    const body = parseRequest(chatBody, request.body, 'body');
    const conversationId = body.conversationId ?? `web:${randomUUID()}`;
    const answer = await deps.chat.handle({ conversationId, identity: { surface: 'web', id: body.as, login: body.as }, text: body.text });
    if (!String(request.headers.accept ?? '').includes('text/event-stream')) return { conversationId, reply: answer };
    reply.hijack();
    const out = reply.raw;
    out.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
    for (const delta of chunks(answer.text)) out.write(`event: delta\ndata: ${JSON.stringify({ delta })}\n\n`);
    out.write(`event: reply\ndata: ${JSON.stringify({ conversationId, reply: answer })}\n\n`);
    out.end();
    return reply;
  });
};
