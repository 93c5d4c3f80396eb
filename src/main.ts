/**
 * The composition root (CONVENTIONS 9): the only place that picks concrete implementations.
 * config → store → Okta (the stored connection, or the embedded emulator with the demo org) →
 * engine + workflow runtime → HTTP API.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { systemClock, type Clock } from './common/clock.ts';
import type { Config } from './config/index.ts';
import {
  connectOkta,
  ConnectionMissingError,
  removeConnection,
  probeConnection,
  validateConnection,
  createVault,
  loadConnection,
  loadVaultKey,
  type ConnectionInput,
  type ConnectOutcome,
  type OktaConnection,
  type Vault,
} from './connection/index.ts';
import { createAccess } from './access/index.ts';
import { createSlackAdapter } from './chat/adapters/slack/index.ts';
import { createChatAgent } from './chat/agent.ts';
import { createKvConversations } from './chat/conversations.ts';
import { createLlmInterpreter } from './chat/llm.ts';
import { startEmulator, type RunningEmulator } from './emulator/index.ts';
import type { EngineWorkflow } from './engine/contract.ts';
import { createEngine } from './engine/index.ts';
import { createOktaClient } from './okta/index.ts';
import { apiTokenFile, loadOrCreateApiTokenWithState } from './server/api-token.ts';
import { callbackUrls, ensureConsoleApp } from './server/auth/console-app.ts';
import type { OidcClientConfig } from './server/auth/oidc.ts';
import { createRoles } from './server/auth/roles.ts';
import { buildApp } from './server/build-app.ts';
import { openStore } from './store/index.ts';
import { createKvApprovalRepository } from './workflows/approval-repository.ts';
import { createApprovals } from './workflows/approvals.ts';
import { catalog } from './workflows/catalog/index.ts';
import { installWorkflow, loadInstalledWorkflows, watchWorkflows, WorkflowInstallError } from './workflows/install.ts';
import { createRequestIdRecorder } from './workflows/internal/request-ids.ts';
import { createOutboxNotifier } from './workflows/notifier.ts';
import { createOktaEventPoller } from './workflows/event-triggers.ts';
import { createWorkflowRuntime } from './workflows/runtime.ts';
import { createWebhooks } from './workflows/webhooks.ts';
import type { AnyWorkflow } from './workflows/sdk.ts';

export const version = '0.1.0';

/** What `startGatehouse` takes besides the config. */
export interface StartOptions {
  /** Override the configured port (0 picks a free one). */
  port?: number;
  clock?: Clock;
  /** Run the engine's worker in this process (default true). */
  worker?: boolean;
  /** Log requests (default: the config's log level); a level and a stream send the JSON lines there. */
  log?: boolean | { level: string; stream?: { write(line: string): void } };
  /** Where the workflows folder is (default `<dataDir>/workflows`). */
  workflowsDir?: string;
  /** Install the whole catalog when the workflows folder is empty (default true). */
  installCatalog?: boolean;
  /** How often the chat index checks whether the mirror, the access catalog or the workflows changed (default 60 s). */
  chatRefreshMs?: number;
}

/** A running Gatehouse. */
export interface RunningGatehouse {
  url: string;
  app: FastifyInstance;
  gatehouse: Gatehouse;
  apiTokenFile: string;
  /** The bootstrap admin token when this start created it (shown once by `serve` on a terminal). A secret. */
  firstStartToken: string | undefined;
  close(): Promise<void>;
}

/** The stored Okta connection, or the embedded emulator's demo org when there is none. */
export async function oktaFor(config: Config, clock: Clock, vault: Vault): Promise<{ connection: OktaConnection; emulator: RunningEmulator | undefined }> {
  try {
    return { connection: await loadConnection(config.dataDir, vault), emulator: undefined };
  } catch (error) {
    if (!(error instanceof ConnectionMissingError) || (error as Error).message.includes('is not a Gatehouse connection file')) throw error;
  }
  const emulator = await startEmulator({ port: 0, seed: 'demo', clock });
  const { clientId, privateKey, scopes, orgUrl } = emulator.credential;
  return {
    emulator,
    connection: {
      orgUrl,
      clientId,
      scopes,
      allowInsecureRequests: true,
      credentials: { kind: 'private_key', clientId, privateJwk: privateKey, kid: String(privateKey.kid), alg: 'RS256' },
    },
  };
}

