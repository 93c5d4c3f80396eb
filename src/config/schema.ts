import { z } from 'zod';

/** Gatehouse's configuration, parsed once and frozen. */
export const configSchema = z.object({
  dataDir: z.string().min(1),
  /** GATEHOUSE_SECRET_KEY as given (base64/hex of 32 bytes); absent → a key file in the data dir. A secret. */
  secretKey: z.string().min(1).optional(),
  databaseUrl: z.string().regex(/^postgres(ql)?:\/\//, { message: 'must start with postgres:// or postgresql://' }).optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Port of the HTTP API and console (default 8080). */
  port: z.coerce.number({ message: 'must be a port number from 0 to 65535' }).int().min(0).max(65535).default(8080),
  /** Interface to bind (default 127.0.0.1; set 0.0.0.0 deliberately to serve others). */
  host: z.string().min(1).default('127.0.0.1'),
  /** The Slack app's bot token (`xoxb-…`): with the signing secret, Gatehouse answers in Slack. A secret. */
  slackBotToken: z.string().regex(/^xoxb-[A-Za-z0-9-]+$/, { message: "must be the app's Bot User OAuth Token, starting with xoxb- (Slack → your app → OAuth & Permissions)" }).optional(),
  /** The Slack app's signing secret. A secret. */
  slackSigningSecret: z.string().regex(/^[0-9a-f]{32,}$/i, { message: 'must be the Signing Secret from Slack → your app → Basic Information → App Credentials (hex characters)' }).optional(),
  /** Slack's endpoint on a port of its own; absent: mounted in the server at /api/v1/slack/events. */
  slackPort: z.coerce.number({ message: 'must be a port number from 0 to 65535' }).int().min(0).max(65535).optional(),
  slackApiUrl: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL ending in /api/, like https://slack.com/api/' }).optional(),
  /** The Okta group whose members hold the Gatehouse admin role. */
  adminGroup: z.string().trim().min(1).max(255).default('Admins - IT'),
  /** The Okta OIDC web app for "Sign in with Okta" (a real org). */
  oidcClientId: z.string().regex(/^[A-Za-z0-9_-]{10,100}$/, { message: "must be the Client ID of the Okta OIDC web app (Applications → your app → General → Client Credentials)" }).optional(),
  /** Its client secret. A secret. */
  oidcClientSecret: z.string().min(14, { message: "must be the OIDC app's client secret (at least 14 characters)" }).optional(),
  /** The URL people open Gatehouse at; the Okta callback is <publicUrl>/api/v1/session/okta/callback. */
  publicUrl: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL like https://gatehouse.example.com' }).transform((u) => u.replace(/\/+$/, '')).optional(),
  /** An OpenAI-compatible API (https://api.openai.com/v1) that reads free text the chat agent does not understand; absent: off. */
  llmUrl: z.url({ protocol: /^https?$/, message: 'must be an http(s) base URL of an OpenAI-compatible API, like https://api.openai.com/v1' }).transform((u) => u.replace(/\/+$/, '')).optional(),
  /** The model it is asked with (default gpt-4o-mini). */
  llmModel: z.string().trim().min(1).max(200).default('gpt-4o-mini'),
  /** Its API key, sent as a bearer token. A secret. */
  llmApiKey: z.string().trim().min(1).optional(),
}).superRefine((config, ctx) => {
  if ((config.oidcClientId === undefined) !== (config.oidcClientSecret === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: [config.oidcClientId === undefined ? 'oidcClientId' : 'oidcClientSecret'],
      message: 'must be set too: sign in with Okta needs both the client id and the client secret',
    });
  }
  if ((config.slackBotToken === undefined) !== (config.slackSigningSecret === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: [config.slackBotToken === undefined ? 'slackBotToken' : 'slackSigningSecret'],
      message: 'must be set too: the Slack adapter needs both the bot token and the signing secret',
    });
  }
});
export type Config = Readonly<z.infer<typeof configSchema>>;
