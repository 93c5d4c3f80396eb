/**
 * The help desk agent: one turn at a time it understands a message (./understand.ts), asks for
 * what is missing — one question at a time —, proposes the change and waits for "yes", then acts
 * through the same services as the API, as the person writing: their eligibility, their
 * policies, their approvals. Nobody can do more through chat than the policies allow them; a
 * refusal carries the rule's own words. Dialogue state is kept per conversation, in memory.
 */
import { formatDuration } from '../common/duration.ts';
import { GatehouseError } from '../common/errors.ts';
import type { Json } from '../engine/contract.ts';
import type { ApprovalRecord } from '../workflows/approvals.ts';
import type { AnyWorkflow } from '../workflows/sdk.ts';
import { createMemoryConversations, type Pending } from './conversations.ts';
import { createKnowledge, type Person, type Resolution } from './knowledge.ts';
import { fieldsOf, fillSlots, readAnswer } from './slots.ts';
import { closeTo, normalize, words } from './text.ts';
import type { AgentReply, ChatAgent, ChatAgentDeps, ChatIdentity, ChatTurnInput, Intent, ProposedAction, Understanding } from './types.ts';
import { createUnderstanding } from './understand.ts';

type AskKind = Extract<Pending, { kind: 'ask' }>['fieldKind'];

const iso = (ms: number) => new Date(ms).toISOString().replace(/:\d{2}\.\d{3}Z$/, 'Z');