/** Gatehouse's services, built but not serving: what `serve` listens with and the CLI runs with. */
export async function createGatehouse(config: Config, options: StartOptions = {}) {
  const clock = options.clock ?? systemClock;
  const store = await openStore(config, { clock });
  let emulator: RunningEmulator | undefined;
  try {
    const vault = createVault({ key: await loadVaultKey({ env: config.secretKey, dataDir: config.dataDir }) });
    const okta = await oktaFor(config, clock, vault);
    emulator = okta.emulator;
    const { connection } = okta;
    const requestIds = createRequestIdRecorder();
    const clientFor = (c: OktaConnection) =>
      createOktaClient({ fetch: requestIds.fetch, orgUrl: c.orgUrl, credentials: c.credentials, scopes: c.scopes, clock, allowInsecureRequests: c.allowInsecureRequests });
    // The connected org: replaced when an admin connects another one (new runs and steps use it at once).
    const current = { connection, client: clientFor(connection), mode: (emulator ? 'emulator' : 'connected') as 'emulator' | 'connected' };
    const notifier = createOutboxNotifier({ store, clock });
    // The engine resolves workflows through the runtime, which starts runs through the engine.
    let resolve: (id: string) => EngineWorkflow | undefined = () => undefined;
    // This process among those sharing the database: its engine worker, and the holder of its leases.
    const workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    const engine = createEngine({ store, clock, workflows: (id) => resolve(id), workerId });
    const approvalRepository = createKvApprovalRepository(store);
    const approvals = createApprovals({ repository: approvalRepository, signal: (key, payload) => engine.signal(key, payload), clock, audit: store });
    const runtime = createWorkflowRuntime({ engine, okta: () => current.client, approvals: approvalRepository, notifier, clock, audit: store, requestIds });
    // Access requests, grants, the directory mirror and reviews share the Okta client (and its rate-limit budget).
    const access = createAccess({
      store,
      okta: () => current.client,
      clock,
      engine,
      approvals,
      approvalRepository,
      notifier,
      publish: runtime.publish,
      requestIds,
      startWorkflow: (workflowId, input, startOptions) => runtime.start(workflowId, input, startOptions),
      // Members of the admin group act as admins on any request (the role as last resolved for them).
      isAdmin: (login) => roles.knownAdmin(login),
      processId: workerId,
    });
    // Gatehouse roles: the bootstrap admin and the IT team's Okta group (config.adminGroup) are admins.
    const roles = createRoles({ directory: access.directory, approvals, adminGroup: config.adminGroup });
    resolve = (id) => access.resolve(id) ?? runtime.resolve(id);
    // The help desk agent; the IT team (who may run team workflows from chat) is the admin group.
    const chat = createChatAgent({
      directory: access.directory,
      access,
      approvals,
      runtime,
      clock,
      isTeam: (login) => roles.isAdmin(login),
      // In the store: a conversation's next turn may reach another process, and one "yes" acts once.
      conversations: createKvConversations(store),
      // GATEHOUSE_LLM_URL: a language model reads what the rules do not understand (still behind "yes").
      ...(config.llmUrl ? { llm: createLlmInterpreter({ url: config.llmUrl, model: config.llmModel, ...(config.llmApiKey ? { apiKey: config.llmApiKey } : {}) }) } : {}),
    });
    // Slack, when its token and signing secret are configured: approvals as DMs, the agent in DMs and mentions.
    const slack =
      config.slackBotToken && config.slackSigningSecret
        ? createSlackAdapter({
            agent: chat,
            approvals,
            requests: access.requests,
            catalog: access.catalog,
            directory: access.directory,
            onNotification: (listener) => notifier.onSend(listener),
            botToken: config.slackBotToken,
            signingSecret: config.slackSigningSecret,
            ...(config.slackApiUrl ? { slackApiUrl: config.slackApiUrl } : {}),
            clock,
            kv: store,
            logger: { info() {}, warn: (m) => process.stderr.write(`gatehouse: slack: ${m}\n`), error: (m) => process.stderr.write(`gatehouse: slack: ${m}\n`) },
          })
        : undefined;
    let chatIndexedAt: string | null = null;
    let chatRefresher: ReturnType<typeof setInterval> | undefined;
    const webhooks = createWebhooks({ store, vault, clock });
    let reviewReminders: ReturnType<typeof setInterval> | undefined;
    // Several processes on one database: the System Log is polled by one of them at a time.
    const eventPoller = createOktaEventPoller({ okta: () => current.client, runtime, store, clock, lease: { store, holder: workerId } });

    const workflowsDir = options.workflowsDir ?? join(config.dataDir, 'workflows');
    let loaded = await loadInstalledWorkflows(workflowsDir);
    if (loaded.workflows.length === 0 && loaded.problems.length === 0 && options.installCatalog !== false) {
      // First start: install the catalog so everything works out of the box.
      for (const workflow of catalog) await installWorkflow(workflowsDir, workflow.id);
      loaded = await loadInstalledWorkflows(workflowsDir);
    }
    const register = async (workflow: AnyWorkflow) => {
      runtime.register(workflow);
      for (const schedule of runtime.schedulesOf(workflow)) await engine.upsertSchedule(schedule);
    };
    for (const workflow of loaded.workflows) await register(workflow);
    /**
     * Loads the workflows folder again: new and edited files are registered, removed ones (and
     * their schedules) dropped. Live runs of an edited workflow resume on the new code, and a
     * change that no longer matches their journal fails them with WORKFLOW_NONDETERMINISTIC.
     */
    async function reload(): Promise<{ workflows: string[]; problems: { file: string; message: string }[] }> {
      const fresh = await loadInstalledWorkflows(workflowsDir);
      const ids = new Set(fresh.workflows.map((w) => w.id));
      for (const old of runtime.list()) {
        if (ids.has(old.id)) continue;
        for (const schedule of runtime.schedulesOf(old)) await engine.removeSchedule(schedule.id);
        runtime.unregister(old.id);
      }
      for (const workflow of fresh.workflows) await register(workflow);
      return { workflows: [...ids], problems: fresh.problems };
    }

    return {
      config,
      clock,
      store,
      /** The Okta client of the connected org. */
      get okta() {
        return current.client;
      },
      get connection() {
        return current.connection;
      },
      emulator,
      engine,
      runtime,
      approvals,
      access,
      roles,
      chat,
      /** The Slack adapter (undefined when Slack is not configured). */
      slack,
      /** Brings the directory mirror up to date (a full sync the first time, then from the System Log): what access commands read. */
      async refreshDirectory(): Promise<void> {
        await access.sync.incremental();
      },
      webhooks,
      notifier,
      catalog,
      workflowsDir,
      loadProblems: loaded.problems,
      /** Installs a catalog workflow into the workflows folder and registers it. */
      async install(id: string, { force }: { force: boolean }) {
        const result = await installWorkflow(workflowsDir, id, { force });
        const { problems } = await reload();
        if (!runtime.has(id)) throw new WorkflowInstallError(problems.find((p) => p.file === result.file)?.message ?? `The installed ${id} did not load.`);
        return result;
      },
      reload,
      /** The source of an installed workflow. */
      async source(id: string): Promise<string | undefined> {
        try {
          return await readFile(join(workflowsDir, `${id}.ts`), 'utf8');
        } catch {
          return undefined;
        }
      },
      /** The connected org now. */
      current: () => current,
      /** Connects another Okta org (validate, probe, save); on success new Okta calls go to it. */
      async connect(input: ConnectionInput, connectOptions: { allowInsecure: boolean }): Promise<ConnectOutcome> {
        const outcome = await connectOkta(input, { dataDir: config.dataDir, vault, clock, allowInsecure: connectOptions.allowInsecure, clientFor });
        if (outcome.saved) {
          current.connection = outcome.connection;
          current.client = clientFor(outcome.connection);
          current.mode = 'connected';
        }
        return outcome;
      },
      /**
       * Disconnects the connected org: removes the stored connection and goes back to the embedded
       * demo org (started now if this process began connected), as a fresh start would.
       */
      async disconnect(by: string): Promise<{ removed: boolean; mode: 'emulator'; orgUrl: string }> {
        const previous = current.connection.orgUrl;
        const removed = await removeConnection(config.dataDir);
        if (!emulator) {
          const embedded = await oktaFor(config, clock, vault);
          emulator = embedded.emulator;
          current.connection = embedded.connection;
        } else {
          const { clientId, privateKey, scopes, orgUrl } = emulator.credential;
          current.connection = { orgUrl, clientId, scopes, allowInsecureRequests: true, credentials: { kind: 'private_key', clientId, privateJwk: privateKey, kid: String(privateKey.kid), alg: 'RS256' } };
        }
        current.client = clientFor(current.connection);
        current.mode = 'emulator';
        await store.appendAudit({ actor: by, action: 'okta.disconnected', target: previous, data: { removed, now: current.connection.orgUrl } });
        return { removed, mode: 'emulator', orgUrl: current.connection.orgUrl };
      },
      /**
       * Keeps the help desk agent's in-memory index following the mirror, the access catalog and the
       * installed workflows, in every process that answers chat (an API-only `serve --no-worker` too).
       * The mirror's mark is in the store: whichever process synced, every process rebuilds when it moved.
       */
      startChatRefresh(intervalMs = options.chatRefreshMs ?? 60_000) {
        if (chatRefresher) return;
        chatRefresher = setInterval(() => {
          void Promise.all([access.sync.mirrorVersion(), access.catalog.listResources()]).then(async ([mirrorVersion, resources]) => {
            const mark = `${mirrorVersion}:${runtime.list().map((w) => w.id).join(',')}:${JSON.stringify(resources)}`;
            if (mark !== chatIndexedAt) {
              chatIndexedAt = mark;
              await chat.refresh();
            }
          }).catch((error: unknown) => process.stderr.write(`gatehouse: refreshing the chat index failed: ${error instanceof Error ? error.message : String(error)}\n`));
        }, intervalMs);
        chatRefresher.unref();
      },
      /** Runs workflows here: the engine's worker, the System Log poller of event triggers, review reminders and the scheduled directory sync. */
      startWorkers() {
        engine.startWorker();
        eventPoller.start(15_000, (error) => process.stderr.write(`gatehouse: polling the System Log for event triggers failed: ${error instanceof Error ? error.message : String(error)}; retrying in 15 s\n`));
        // The mirror: a full sync first (when it never ran), then the System Log every minute and a full re-check daily.
        reviewReminders = setInterval(() => {
          void access.reviews.remind().catch((error: unknown) => process.stderr.write(`gatehouse: sending review reminders failed: ${error instanceof Error ? error.message : String(error)}\n`));
        }, 10 * 60_000);
        reviewReminders.unref();
        // Only the process holding the sync's lease runs these passes; the others take over if it stops.
        access.sync.start(60_000, (error) => process.stderr.write(`gatehouse: directory sync failed: ${error instanceof Error ? error.message : String(error)}; retrying in 60 s\n`), {
          fullEveryMs: 86_400_000,
        });
      },
      eventPoller,
      async close() {
        await slack?.stop();
        await eventPoller.stop();
        await access.sync.stop();
        if (reviewReminders) clearInterval(reviewReminders);
        if (chatRefresher) clearInterval(chatRefresher);
        await engine.stop();
        await store.close();
        await emulator?.close();
      },
    };
  } catch (error) {
    await store.close();
    await emulator?.close();
    throw error;
  }
}

