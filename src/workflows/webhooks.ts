/**
 * Webhook triggers: a workflow with `trigger: { type: 'webhook' }` is started by a POST whose body is
 * its input, signed with HMAC-SHA256 under a per-workflow secret.
 *
 * Signature (the scheme Slack and Stripe use): `X-Gatehouse-Timestamp: <unix seconds>` and
 * `X-Gatehouse-Signature: sha256=<hex of HMAC(secret, "<timestamp>.<raw body>")>`. Requests older
 * than five minutes are refused, and a replayed signature starts nothing new (it is the run's
 * idempotency key). Secrets are kept sealed in the store and shown once, when made.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../common/clock.ts';
import { GatehouseError } from '../common/errors.ts';
import type { KvPort } from './approval-repository.ts';

/** A webhook call was refused: no secret, a bad or missing signature, or a stale timestamp. */
export class WebhookRefusedError extends GatehouseError {
  constructor(message: string) {
    super('WEBHOOK_REFUSED', message);
  }
}

/** What seals secrets at rest (the connection vault). */
export interface SecretSealer {
  seal(plaintext: string, aad: string): string;
  open(sealed: string, aad: string): string;
}

/** How far a timestamp may be from now (ms). */
export const webhookTolerance = 5 * 60_000;

const aad = (workflowId: string) => `webhook-secret:${workflowId}`;

/** Computes the signature header value for a body (for senders and tests). */
export function signWebhook(secret: string, timestamp: number, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

/** Webhook secrets and signature checks. */
export function createWebhooks(deps: { store: KvPort; vault: SecretSealer; clock: Clock }) {
  return {
    /** Makes (or replaces) a workflow's secret and returns it: the only time it is shown. */
    async rotateSecret(workflowId: string): Promise<string> {
      const secret = `whsec_${randomBytes(32).toString('base64url')}`;
      await deps.store.kvPut('webhook-secrets', workflowId, { sealed: deps.vault.seal(secret, aad(workflowId)), createdAt: deps.clock.now() });
      return secret;
    },
    /**
     * Checks a call's signature and timestamp.
     * @throws {WebhookRefusedError}
     */
    async verify(workflowId: string, headers: { timestamp: string | undefined; signature: string | undefined }, rawBody: string): Promise<void> {
      const entry = await deps.store.kvGet('webhook-secrets', workflowId);
      const sealed = (entry?.value as { sealed?: unknown } | undefined)?.sealed;
      if (typeof sealed !== 'string') throw new WebhookRefusedError(`Workflow "${workflowId}" has no webhook secret yet; an admin makes one with POST /api/v1/workflows/${workflowId}/webhook-secret.`);
      if (!headers.timestamp || !/^\d{9,12}$/.test(headers.timestamp)) throw new WebhookRefusedError('Send X-Gatehouse-Timestamp with the Unix time in seconds of the request.');
      const timestamp = Number(headers.timestamp);
      if (Math.abs(deps.clock.now() - timestamp * 1000) > webhookTolerance) throw new WebhookRefusedError('The X-Gatehouse-Timestamp is more than 5 minutes from now: the request is too old (or the sender\'s clock is wrong).');
      if (!headers.signature || !/^sha256=[0-9a-f]{64}$/.test(headers.signature)) throw new WebhookRefusedError('Send X-Gatehouse-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" under the webhook secret>.');
      const expected = Buffer.from(signWebhook(deps.vault.open(sealed, aad(workflowId)), timestamp, rawBody));
      const given = Buffer.from(headers.signature);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new WebhookRefusedError('The X-Gatehouse-Signature does not match the body: check the secret and that the body is sent exactly as signed.');
    },
  };
}

export type Webhooks = ReturnType<typeof createWebhooks>;
