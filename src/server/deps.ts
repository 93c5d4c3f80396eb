/** What the server is built from: its services, injected by the composition root. */
import type { Access } from '../access/index.ts';
import type { ChatAgent } from '../chat/types.ts';
import type { Clock } from '../common/clock.ts';
import type { Json, RunStatus, RunView, StepView } from '../engine/contract.ts';
import type { ConnectionInput, ConnectOutcome, ProbeReport, ValidatedConnection } from '../connection/index.ts';
import type { OktaClient } from '../okta/index.ts';
import type { AuditChainCheck, AuditEntry, AuditQuery } from '../store/index.ts';
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
  /** The bearer token of the local admin (from `<dataDir>/api-token`). A secret. */
  apiToken: string;
  info: { version: string; orgUrl: string; oktaMode: 'emulator' | 'connected'; store: 'sqlite' | 'postgres' };
  logger?: boolean | { level: string };
}
