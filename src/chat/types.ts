/**
 * The help desk agent's contract: what a surface (Slack, the web chat, the terminal) hands it and
 * what it answers. Understanding is deterministic and explainable: every value it found says where
 * it came from, and an ambiguous message is answered with one question, never a guessed action.
 */
import type { Access, DirectoryReader } from '../access/index.ts';
import type { Clock } from '../common/clock.ts';
import type { Json } from '../engine/contract.ts';
import type { Approvals } from '../workflows/approvals.ts';
import type { WorkflowRuntime } from '../workflows/runtime.ts';

/** Who is writing, as the surface knows them; the agent maps it to an Okta user (email or login). */
export interface ChatIdentity {
  surface: 'slack' | 'web' | 'terminal';
  /** The surface's own id (a Slack user id, a console session's login, the terminal's --as). */
  id: string;
  email?: string;
  login?: string;
  name?: string;
}

/** One message in a conversation. */
export interface ChatTurnInput {
  /** Stable per conversation (a Slack DM channel + user, a web chat session): the dialogue state's key. */
  conversationId: string;
  identity: ChatIdentity;
  text: string;
}

export const intents = [
  /** "I need Figma for 8 hours" */
  'access.request',
  /** "what access do I have?" */
  'access.mine',
  /** "status of my request" */
  'access.status',
  /** "extend my AWS access by 2 hours" */
  'access.extend',
  /** "I don't need Figma any more" */
  'access.release',
  /** "what is waiting for my approval?" */
  'approvals.pending',
  /** "approve jane's request" */
  'approval.approve',
  /** "deny ar_123, not on the rota" */
  'approval.deny',
  /** an installed workflow: "offboard jane@acme.com", "create a group called Data Platform" */
  'workflow.run',
  'help',
  /** "yes" to a proposed action */
  'confirm',
  /** "no" / "cancel" / "never mind" */
  'cancel',
  /** nothing matched well enough: the reply is a question */
  'unknown',
] as const;
export type Intent = (typeof intents)[number];

/** What kind of value a workflow field or a question asks for (./slots.ts reads an answer by it). */
export const fieldKinds = ['person', 'group', 'app', 'duration', 'days', 'name', 'reason', 'email', 'boolean', 'number', 'text', 'firstName', 'lastName', 'title', 'department', 'team', 'date', 'recipients'] as const;
export type FieldKind = (typeof fieldKinds)[number];

/**
 * What the agent understood from one message, before acting. Value keys:
 * - access intents: `resource` (catalog resource id), `role` (role id), `durationMs`, `forUser` (login),
 *   `justification`, `requestId`;
 * - approvals: `requestId`, `user` (login of the requester), `comment`;
 * - `workflow.run`: `workflowId`, and the workflow's own input fields by their schema names
 *   (people as logins, groups as their Okta names, apps as their labels, durations as the schema asks).
 */
export interface Understanding {
  intent: Intent;
  /** 0..1: how sure the match is. Below the agent's threshold it asks instead of acting. */
  confidence: number;
  values: Record<string, Json>;
  /** Near matches when it is not sure ("Did you mean …?"), best first. */
  alternatives: { intent: Intent; workflowId?: string; confidence: number }[];
  /** Human-readable reasons: which words matched what ("'figma' → resource figma (Figma)"). */
  explanation: string[];
}

/** A change the agent proposes and waits for "yes" before making. */
export interface ProposedAction {
  kind: 'access.request' | 'access.extend' | 'access.release' | 'approval.decide' | 'workflow.run';
  /** One sentence the person confirms ("Request Figma (Editor) for 8h for you?"). */
  summary: string;
  /** What will be sent (the request's fields, the workflow's input). */
  details: Record<string, Json>;
}

/** What the agent answers. */
export interface AgentReply {
  /** Plain text (Slack mrkdwn-safe: no markup beyond *bold* and `code`). */
  text: string;
  understood: Understanding;
  /** Set when the agent waits for "yes"/"no". */
  proposedAction: ProposedAction | null;
  /** Set when the agent waits for one missing value. */
  question: { field: string; prompt: string; options?: string[] } | null;
  /** Set when this turn made a change (or read something): what and the outcome. */
  done: { kind: string; result: Json } | null;
  /** Set when this turn was refused (not eligible, not allowed, unknown person); `rule` as in the API. */
  refusal: { code: string; message: string; rule?: string } | null;
}

/** The agent. */
export interface ChatAgent {
  /** Understands one message as `login` would mean it (no dialogue state, no change): for tests and benchmarks. */
  understand(text: string, context: { login: string }): Promise<Understanding>;
  /** One turn of a conversation: understand, ask, confirm or act — as the person the identity maps to. */
  handle(turn: ChatTurnInput): Promise<AgentReply>;
  /** Rebuilds the in-memory index of the directory, the access catalog and the workflows (call after a sync or an install). */
  refresh(): Promise<void>;
}

/** What `createChatAgent` (./agent.ts) is built from. Everything runs as the person writing. */
export interface ChatAgentDeps {
  directory: DirectoryReader;
  access: Pick<Access, 'catalog' | 'requests'>;
  approvals: Approvals;
  runtime: WorkflowRuntime;
  clock: Clock;
  /** Whether a person (login) is on the IT team: only they may run `access: 'team'` workflows. */
  isTeam(login: string): Promise<boolean>;
  /** Optional: a language model (./llm.ts) asked about messages the agent does not understand; its reading goes through the same plan and "yes". */
  llm?: LlmInterpreter;
  /** Where conversations wait between turns: the store's kv (./conversations.ts) when several processes share a database; this process's memory when absent. */
  conversations?: Conversations;
}

/** What the language model is told about: the requestable resources and the installed workflows. */
export interface LlmContext {
  resources: { id: string; name: string; roles: string[] }[];
  workflows: { id: string; title: string; fields: string[] }[];
}

/** The model's reading of a message, its values checked against the context (people still as the model wrote them). */
export interface LlmInterpretation {
  intent: Intent;
  values: Record<string, Json>;
}

/** Reads free text with a language model; null when it has no usable answer (then the agent behaves as without it). */
export interface LlmInterpreter {
  /** The model's name, shown in the explanation. */
  readonly model: string;
  interpret(text: string, context: LlmContext): Promise<LlmInterpretation | null>;
}

/** What a conversation waits for between turns: a "yes" to a proposal, or one missing value. */
export type Pending =
  | { kind: 'confirm'; action: ProposedAction; understood: Understanding }
  | { kind: 'ask'; intent: Intent; field: string; fieldKind: FieldKind | 'choice'; options?: { label: string; value: Json }[]; values: Record<string, Json>; understood: Understanding };

/** A conversation's state and the version to take it by. */
export interface ConversationState {
  pending: Pending;
  at: number;
  version: number;
}

/** Where conversations wait between turns (./conversations.ts: in the store's kv, or in memory). */
export interface Conversations {
  /** The state, unless there is none or it is older than the TTL. */
  get(conversationId: string, now: number): Promise<ConversationState | undefined>;
  /** Sets what the conversation waits for (replacing whatever it waited for). */
  set(conversationId: string, pending: Pending, now: number): Promise<void>;
  /** Ends the wait seen at `version`; false when another turn ended or replaced it first. */
  take(conversationId: string, version: number): Promise<boolean>;
}