/** Gatehouse's services. */
export type Gatehouse = Awaited<ReturnType<typeof createGatehouse>>;

/** Starts Gatehouse: `gatehouse serve` and `npm start`. */
export async function startGatehouse(config: Config, options: StartOptions = {}): Promise<RunningGatehouse> {
  const gatehouse = await createGatehouse(config, options);
  try {
    const { token: apiToken, created: tokenCreated } = await loadOrCreateApiTokenWithState(config.dataDir);
    // "Sign in with Okta": the emulator's console app (made once the server's URL is known), else the configured app of the real org.
    let consoleApp: OidcClientConfig | undefined;
    let redirectUris: string[] = [];
    const oidc = (): OidcClientConfig | undefined => {
      const { connection, mode } = gatehouse.current();
      if (consoleApp && consoleApp.orgUrl === connection.orgUrl) return consoleApp;
      if (mode === 'connected' && config.oidcClientId && config.oidcClientSecret && redirectUris.length > 0) {
        return { orgUrl: connection.orgUrl, clientId: config.oidcClientId, clientSecret: config.oidcClientSecret, redirectUris };
      }
      return undefined;
    };
    const app = buildApp({
      runtime: gatehouse.runtime,
      engine: gatehouse.engine,
      approvals: gatehouse.approvals,
      audit: gatehouse.store,
      webhooks: gatehouse.webhooks,
      access: gatehouse.access,
      chat: gatehouse.chat,
      clock: gatehouse.clock,
      okta: () => gatehouse.okta,
      connection: {
        describe: () => {
          const { connection, mode } = gatehouse.current();
          return { mode, orgUrl: connection.orgUrl, clientId: connection.clientId, scopes: connection.scopes, auth: connection.credentials.kind };
        },
        validate: (input, { allowInsecure }) => validateConnection(input, { allowInsecure }),
        connect: (input, connectOptions) => gatehouse.connect(input, connectOptions),
        disconnect: (by) => gatehouse.disconnect(by),
        test: () => probeConnection(gatehouse.okta, { clientId: gatehouse.connection.clientId, scopes: gatehouse.connection.scopes }),
      },
      catalog: gatehouse.catalog,
      auth: { kv: gatehouse.store, roles: gatehouse.roles, oidc },
      apiToken,
      info: { version, orgUrl: gatehouse.connection.orgUrl, oktaMode: gatehouse.emulator ? 'emulator' : 'connected', store: gatehouse.store.kind },
      logger: options.log ?? false,
      install: gatehouse.install,
      source: gatehouse.source,
    });
    const { slack } = gatehouse;
    if (slack && config.slackPort === undefined) await app.register(slack.plugin);
    const port = options.port ?? config.port;
    await app.listen({ port, host: config.host });
    if (slack) {
      await slack.start();
      if (config.slackPort !== undefined) await slack.listen({ port: config.slackPort, host: config.host });
    }
    const address = app.server.address();
    const boundPort = typeof address === 'object' && address !== null ? address.port : port;
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${boundPort}`;
    redirectUris = callbackUrls(config.publicUrl ?? url);
    if (gatehouse.emulator) consoleApp = await ensureConsoleApp(gatehouse.okta, { redirectUris });
    if (options.worker ?? true) gatehouse.startWorkers();
    // This process answers chat (the API, Slack), with or without a worker.
    gatehouse.startChatRefresh();
    // Edits in the workflows folder take effect without a restart.
    const stopWatching = reloadOnChange(gatehouse);
    return {
      url,
      app,
      gatehouse,
      apiTokenFile: apiTokenFile(config.dataDir),
      firstStartToken: tokenCreated ? apiToken : undefined,
      async close() {
        stopWatching();
        await app.close();
        await gatehouse.close();
      },
    };
  } catch (error) {
    await gatehouse.close();
    throw error;
  }
}

/** Loads the workflows folder again whenever a file in it changes; returns the stop function. */
function reloadOnChange(gatehouse: Gatehouse): () => void {
  return watchWorkflows(gatehouse.workflowsDir, () => {
    void gatehouse.reload().then(
      ({ problems }) => {
        for (const p of problems) process.stderr.write(`warning: ${p.message}\n`);
      },
      (error: unknown) => process.stderr.write(`gatehouse: reloading workflows failed: ${error instanceof Error ? error.message : String(error)}\n`),
    );
  });
}

/** A running `gatehouse worker`. */
export interface RunningWorker {
  gatehouse: Gatehouse;
  close(): Promise<void>;
}

/**
 * `gatehouse worker`: runs workflow runs and schedules, the scheduled directory sync, event triggers
 * and review reminders — no HTTP API. With Slack configured it also posts what the steps it runs
 * send (approval cards, DMs): a notification is delivered by the process whose step sent it. Slack's
 * events reach `serve` processes only. The workflows folder is watched, as `serve` does.
 */
export async function startWorker(config: Config, options: StartOptions = {}): Promise<RunningWorker> {
  const gatehouse = await createGatehouse(config, options);
  let stopWatching = () => {};
  try {
    gatehouse.startWorkers();
    if (gatehouse.slack) await gatehouse.slack.start();
    stopWatching = reloadOnChange(gatehouse);
  } catch (error) {
    await gatehouse.close();
    throw error;
  }
  return {
    gatehouse,
    async close() {
      stopWatching();
      await gatehouse.close();
    },
  };
}
