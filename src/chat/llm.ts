/**
 * An optional reader of free text: an OpenAI-compatible chat completions endpoint
 * (`GATEHOUSE_LLM_URL`) is asked what a message the deterministic agent did not understand means,
 * as one of the agent's intents and its values. The answer is only a reading: the agent re-resolves
 * the people it names, plans as usual and still waits for "yes"; every policy and permission check
 * applies. Anything unusable (malformed, unknown resource or workflow, a non-2xx, a timeout, a
 * network error) is null, and the agent behaves as without a model. The API key is sent as a bearer
 * token and never logged.
 */
import { z } from 'zod';
import type { Json } from '../engine/contract.ts';
import { intents, type Intent, type LlmContext, type LlmInterpretation, type LlmInterpreter } from './types.ts';

export interface LlmInterpreterOptions {
  /** The API's base URL, like https://api.openai.com/v1 (`/chat/completions` is appended). */
  url: string;
  model: string;
  /** Sent as `Authorization: Bearer …`; never logged. */
  apiKey?: string;
  fetch?: typeof globalThis.fetch;
  /** Default 5 s. */
  timeoutMs?: number;
  /** Where failures are reported (default: stderr). */
  logger?: { warn(message: string): void };
}

/** Intents the model may answer with: never "confirm" (only the person says yes), and "unknown" means no reading. */
const allowed = intents.filter((i): i is Exclude<Intent, 'confirm' | 'unknown'> => i !== 'confirm' && i !== 'unknown');

/** The value keys each intent may carry (workflow.run: `workflowId` and the workflow's own fields). */
const keysOf: Record<Exclude<Intent, 'workflow.run'>, readonly string[]> = {
  'access.request': ['resource', 'role', 'durationMs', 'forUser', 'justification'],
  'access.mine': [],
  'access.status': ['requestId'],
  'access.extend': ['resource', 'role', 'requestId', 'durationMs'],
  'access.release': ['resource', 'role', 'requestId'],
  'approvals.pending': [],
  'approval.approve': ['requestId', 'user', 'comment'],
  'approval.deny': ['requestId', 'user', 'comment'],
  help: [],
  confirm: [],
  cancel: [],
  unknown: [],
};

const completion = z.object({ choices: z.array(z.object({ message: z.object({ content: z.string() }) })).min(1) });
const reading = z.object({ intent: z.enum(allowed), values: z.record(z.string(), z.json()).nullish() });

function systemPrompt(context: LlmContext): string {
  return [
    'You read one message written to an IT help desk and answer with a JSON object {"intent": …, "values": {…}} only.',
    `"intent" is one of: ${allowed.join(', ')}. If none fits, answer {"intent": "help", "values": {}}.`,
    'Values by intent:',
    '- access.request: resource (a resource id below), role (one of its role ids), durationMs (milliseconds), forUser (the person it is for, only if not the writer: login, email or name as written), justification (the reason, as written).',
    '- access.status: requestId. access.extend: resource, role, requestId, durationMs. access.release: resource, role, requestId.',
    '- approval.approve / approval.deny: requestId, user (whose request: login, email or name as written), comment.',
    '- workflow.run: workflowId (a workflow id below) and that workflow\'s input fields by their names (people as login, email or name as written).',
    'Use only the ids listed; leave out what the message does not say. Never invent ids.',
    'Requestable resources (id: name; role ids):',
    ...context.resources.map((r) => `- ${r.id}: ${r.name}; roles ${r.roles.join(', ')}`),
    'Installed workflows (id: title; input fields):',
    ...context.workflows.map((w) => `- ${w.id}: ${w.title}; fields ${w.fields.join(', ') || '(none)'}`),
  ].join('\n');
}

/**
 * Keeps what the context allows: the intent's own keys, a known resource and role, a known workflow
 * and its fields. Null when the intent needs what is unknown (a named resource of no resource, a workflow).
 */
export function checkReading(intent: Exclude<Intent, 'confirm' | 'unknown'>, raw: Record<string, Json>, context: LlmContext): LlmInterpretation | null {
  const values: Record<string, Json> = {};
  if (intent === 'workflow.run') {
    const workflow = context.workflows.find((w) => w.id === raw.workflowId);
    if (!workflow) return null;
    values.workflowId = workflow.id;
    for (const field of workflow.fields) if (raw[field] !== undefined && raw[field] !== null) values[field] = raw[field];
    return { intent, values };
  }
  for (const key of keysOf[intent]) {
    const value = raw[key];
    if (value === undefined || value === null || value === '') continue;
    if (key === 'durationMs') {
      if (typeof value === 'number' && Number.isFinite(value) && value > 0) values.durationMs = Math.round(value);
    } else if (typeof value === 'string') values[key] = value.trim();
  }
  if (values.resource !== undefined) {
    const resource = context.resources.find((r) => r.id === values.resource);
    // A resource the catalog does not have means the reading is wrong: no guess.
    if (!resource) return null;
    if (values.role !== undefined && !resource.roles.includes(String(values.role))) delete values.role;
  } else {
    delete values.role;
    if (intent === 'access.request') return null;
  }
  return { intent, values };
}

/** Creates the interpreter (it holds no state; each call is one request). */
export function createLlmInterpreter(options: LlmInterpreterOptions): LlmInterpreter {
  const endpoint = `${options.url.replace(/\/+$/, '')}/chat/completions`;
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const logger = options.logger ?? { warn: (m: string) => process.stderr.write(`gatehouse: llm: ${m}\n`) };
  const hide = (text: string) => (options.apiKey ? text.split(options.apiKey).join('[redacted]') : text);
  const fail = (why: string): null => {
    logger.warn(hide(`${endpoint} (${options.model}): ${why}; the message is answered without the model`));
    return null;
  };

  return {
    model: options.model,
    async interpret(text: string, context: LlmContext): Promise<LlmInterpretation | null> {
      let body: unknown;
      try {
        const response = await doFetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}) },
          body: JSON.stringify({
            model: options.model,
            temperature: 0,
            response_format: { type: 'json_object' },
            messages: [
              { role: 'system', content: systemPrompt(context) },
              { role: 'user', content: text },
            ],
          }),
          signal: AbortSignal.timeout(timeoutMs),
        });
        if (!response.ok) {
          await response.body?.cancel().catch(() => {});
          return fail(`HTTP ${response.status}`);
        }
        body = await response.json();
      } catch (error) {
        const name = (error as { name?: unknown }).name;
        if (name === 'TimeoutError' || name === 'AbortError') return fail(`no answer within ${timeoutMs} ms`);
        return fail(`request failed (${error instanceof Error ? error.message : String(error)})`);
      }
      const parsed = completion.safeParse(body);
      if (!parsed.success) return fail('the answer is not a chat completion');
      let content: unknown;
      try {
        content = JSON.parse(parsed.data.choices[0]!.message.content);
      } catch {
        return fail('the completion is not JSON');
      }
      const read = reading.safeParse(content);
      if (!read.success) return fail('the completion is not {"intent", "values"} with a known intent');
      const checked = checkReading(read.data.intent, (read.data.values ?? {}) as Record<string, Json>, context);
      if (!checked) return fail(`the completion names an unknown resource or workflow (${read.data.intent})`);
      return checked;
    },
  };
}
