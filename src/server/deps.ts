/** What the server is built from: its services, injected by the composition root. */
import type { Access } from '../access/index.ts';
import type { ChatAgent } from '../chat/types.ts';
import type { Clock } from '../common/clock.ts';
import type { Json, RunStatus, RunView, StepView } from '../engine/contract.ts';
import type { ConnectionInput, ConnectOutcome, ProbeReport, ValidatedConnection } from '../connection/index.ts';
import type { OktaClient } from '../okta/index.ts';
import type { AuditChainCheck, AuditEntry, AuditQuery, Store } from '../store/index.ts';
import type { OidcClientConfig } from './auth/oidc.ts';
import type { Roles } from './auth/roles.ts';
import type { Approvals } from '../workflows/approvals.ts';
import type { WorkflowRuntime } from '../workflows/runtime.ts';
import type { Webhooks } from '../workflows/webhooks.ts';
import type { AnyWorkflow } from '../workflows/sdk.ts';

/** What the server needs of the engine. */
export interface ServerEngine {
  getRun(runId: string): Promise<RunView | undefined>;
  listRuns(filter?: { workflowId?: string; status?: RunStatus; limit?: number }): Promise<RunView[]>;
  getSteps(runId: string): Promise<StepView[]>;
  cancel(runId: string, reason?: string, by?: string): Promise<boolean>;
  signal(key: string, payload: Json): Promise<number>;
}

export interface ServerDeps {
  runtime: WorkflowRuntime;
  engine: ServerEngine;
  approvals: Approvals;
  /** The installable catalog. */
  catalog: readonly AnyWorkflow[];
  /** Installs a catalog workflow into the workflows folder and registers it; returns the file. */
  install(id: string, options: { force: boolean }): Promise<{ file: string; replaced: boolean }>;
  /** The source of an installed workflow, for the console's source view. */
  source(id: string): Promise<string | undefined>;
  /** The Okta client of the connected org (it changes when another org is connected). */
  okta: () => OktaClient;
  /** The Okta connection: describe (no secret), validate, connect, test. */
  connection: {
    describe(): { mode: 'emulator' | 'connected'; orgUrl: string; clientId: string; scopes: string[]; auth: 'private_key' | 'client_secret' };
    validate(input: ConnectionInput, options: { allowInsecure: boolean }): Promise<ValidatedConnection>;
    connect(input: ConnectionInput, options: { allowInsecure: boolean }): Promise<ConnectOutcome>;
    /** Removes the stored connection and goes back to the embedded demo org. */
    disconnect(by: string): Promise<{ removed: boolean; mode: 'emulator'; orgUrl: string }>;
    test(): Promise<ProbeReport>;
  };
  /** Access management: the catalog, requests and grants, the directory mirror, reviews. */
  access: Access;
  /** The help desk agent (the web chat). */
  chat: ChatAgent;
  clock: Clock;
  /** Webhook secrets and signature checks. */
  webhooks: Webhooks;
  /** The audit log. */
  audit: { listAudit(query?: AuditQuery): Promise<AuditEntry[]>; verifyAuditChain(): Promise<AuditChainCheck> };
  /** Console sessions and roles (issue 7). */
  auth: {
    /** Where sessions and sign-ins in progress are kept (shared by every process on one database). */
    kv: Pick<Store, 'kvGet' | 'kvPut' | 'kvPutIfVersion' | 'kvDelete' | 'kvList' | 'kvPrune'>;
    roles: Roles;
    /** The Okta OIDC app to sign people in with, for the org connected now; undefined: Okta sign-in is off. */
    oidc: () => OidcClientConfig | undefined;
  };
  /** The bearer token of the local admin (from `<dataDir>/api-token`). A secret. */
  apiToken: string;
  info: { version: string; orgUrl: string; oktaMode: 'emulator' | 'connected'; store: 'sqlite' | 'postgres' };
  /** Request logs: off, on (info), or a level and a stream to write the JSON lines to (tests read them). */
  logger?: boolean | { level: string; stream?: { write(line: string): void } };
}
