/**
 * The console talks only to Gatehouse's HTTP API (under /api/v1). Every request sends
 * `X-Gatehouse-Request: 1` (cookie-authenticated mutating requests need it) and the session cookie.
 * Until console sessions are available on a server, signing in with the API token falls back to
 * sending it as a bearer token (kept in this tab's sessionStorage only).
 */

export interface ApiIssue {
  path?: string;
  field?: string;
  message: string;
}

/** An error answered by the API (`{"error":{"code","message",…}}`) or a network failure. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: ApiIssue[];
  readonly rule: string | undefined;
  readonly body: unknown;
  constructor(status: number, code: string, message: string, issues: ApiIssue[] = [], rule?: string, body?: unknown) {
    super(message);
    this.status = status;
    this.code = code;
    this.issues = issues;
    this.rule = rule;
    this.body = body;
  }
}

const TOKEN_KEY = 'gatehouse.bearer';

export function bearerToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function setBearerToken(token: string | null): void {
  try {
    if (token === null) sessionStorage.removeItem(TOKEN_KEY);
    else sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    // storage unavailable: the session cookie is the only way in
  }
}

/** Called when the API answers 401 (the session ended): the app goes back to sign-in. */
let onUnauthorized: (() => void) | null = null;
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  accept?: string;
  /** Do not treat a 401 as "signed out" (the sign-in calls themselves). */
  quiet401?: boolean;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export function apiUrl(path: string, query?: RequestOptions['query']): string {
  const url = new URL(path.startsWith('/api/') ? path : `/api/v1${path}`, window.location.origin);
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, String(value));
  return url.pathname + url.search;
}

export async function rawRequest(path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { 'X-Gatehouse-Request': '1', accept: options.accept ?? 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const token = bearerToken();
  if (token && !headers.authorization) headers.authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      credentials: 'same-origin',
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK', `Gatehouse did not answer (${(error as Error).message}). Is \`gatehouse serve\` running?`);
  }
  if (!response.ok && response.status !== 422) {
    let body: unknown = null;
    try {
      body = await response.json();
    } catch {
      // not JSON
    }
    const error = (body as { error?: { code?: string; message?: string; issues?: ApiIssue[]; rule?: string } } | null)?.error;
    if (response.status === 401 && !options.quiet401) onUnauthorized?.();
    throw new ApiError(response.status, error?.code ?? `HTTP_${response.status}`, error?.message ?? `Gatehouse answered ${response.status} ${response.statusText}.`, error?.issues ?? [], error?.rule, body);
  }
  return response;
}

/** A JSON call; throws ApiError with the API's error.message. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await rawRequest(path, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** Downloads an export (CSV, JSONL, JSON) through the API, with the same headers. */
export async function download(path: string, query: RequestOptions['query'], filename: string): Promise<void> {
  const response = await rawRequest(path, { query, accept: '*/*' });
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// ---- Shapes the API answers (the parts the console reads) ----

export interface SessionInfo {
  user: { login: string; name?: string | null; roles: string[] };
  okta: { enabled: boolean };
}

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  items?: JsonSchema;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  const?: unknown;
  title?: string;
}

export interface Workflow {
  id: string;
  title: string;
  description: string;
  examples?: string[];
  access?: string;
  triggers: { type: string; cron?: string; source?: string; events?: string[] }[];
  approval: { required: boolean };
  inputSchema: JsonSchema;
  installed?: boolean;
  source?: string | null;
}

export interface Run {
  id: string;
  workflowId: string;
  status: string;
  input: unknown;
  output: unknown;
  error: unknown;
  wakeAt: number | null;
  waitKey: string | null;
  attempt: number;
  createdAt: number;
  updatedAt: number;
  meta?: Record<string, unknown>;
}

export interface Step {
  runId: string;
  seq: number;
  stepId: string;
  kind: string;
  status: string;
  output: unknown;
  error: unknown;
  attempts: number;
  startedAt: number | null;
  endedAt: number | null;
}

export interface DryRunPlan {
  workflowId: string;
  changes: { kind: string; summary: string; call?: string; args?: unknown[] }[];
  reads: number;
  output: unknown;
  error: { code?: string; message?: string } | null;
}

export interface Approval {
  id: string;
  runId: string;
  stepId: string;
  workflowId: string;
  approvers: string[];
  reason: string;
  requestedBy: string;
  status: string;
  required: number;
  subject: string | null;
  decisions: { by: string; approved: boolean; comment: string | null; at: number }[];
  context: Record<string, unknown>;
  decidedBy: string | null;
  comment: string | null;
  createdAt: number;
  expiresAt: number;
  decidedAt: number | null;
}