/** Creates the agent. Call `refresh()` once the directory is synced (and after installs). */
export function createChatAgent(deps: ChatAgentDeps): ChatAgent {
  const knowledge = createKnowledge();
  const engine = createUnderstanding(knowledge);
  const conversations = deps.conversations ?? createMemoryConversations();
  let loaded: Promise<void> | undefined;
  const now = () => deps.clock.now();

  async function refresh(): Promise<void> {
    await knowledge.load(deps.directory, await deps.access.catalog.listResources());
    engine.load(deps.runtime.list());
  }
  const ready = () => (loaded ??= refresh());

  /** Understanding plus, for workflows, their input read from the message. */
  async function understandAs(text: string, me: Person): Promise<{ understood: Understanding; ambiguousPerson: { field: string; options: Person[] } | null }> {
    const understood = engine.understand(text, me, now(), await deps.isTeam(me.login));
    if (understood.intent !== 'workflow.run') return { understood, ambiguousPerson: null };
    const workflow = deps.runtime.list().find((w) => w.id === understood.values.workflowId);
    if (!workflow) return { understood, ambiguousPerson: null };
    const parsed = engine.parse(text);
    const filled = fillSlots({ workflow, original: text, text: parsed.text, tokens: parsed.tokens, knowledge, me, person: engine.personIn(parsed, engine.namedWords(parsed)), now: now() });
    return {
      understood: { ...understood, values: { ...understood.values, ...filled.values }, explanation: [...understood.explanation, ...filled.explanation] },
      ambiguousPerson: filled.ambiguous,
    };
  }

  function identify(identity: ChatIdentity): Person | undefined {
    for (const key of [identity.login, identity.email]) {
      const person = key ? knowledge.person(key) : undefined;
      if (person) return person;
    }
    return undefined;
  }

  const reply = (understood: Understanding, text: string, extra: Partial<AgentReply> = {}): AgentReply => ({
    text,
    understood,
    proposedAction: null,
    question: null,
    done: null,
    refusal: null,
    ...extra,
  });

  function refusal(understood: Understanding, error: unknown): AgentReply {
    if (!(error instanceof GatehouseError)) throw error;
    const rule = (error as { rule?: unknown }).rule;
    return reply(understood, error.message, { refusal: { code: error.code, message: error.message, ...(typeof rule === 'string' ? { rule } : {}) } });
  }

  async function ask(conversationId: string, understood: Understanding, intent: Intent, values: Record<string, Json>, field: string, fieldKind: AskKind, prompt: string, options?: { label: string; value: Json }[]): Promise<AgentReply> {
    await conversations.set(conversationId, { kind: 'ask', intent, field, fieldKind, values, understood, ...(options ? { options } : {}) }, now());
    const text = options ? `${prompt} ${options.map((o) => o.label).join(' / ')}` : prompt;
    return reply(understood, text, { question: { field, prompt, ...(options ? { options: options.map((o) => o.label) } : {}) } });
  }

  async function propose(conversationId: string, understood: Understanding, action: ProposedAction): Promise<AgentReply> {
    await conversations.set(conversationId, { kind: 'confirm', action, understood }, now());
    return reply(understood, `${action.summary} (yes / no)`, { proposedAction: action });
  }

  const personLabel = (p: Person) => `${p.display} (${p.login})`;
  const labelOf = async (resourceId: string, roleId: string | null) => {
    const resource = await deps.access.catalog.getResource(resourceId);
    const role = resource?.roles.find((r) => r.id === roleId);
    return resource ? (role && resource.roles.length > 1 ? `${resource.name} (${role.name})` : resource.name) : resourceId;
  };

  /** Decides what to do with an understood intent and its values so far. */
  async function plan(conversationId: string, me: Person, understood: Understanding, intent: Intent, values: Record<string, Json>, ambiguousPerson: { field: string; options: Person[] } | null = null): Promise<AgentReply> {
    const { requests } = deps.access;
    switch (intent) {
      case 'confirm':
      case 'cancel':
        return reply(understood, intent === 'cancel' ? 'Nothing to cancel.' : 'There is nothing waiting for a yes. What do you need?');
      case 'help':
        return reply(understood, await helpText(me), { done: { kind: 'help', result: null } });
      case 'access.mine': {
        const mine = await requests.mine(me.login);
        const apps = await deps.directory.appsOf(me.id);
        const appNames = (await Promise.all(apps.map(async (a) => (await deps.directory.getApp(a.appId))?.label ?? a.appId))).sort();
        const lines = mine.active.map((r) => `• ${r.resourceId}/${r.roleId}${r.endsAt ? ` — ends ${iso(r.endsAt)} (${formatDuration(Math.max(0, r.endsAt - now()))} left)` : ' — no end date'} [${r.id}]`);
        const text = [
          mine.active.length > 0 ? `Time-bound access you hold:\n${lines.join('\n')}` : 'You hold no time-bound access from Gatehouse.',
          appNames.length > 0 ? `Apps assigned to you in Okta: ${appNames.join(', ')}.` : 'No apps are assigned to you in Okta.',
          mine.pending.length > 0 ? `Pending requests: ${mine.pending.map((r) => `${r.resourceId} (${r.id})`).join(', ')}.` : '',
        ].filter(Boolean);
        return reply(understood, text.join('\n'), { done: { kind: 'access.mine', result: { active: mine.active.map((r) => r.id), apps: appNames } } });
      }
      case 'access.status': {
        if (typeof values.requestId === 'string') {
          const request = await requests.get(values.requestId).catch(() => undefined);
          if (!request || (request.forUserId !== me.id && request.requestedBy !== me.login && !(await deps.isTeam(me.login)))) return reply(understood, `I can't find a request ${values.requestId} of yours.`);
          return reply(understood, await describeRequest(request.id), { done: { kind: 'access.status', result: { requests: [request.id] } } });
        }
        const mine = await requests.mine(me.login);
        const recent = [...mine.pending, ...mine.active, ...mine.past].slice(0, 5);
        if (recent.length === 0) return reply(understood, 'You have no access requests yet. Ask me for access, e.g. "I need Figma for 8 hours".', { done: { kind: 'access.status', result: { requests: [] } } });
        const lines = await Promise.all(recent.map((r) => describeRequest(r.id)));
        return reply(understood, lines.join('\n'), { done: { kind: 'access.status', result: { requests: recent.map((r) => r.id) } } });
      }
      case 'approvals.pending': {
        const pending = await deps.approvals.list({ status: 'pending', approver: me.login });
        if (pending.length === 0) return reply(understood, 'Nothing waits for your approval.', { done: { kind: 'approvals.pending', result: { approvals: [] } } });
        return reply(understood, `Waiting for your decision:\n${pending.map((a) => `• ${a.reason} [${String(a.context.requestId ?? a.id)}]`).join('\n')}`, { done: { kind: 'approvals.pending', result: { approvals: pending.map((a) => a.id) } } });
      }
      case 'approval.approve':
      case 'approval.deny':
        return planDecision(conversationId, me, understood, intent === 'approval.approve', values);
      case 'access.request':
        return planRequest(conversationId, me, understood, values);
      case 'access.extend':
      case 'access.release':
        return planGrantChange(conversationId, me, understood, intent, values);
      case 'workflow.run':
        return planWorkflow(conversationId, me, understood, values, ambiguousPerson);
      default: {
        const options = understood.alternatives
          .filter((a) => a.workflowId)
          .map((a) => ({ label: deps.runtime.list().find((w) => w.id === a.workflowId)?.title ?? a.workflowId!, value: a.workflowId! }));
        if (options.length > 1) return ask(conversationId, understood, 'workflow.run', {}, 'workflowId', 'choice', 'Did you mean one of these?', options);
        if (understood.alternatives.some((a) => a.intent === 'access.request')) {
          return reply(understood, `Do you want to request access? Say for example "I need ${understood.values.resource ?? 'Figma'} for 8 hours". Or say "help".`, { question: { field: 'intent', prompt: 'What would you like to do?' } });
        }
        return reply(understood, `I'm not sure what you need. ${await helpText(me)}`, { question: { field: 'intent', prompt: 'What would you like to do?' } });
      }
    }
  }

  async function helpText(me: Person): Promise<string> {
    const offered = await deps.access.requests.catalogFor(me.login).catch(() => []);
    const team = await deps.isTeam(me.login);
    const workflows = deps.runtime.list().filter((w) => team || w.access === 'anyone');
    return [
      'I can request access for you ("I need Figma for 8 hours"), tell you what access you have ("what access do I have?"), the status of your requests, extend or give back access, and approve or deny requests waiting for you.',
      offered.length > 0 ? `You can request: ${offered.map((r) => r.name).join(', ')}.` : '',
      workflows.length > 0 ? `I can also run: ${workflows.map((w) => `${w.title} ("${w.examples[0] ?? w.id}")`).join('; ')}.` : '',
    ]
      .filter(Boolean)
      .join('\n');
  }

  async function describeRequest(id: string): Promise<string> {
    const r = await deps.access.requests.get(id);
    const pending = r.status === 'pending' ? await deps.access.requests.pendingApproval(id) : undefined;
    const what = await labelOf(r.resourceId, r.roleId);
    if (r.status === 'active') return `${what} for ${r.forUser}: active${r.endsAt ? `, ends ${iso(r.endsAt)} (${formatDuration(Math.max(0, r.endsAt - now()))} left)` : ''} [${r.id}]`;
    if (r.status === 'pending') return `${what} for ${r.forUser}: waiting for ${pending ? pending.approvers.join(', ') : 'approval'} [${r.id}]`;
    return `${what} for ${r.forUser}: ${r.status}${r.outcome ? ` — ${r.outcome.reason}` : ''} [${r.id}]`;
  }

  async function planRequest(conversationId: string, me: Person, understood: Understanding, values: Record<string, Json>): Promise<AgentReply> {
    const { catalog, requests } = deps.access;
    if (typeof values.resource !== 'string') {
      const offered = await requests.catalogFor(me.login);
      if (offered.length === 0) return reply(understood, 'Nothing can be requested yet: ask your IT team to add resources to the access catalog.');
      return ask(conversationId, understood, 'access.request', values, 'resource', 'choice', 'What would you like access to?', offered.map((r) => ({ label: r.name, value: r.id })));
    }
    const resource = await catalog.getResource(values.resource);
    if (!resource) return reply(understood, `There is no requestable resource "${values.resource}".`);
    if (typeof values.role !== 'string' && resource.roles.length > 1) {
      return ask(conversationId, understood, 'access.request', values, 'role', 'choice', `Which ${resource.name} role?`, resource.roles.map((r) => ({ label: r.name, value: r.id })));
    }
    const input = {
      by: me.login,
      resource: resource.id,
      role: typeof values.role === 'string' ? values.role : resource.roles[0]!.id,
      ...(typeof values.forUser === 'string' ? { forUser: values.forUser } : {}),
      ...(typeof values.durationMs === 'number' ? { durationMs: values.durationMs } : {}),
      justification: typeof values.justification === 'string' ? values.justification : null,
    };
    let checked: Awaited<ReturnType<typeof requests.check>>;
    try {
      checked = await requests.check(input);
    } catch (error) {
      if (error instanceof GatehouseError && String((error as { rule?: unknown }).rule ?? '').endsWith('.justification')) {
        return ask(conversationId, understood, 'access.request', values, 'justification', 'text', `Why do you need ${resource.name}? (the approvers see it)`);
      }
      return refusal(understood, error);
    }
    const what = await labelOf(resource.id, input.role);
    const forWhom = checked.forUser.login === me.login ? 'you' : checked.forUser.login;
    const howLong = checked.durationMs === null ? 'with no end date' : `for ${formatDuration(checked.durationMs)}`;
    const approvals = checked.steps.steps.length === 0 ? 'granted at once' : `approval: ${checked.steps.steps.map((s) => `${s.name} (${s.approvers.join(', ')})`).join(', then ')}`;
    return propose(conversationId, understood, {
      kind: 'access.request',
      summary: `Request ${what} ${howLong} for ${forWhom}? ${approvals[0]!.toUpperCase()}${approvals.slice(1)}.`,
      details: { ...input, durationMs: checked.durationMs, justification: checked.justification },
    });
  }

  /** The person's active grant the message points at (by request id, or by resource). */
  async function grantOf(me: Person, values: Record<string, Json>) {
    const active = (await deps.access.requests.mine(me.login)).active.filter((r) => r.forUserId === me.id);
    if (typeof values.requestId === 'string') return active.filter((r) => r.id === values.requestId);
    if (typeof values.resource === 'string') return active.filter((r) => r.resourceId === values.resource && (typeof values.role !== 'string' || r.roleId === values.role));
    return active;
  }

  async function planGrantChange(conversationId: string, me: Person, understood: Understanding, intent: 'access.extend' | 'access.release', values: Record<string, Json>): Promise<AgentReply> {
    const grants = await grantOf(me, values);
    if (grants.length === 0 && intent === 'access.release') {
      // Nothing held yet: giving it back means withdrawing the pending request.
      const pending = (await deps.access.requests.mine(me.login)).pending.filter(
        (r) => r.status === 'pending' && (typeof values.requestId === 'string' ? r.id === values.requestId : typeof values.resource === 'string' ? r.resourceId === values.resource : true),
      );
      if (pending.length === 1) {
        const what = await labelOf(pending[0]!.resourceId, pending[0]!.roleId);
        return propose(conversationId, understood, { kind: 'access.release', summary: `Withdraw your pending request for ${what} (${pending[0]!.id})?`, details: { requestId: pending[0]!.id, cancel: true } });
      }
    }
    if (grants.length === 0) {
      const what = typeof values.resource === 'string' ? await labelOf(values.resource, typeof values.role === 'string' ? values.role : null) : 'time-bound access';
      return reply(understood, `You have no active ${what} from Gatehouse${intent === 'access.extend' ? ' to extend' : ''}.`);
    }
    if (grants.length > 1) {
      const options = await Promise.all(grants.map(async (g) => ({ label: `${await labelOf(g.resourceId, g.roleId)} [${g.id}]`, value: g.id })));
      return ask(conversationId, understood, intent, values, 'requestId', 'choice', intent === 'access.extend' ? 'Which access should I extend?' : 'Which access should I end?', options);
    }
    const grant = grants[0]!;
    const what = await labelOf(grant.resourceId, grant.roleId);
    if (intent === 'access.release') {
      return propose(conversationId, understood, { kind: 'access.release', summary: `End your ${what} access now?`, details: { requestId: grant.id } });
    }
    if (typeof values.durationMs !== 'number') return ask(conversationId, { ...understood, values: { ...values, requestId: grant.id } }, intent, { ...values, requestId: grant.id }, 'durationMs', 'duration', `For how much longer do you need ${what}? (e.g. 2 hours)`);
    const newEnd = Math.max(grant.endsAt ?? now(), now()) + values.durationMs;
    return propose(conversationId, understood, {
      kind: 'access.extend',
      summary: `Extend your ${what} access by ${formatDuration(values.durationMs)} (to ${iso(newEnd)})? It goes through the same policy.`,
      details: { requestId: grant.id, durationMs: values.durationMs },
    });
  }

  async function planDecision(conversationId: string, me: Person, understood: Understanding, approved: boolean, values: Record<string, Json>): Promise<AgentReply> {
    let pending: ApprovalRecord[] = await deps.approvals.list({ status: 'pending', approver: me.login });
    if (typeof values.requestId === 'string') pending = pending.filter((a) => a.context.requestId === values.requestId || a.id === values.requestId);
    if (typeof values.user === 'string') {
      const user = (values.user as string).toLowerCase();
      pending = pending.filter((a) => a.requestedBy.toLowerCase() === user || a.subject?.toLowerCase() === user);
    }
    if (typeof values.approvalId === 'string') pending = pending.filter((a) => a.id === values.approvalId);
    if (pending.length === 0) {
      const mine = typeof values.requestId === 'string' ? await deps.access.requests.get(values.requestId).catch(() => undefined) : undefined;
      if (mine && (mine.requestedBy === me.login || mine.forUserId === me.id)) return reply(understood, 'You cannot approve your own request; another approver must decide it.', { refusal: { code: 'APPROVAL_REFUSED', message: 'You cannot approve your own request; another approver must decide it.' } });
      return reply(understood, typeof values.user === 'string' ? `Nothing from ${values.user} waits for your approval.` : 'Nothing waits for your approval.');
    }
    if (pending.length > 1) {
      return ask(conversationId, understood, approved ? 'approval.approve' : 'approval.deny', values, 'approvalId', 'choice', `Which one?`, pending.map((a) => ({ label: a.reason, value: a.id })));
    }
    const approval = pending[0]!;
    if (!approved && typeof values.comment !== 'string') {
      return ask(conversationId, understood, 'approval.deny', { ...values, approvalId: approval.id }, 'comment', 'text', 'Why do you deny it? (the requester sees your reason)');
    }
    return propose(conversationId, understood, {
      kind: 'approval.decide',
      summary: `${approved ? 'Approve' : 'Deny'}: ${approval.reason}?`,
      details: { approvalId: approval.id, approved, comment: typeof values.comment === 'string' ? values.comment : null },
    });
  }

  async function planWorkflow(conversationId: string, me: Person, understood: Understanding, values: Record<string, Json>, ambiguousPerson: { field: string; options: Person[] } | null): Promise<AgentReply> {
    const workflow: AnyWorkflow | undefined = deps.runtime.list().find((w) => w.id === values.workflowId);
    if (!workflow) return reply(understood, `The workflow "${String(values.workflowId)}" is not installed.`);
    if (workflow.access === 'team' && !(await deps.isTeam(me.login))) {
      const message = `Only the IT team can run "${workflow.title}". I can request access for you instead, or pass this to IT.`;
      return reply(understood, message, { refusal: { code: 'FORBIDDEN', message, rule: `workflow:${workflow.id}.access` } });
    }
    if (ambiguousPerson && values[ambiguousPerson.field] === undefined) {
      return ask(conversationId, understood, 'workflow.run', values, ambiguousPerson.field, 'choice', 'Which person?', ambiguousPerson.options.slice(0, 8).map((p) => ({ label: personLabel(p), value: p.login })));
    }
    for (const field of fieldsOf(workflow)) {
      if (!field.required || values[field.name] !== undefined) continue;
      const description = field.schema.description ?? field.name;
      const prompt = field.kind === 'person' ? `Who is it for? (${description})` : field.kind === 'group' ? `Which group? (${description})` : field.kind === 'app' ? `Which app? (${description})` : `${description}?`;
      return ask(conversationId, understood, 'workflow.run', values, field.name, field.kind, prompt);
    }
    const { workflowId: _id, ...input } = values;
    const shown = Object.entries(input).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
    return propose(conversationId, understood, { kind: 'workflow.run', summary: `Run "${workflow.title}" with ${shown.join(', ') || 'no input'}?`, details: { workflowId: workflow.id, input } });
  }

  /** Carries out a confirmed action. */
  async function execute(me: Person, understood: Understanding, action: ProposedAction, identity: ChatIdentity): Promise<AgentReply> {
    const d = action.details;
    try {
      if (action.kind === 'access.request') {
        const created = await deps.access.requests.request({
          by: me.login,
          resource: String(d.resource),
          role: String(d.role),
          ...(typeof d.forUser === 'string' ? { forUser: d.forUser } : {}),
          durationMs: typeof d.durationMs === 'number' ? d.durationMs : null,
          justification: typeof d.justification === 'string' ? d.justification : null,
        });
        return reply(understood, `Requested (${created.id}). I'll tell you when it is decided; "status of my request" shows where it is.`, { done: { kind: action.kind, result: { requestId: created.id } } });
      }
      if (action.kind === 'access.extend') {
        const r = await deps.access.requests.extend(String(d.requestId), { by: me.login, durationMs: Number(d.durationMs) });
        return reply(understood, `Extension asked for ${r.id}; I'll tell you when it is decided.`, { done: { kind: action.kind, result: { requestId: r.id } } });
      }
      if (action.kind === 'access.release' && d.cancel === true) {
        const r = await deps.access.requests.cancel(String(d.requestId), { by: me.login, reason: 'withdrawn in chat' });
        return reply(understood, `Withdrawn: ${r.id}.`, { done: { kind: action.kind, result: { requestId: r.id } } });
      }
      if (action.kind === 'access.release') {
        const r = await deps.access.requests.revoke(String(d.requestId), { by: me.login, reason: 'given back by the holder in chat' });
        return reply(understood, `Done: your access ended (${r.id}).`, { done: { kind: action.kind, result: { requestId: r.id } } });
      }
      if (action.kind === 'approval.decide') {
        const record = await deps.approvals.decide(String(d.approvalId), { by: me.login, approved: d.approved === true, comment: typeof d.comment === 'string' ? d.comment : null });
        const waiting = record.status === 'pending' ? ` It still needs ${record.required - record.decisions.filter((x) => x.approved).length} more approval(s).` : '';
        return reply(understood, `${d.approved ? 'Approved' : 'Denied'}.${waiting}`, { done: { kind: action.kind, result: { approvalId: record.id, status: record.status } } });
      }
      const runId = await deps.runtime.start(String(d.workflowId), d.input, { startedBy: me.login, meta: { surface: identity.surface } });
      return reply(understood, `Started "${String(d.workflowId)}" (run ${runId}). I'll tell you how it ends.`, { done: { kind: action.kind, result: { runId } } });
    } catch (error) {
      return refusal(understood, error);
    }
  }

  /** Reads the answer to the question a conversation waits on. */
  function answerOf(pending: Extract<Pending, { kind: 'ask' }>, text: string, me: Person): Json | { many: Person[] } | undefined {
    if (pending.fieldKind === 'choice') {
      const typed = normalize(text);
      const n = /^\d+$/.test(typed) ? Number(typed) - 1 : -1;
      if (n >= 0 && pending.options?.[n]) return pending.options[n]!.value;
      const typedWords = words(typed);
      const hit = pending.options?.filter((o) => {
        const label = words(normalize(o.label));
        return normalize(o.label) === typed || typedWords.every((w) => label.some((l) => l === w || closeTo(w, l) || l.startsWith(w)));
      });
      return hit?.length === 1 ? hit[0]!.value : undefined;
    }
    return readAnswer(pending.fieldKind, text, { knowledge, tokens: engine.parse(text).tokens, me, now: now() });
  }

  /**
   * A message the rules did not understand, read by the language model (deps.llm) when one is
   * configured: the people it names are resolved here like any other name (or asked for), then the
   * normal plan — a change still waits for "yes", as the person writing. Null: no usable reading.
   */
  async function interpret(conversationId: string, me: Person, text: string): Promise<AgentReply | null> {
    const llm = deps.llm!;
    const workflows = deps.runtime.list();
    const read = await llm.interpret(text, {
      resources: knowledge.resources().map((r) => ({ id: r.id, name: r.name, roles: r.roles.map((role) => role.id) })),
      workflows: workflows.map((w) => ({ id: w.id, title: w.title, fields: fieldsOf(w).map((f) => f.name) })),
    });
    if (!read) return null;
    const { intent } = read;
    const values: Record<string, Json> = { ...read.values };
    const understood: Understanding = { intent, confidence: 0.5, values, alternatives: [], explanation: [`interpreted by the language model (${llm.model})`] };
    const workflow = intent === 'workflow.run' ? workflows.find((w) => w.id === values.workflowId) : undefined;
    const personFields = intent === 'access.request' ? ['forUser'] : intent === 'approval.approve' || intent === 'approval.deny' ? ['user'] : workflow ? fieldsOf(workflow).filter((f) => f.kind === 'person').map((f) => f.name) : [];
    for (const field of personFields) {
      const named = values[field];
      if (named === undefined) continue;
      delete values[field];
      const key = normalize(typeof named === 'string' ? named : JSON.stringify(named));
      const exact = /^(me|myself)$/.test(key) ? me : knowledge.person(key);
      const found: Resolution<Person> = exact ? { kind: 'one', value: exact, text: key } : knowledge.resolvePerson(words(key), new Set());
      if (found.kind === 'many') return ask(conversationId, understood, intent, values, field, 'choice', 'Which person?', found.options.slice(0, 8).map((p) => ({ label: personLabel(p), value: p.login })));
      if (found.kind === 'none') return ask(conversationId, understood, intent, values, field, 'person', `Who do you mean by "${key}"? (a login, email or name)`);
      values[field] = found.value.login;
      understood.explanation.push(`'${key}' → ${personLabel(found.value)}`);
    }
    return plan(conversationId, me, understood, intent, values);
  }

  return {
    async understand(text, context) {
      await ready();
      const me = knowledge.person(context.login);
      if (!me) throw new Error(`There is no user ${context.login} in the synced directory.`);
      return (await understandAs(text, me)).understood;
    },
    refresh: async () => {
      loaded = refresh();
      await loaded;
    },
    async handle(turn: ChatTurnInput): Promise<AgentReply> {
      await ready();
      const me = identify(turn.identity);
      const { understood, ambiguousPerson } = me ? await understandAs(turn.text, me) : { understood: engine.understand(turn.text, { id: '', login: '', email: null, first: '', last: '', display: '', status: '' }, now()), ambiguousPerson: null };
      if (!me) {
        const message = `I can't find you in Okta (${turn.identity.email ?? turn.identity.login ?? turn.identity.id}); ask your IT team to link your chat account to your Okta user.`;
        return reply(understood, message, { refusal: { code: 'UNAUTHENTICATED', message } });
      }
      const state = await conversations.get(turn.conversationId, now());
      // Ends the wait this turn answers; false when another turn (here or in another process) already did.
      const take = () => (state ? conversations.take(turn.conversationId, state.version) : Promise.resolve(true));
      if (state?.pending.kind === 'confirm') {
        if (understood.intent === 'confirm') {
          if (!(await take())) return reply(understood, 'That was already answered (a repeated message, or another window): nothing more was done.', { done: { kind: 'cancel', result: null } });
          return execute(me, state.pending.understood, state.pending.action, turn.identity);
        }
        if (understood.intent === 'cancel') {
          await take();
          return reply(understood, 'OK, nothing changed.', { done: { kind: 'cancel', result: null } });
        }
        if (understood.intent === 'unknown') return reply(understood, `${state.pending.action.summary} Please answer yes or no.`, { proposedAction: state.pending.action });
        await take();
      } else if (state?.pending.kind === 'ask') {
        const pending = state.pending;
        if (understood.intent === 'cancel') {
          await take();
          return reply(understood, 'OK, nothing changed.', { done: { kind: 'cancel', result: null } });
        }
        const switched = understood.intent !== 'unknown' && understood.intent !== 'confirm' && understood.confidence >= 0.85 && pending.fieldKind !== 'text';
        if (!switched) {
          const value = answerOf(pending, turn.text, me);
          if (value === undefined) return reply(understood, `Sorry, I didn't get that. ${pending.options ? `Please pick one: ${pending.options.map((o) => o.label).join(' / ')}` : 'Please answer the question, or say "cancel".'}`, { question: { field: pending.field, prompt: 'Please answer the question' } });
          if (typeof value === 'object' && value !== null && 'many' in value) {
            return ask(turn.conversationId, pending.understood, pending.intent, pending.values, pending.field, 'choice', 'Which person?', (value.many as Person[]).slice(0, 8).map((p) => ({ label: personLabel(p), value: p.login })));
          }
          // The same answer arriving twice (a retry) is planned once.
          if (!(await take())) return reply(understood, 'That was already answered (a repeated message, or another window).', { done: { kind: 'cancel', result: null } });
          const values = pending.field === 'workflowId' ? { workflowId: value as Json } : { ...pending.values, [pending.field]: value as Json };
          if (pending.field === 'workflowId') {
            // The chosen workflow reads its input from the first message again.
            const first = pending.understood;
            return plan(turn.conversationId, me, { ...first, intent: 'workflow.run', values }, 'workflow.run', values);
          }
          return plan(turn.conversationId, me, { ...pending.understood, values }, pending.intent, values);
        }
        await take();
      }
      if (deps.llm && (understood.intent === 'unknown' || understood.confidence < 0.5)) {
        const interpreted = await interpret(turn.conversationId, me, turn.text);
        if (interpreted) return interpreted;
      }
      if (understood.intent !== 'unknown' && understood.confidence < 0.5) {
        return reply(understood, `Do you mean to ${understood.intent.replace('.', ' ')}? Say it with a bit more detail, e.g. "${understood.intent === 'access.extend' ? 'extend my Figma access by 2 hours' : 'I need Figma for 8 hours'}".`, { question: { field: 'intent', prompt: 'Could you say a bit more?' } });
      }
      return plan(turn.conversationId, me, understood, understood.intent, understood.values, ambiguousPerson);
    },
  };
}
