/** The web chat: POST /api/v1/chat with a conversationId, the reply streamed (text/event-stream). */
import { Badge, Button, Group, Paper, ScrollArea, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { rawRequest, type ChatReply } from '../api.ts';
import { useSession } from '../session.tsx';
import { ErrorAlert, PageHeader } from '../ui.tsx';

interface Message {
  from: 'me' | 'gatehouse';
  text: string;
  intent?: string;
}

/** Reads `event: …\ndata: …\n\n` frames from a streamed response. */
async function* events(response: Response): AsyncGenerator<{ event: string; data: unknown }> {
  const reader = response.body?.getReader();
  if (!reader) return;
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (value) buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of frame.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trim());
      }
      try {
        yield { event, data: JSON.parse(data.join('\n')) };
      } catch {
        // ignore a malformed frame
      }
    }
    if (done) return;
  }
}

export function ChatPage() {
  const { login, isAdmin } = useSession();
  const [as, setAs] = useState(login);
  const [messages, setMessages] = useState<Message[]>([]);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const conversationId = useRef<string | undefined>(undefined);
  const viewport = useRef<HTMLDivElement>(null);
  useEffect(() => {
    viewport.current?.scrollTo({ top: viewport.current.scrollHeight });
  }, [messages]);

  const send = async () => {
    const said = text.trim();
    if (!said) return;
    setText('');
    setError(undefined);
    setBusy(true);
    setMessages((m) => [...m, { from: 'me', text: said }, { from: 'gatehouse', text: '' }]);
    const patch = (update: Partial<Message>) => setMessages((m) => [...m.slice(0, -1), { ...(m[m.length - 1] as Message), ...update }]);
    try {
      const response = await rawRequest('/chat', { method: 'POST', accept: 'text/event-stream', body: { as: as.trim() || login, text: said, ...(conversationId.current ? { conversationId: conversationId.current } : {}) } });
      let streamed = '';
      if ((response.headers.get('content-type') ?? '').includes('text/event-stream')) {
        for await (const { event, data } of events(response)) {
          if (event === 'delta') {
            streamed += (data as { delta: string }).delta;
            patch({ text: streamed });
          } else if (event === 'reply') {
            const { conversationId: id, reply } = data as { conversationId: string; reply: ChatReply };
            conversationId.current = id;
            patch({ text: reply.text, ...(reply.understood?.intent ? { intent: reply.understood.intent } : {}) });
          }
        }
      } else {
        const { conversationId: id, reply } = (await response.json()) as { conversationId: string; reply: ChatReply };
        conversationId.current = id;
        patch({ text: reply.text, ...(reply.understood?.intent ? { intent: reply.understood.intent } : {}) });
      }
    } catch (e) {
      setMessages((m) => m.slice(0, -1));
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader
        title="Chat"
        description="Ask the help desk: “I need Figma for 8 hours”, “what access do I have?”, “I'm locked out”, “help”. It proposes every change and waits for a yes."
        actions={
          <Button
            variant="default"
            onClick={() => {
              conversationId.current = undefined;
              setMessages([]);
            }}
            data-testid="chat-new"
          >
            New conversation
          </Button>
        }
      />
      {isAdmin && (
        <TextInput
          label="Speak as"
          description="The agent acts as this Okta user (login or email): their eligibility, their approvals."
          value={as}
          onChange={(e) => setAs(e.currentTarget.value)}
          w={360}
          mb="md"
          data-testid="chat-as"
        />
      )}
      <Paper withBorder p={0}>
        <ScrollArea h={420} viewportRef={viewport} p="md">
          <Stack gap="sm" data-testid="chat-messages" aria-live="polite" role="log" aria-label="Conversation">
            {messages.length === 0 && (
              <Text c="dimmed" size="sm">
                Say “help” to see what Gatehouse can do.
              </Text>
            )}
            {messages.map((m, i) => (
              <Group key={i} justify={m.from === 'me' ? 'flex-end' : 'flex-start'}>
                <Paper p="sm" radius="md" bg={m.from === 'me' ? 'indigo.0' : 'gray.0'} maw="75%" data-testid={m.from === 'me' ? 'chat-message-me' : 'chat-message-reply'}>
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                    {m.text || '…'}
                  </Text>
                  {m.intent && (
                    <Badge size="xs" variant="outline" mt={4} tt="none">
                      {m.intent}
                    </Badge>
                  )}
                </Paper>
              </Group>
            ))}
          </Stack>
        </ScrollArea>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void send();
          }}
          style={{ borderTop: '1px solid var(--mantine-color-gray-3)', padding: 12 }}
        >
          <Group align="flex-end" wrap="nowrap">
            <Textarea
              placeholder="Type a message; Enter sends, Shift+Enter for a new line"
              aria-label="Message"
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && !e.shiftKey) {
                  e.preventDefault();
                  void send();
                }
              }}
              autosize
              minRows={1}
              maxRows={5}
              style={{ flex: 1 }}
              data-testid="chat-input"
            />
            <Button type="submit" loading={busy} disabled={!text.trim()} data-testid="chat-send">
              Send
            </Button>
          </Group>
        </form>
      </Paper>
      <ErrorAlert error={error} title="Not sent" />
    </>
  );
}