export interface AuditEntry {
  seq: number;
  at: number;
  actor: string;
  action: string;
  target: string | null;
  data: Record<string, unknown>;
  hash: string;
}

/** An Okta System Log event (the fields the console shows). */
export interface LogEvent {
  uuid: string;
  published: string;
  eventType: string;
  displayMessage?: string | null;
  actor?: { id: string; type: string; alternateId?: string | null; displayName?: string | null } | null;
  outcome?: { result?: string | null; reason?: string | null } | null;
}

export interface OktaUser {
  id: string;
  status: string;
  created?: string;
  lastLogin?: string | null;
  statusChanged?: string | null;
  profile: { login: string; email?: string; firstName?: string; lastName?: string; displayName?: string | null; title?: string | null; department?: string | null; manager?: string | null; [key: string]: unknown };
}

export interface OktaGroup {
  id: string;
  type: string;
  profile: { name: string; description?: string | null };
  lastMembershipUpdated?: string;
}

export interface OktaApp {
  id: string;
  name: string;
  label: string;
  status: string;
  signOnMode?: string;
}

export interface AppLink {
  id: string;
  label: string;
  appInstanceId: string;
  appName: string;
  linkUrl?: string;
}

export interface AppUser {
  id: string;
  scope: string;
  status: string;
  credentials?: { userName?: string };
  profile?: Record<string, unknown>;
  _links?: { group?: { name?: string; href?: string } };
}

export interface CapabilityResult {
  capability: string;
  scope: string;
  scopeGranted: boolean;
  roleAllows: boolean | null;
  ok: boolean;
  fix: string | null;
}

export interface TestReport {
  tokenType?: string | null;
  grantedScopes: string[];
  droppedScopes: string[];
  roles: string[] | null;
  results: CapabilityResult[];
  tokenError: string | { code?: string; message?: string } | null;
  ok: boolean;
}

export interface ConnectionInfo {
  mode?: string;
  connected?: boolean;
  orgUrl?: string | null;
  clientId?: string | null;
  scopes?: string[];
  auth?: string;
  [key: string]: unknown;
}

export interface AccessRequest {
  id: string;
  resourceId: string;
  roleId: string;
  groupId: string;
  requestedBy: string;
  forUser: string;
  justification: string | null;
  durationMs: number | null;
  status: string;
  policyId: string;
  approvals: { step: string; approvalId: string; status: string }[];
  grantedAt: number | null;
  endsAt: number | null;
  outcome: { by: string; reason: string; rule: string | null } | null;
  history: { at: number; by: string; action: string; detail: string }[];
  createdAt: number;
}

export interface ActiveGrant {
  requestId: string;
  resourceId: string;
  roleId: string;
  groupId: string;
  userId: string;
  login: string;
  grantedAt: number;
  endsAt: number | null;
}

export interface CatalogRole {
  id: string;
  name: string;
  maxDurationMs: number | null;
  defaultDurationMs: number | null;
  requireJustification: boolean;
  approvals: string[];
  request: { id: string; status: string; endsAt: number | null } | null;
}

export interface CatalogResource {
  id: string;
  kind: string;
  name: string;
  description: string;
  eligible: boolean;
  rule?: string;
  reason?: string;
  roles: CatalogRole[];
}

export interface Campaign {
  id: string;
  name: string;
  description: string;
  scope: { kind: string; appIds?: string[]; groupIds?: string[]; department?: string };
  reviewers: { kind: string; logins?: string[] };
  fallbackReviewer: string | null;
  dueAt: number;
  status: string;
  createdBy: string;
  createdAt: number;
  itemCount: number;
  revokeMode: string;
}

export interface CampaignProgress {
  total: number;
  decided: number;
  open: number;
  kept: number;
  revoked: number;
  reassigned: number;
  percent: number;
  dueAt: number;
  overdue: boolean;
  revocations: { applied: number; pending: number; failed: number; needsOktaChange: number };
  byReviewer: { reviewer: string; total: number; open: number }[];
}

export interface ReviewItem {
  id: string;
  login: string;
  displayName: string;
  userStatus: string;
  resource: { kind: string; id: string; name: string; readOnly: boolean };
  how: ({ kind: 'direct' } | { kind: 'group'; groupName: string; groupId: string } | { kind: 'grant'; requestId: string; endsAt: number | null })[];
  since: number | null;
  reviewers: string[];
  decision: { outcome: string; by: string; at: number; comment: string } | null;
  change: { action: string; error: { message: string } | null } | null;
}

export interface ChatReply {
  text: string;
  understood?: { intent?: string; confidence?: number; explanation?: string[] } | null;
  proposedAction?: unknown;
  question?: unknown;
  done?: unknown;
  refusal?: unknown;
}
