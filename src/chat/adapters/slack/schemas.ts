/**
 * The Slack payloads the adapter reads, as zod schemas (CONVENTIONS 7): only the fields it uses,
 * every object loose (Slack adds fields all the time). Bolt hands listeners its own types; these
 * guard what the adapter relies on before it acts.
 */
import { z } from 'zod';

// Ref: https://api.slack.com/apis/events-api#callback-field
/** The outer envelope of an Events API request. */
export const eventEnvelopeSchema = z.looseObject({
  type: z.string(),
  event_id: z.string().optional(),
  team_id: z.string().optional(),
  challenge: z.string().optional(),
});

// Ref: https://api.slack.com/events/message.im
/** A message in the app's DM (`message.im`) or an `app_mention`. */
export const messageEventSchema = z.looseObject({
  type: z.enum(['message', 'app_mention']),
  subtype: z.string().optional(),
  user: z.string(),
  text: z.string().default(''),
  channel: z.string(),
  channel_type: z.string().optional(),
  ts: z.string(),
  thread_ts: z.string().optional(),
  bot_id: z.string().optional(),
});
export type MessageEvent = z.infer<typeof messageEventSchema>;

// Ref: https://api.slack.com/events/app_home_opened
export const homeOpenedEventSchema = z.looseObject({ type: z.literal('app_home_opened'), user: z.string(), tab: z.string().optional() });

// Ref: https://api.slack.com/reference/interaction-payloads/block-actions
/** A button click. `container` says where the button was: a message (in a channel or ephemeral) or a view (App Home). */
export const blockActionsSchema = z.looseObject({
  type: z.literal('block_actions'),
  user: z.looseObject({ id: z.string() }),
  trigger_id: z.string().optional(),
  response_url: z.string().optional(),
  container: z.looseObject({ type: z.string(), channel_id: z.string().optional(), message_ts: z.string().optional(), is_ephemeral: z.boolean().optional() }).optional(),
  channel: z.looseObject({ id: z.string() }).optional(),
  message: z.looseObject({ ts: z.string(), text: z.string().optional() }).optional(),
  actions: z.array(z.looseObject({ action_id: z.string(), value: z.string().optional() })).min(1),
});
export type BlockActions = z.infer<typeof blockActionsSchema>;

// Ref: https://api.slack.com/reference/interaction-payloads/views#view_submission
export const viewSubmissionSchema = z.looseObject({
  type: z.literal('view_submission'),
  user: z.looseObject({ id: z.string() }),
  view: z.looseObject({
    callback_id: z.string(),
    private_metadata: z.string().default(''),
    state: z.looseObject({ values: z.record(z.string(), z.record(z.string(), z.looseObject({ value: z.string().nullable().optional() }))) }),
  }),
});

// Ref: https://api.slack.com/interactivity/slash-commands#app_command_handling
export const slashCommandSchema = z.looseObject({
  command: z.string(),
  text: z.string().default(''),
  user_id: z.string(),
  channel_id: z.string(),
  response_url: z.string().optional(),
});

/** What the approval buttons carry: the approval and the one approver (login) the card was sent to. */
export const approvalButtonSchema = z.object({ a: z.string().min(1), l: z.string().min(1) });
export type ApprovalButton = z.infer<typeof approvalButtonSchema>;

/** What Confirm / Cancel carry: the conversation and the person (Slack id and login) they are bound to. */
export const confirmButtonSchema = z.object({ c: z.string().min(1), u: z.string().min(1), l: z.string().min(1) });
export type ConfirmButton = z.infer<typeof confirmButtonSchema>;

/** What the Deny modal keeps between opening and submission. */
export const denyMetadataSchema = z.object({ a: z.string(), l: z.string(), ch: z.string().nullable(), ts: z.string().nullable() });
export type DenyMetadata = z.infer<typeof denyMetadataSchema>;

// Ref: https://api.slack.com/methods/users.info (and users.lookupByEmail, which answers the same user object)
export const slackUserSchema = z.looseObject({
  id: z.string(),
  team_id: z.string().optional(),
  deleted: z.boolean().optional(),
  is_bot: z.boolean().optional(),
  real_name: z.string().optional(),
  enterprise_user: z.looseObject({ enterprise_id: z.string().optional() }).optional(),
  profile: z.looseObject({ email: z.string().optional() }).optional(),
});
export type SlackUser = z.infer<typeof slackUserSchema>;

// Ref: https://api.slack.com/methods/auth.test
export const authTestSchema = z.looseObject({ user_id: z.string().optional(), team_id: z.string().optional(), enterprise_id: z.string().optional(), team: z.string().optional() });

// Ref: https://api.slack.com/methods/conversations.open
export const conversationsOpenSchema = z.looseObject({ channel: z.looseObject({ id: z.string() }) });

// Ref: https://api.slack.com/methods/chat.postMessage
export const postMessageSchema = z.looseObject({ channel: z.string(), ts: z.string() });

/** Parses JSON kept in a button value or a view's metadata; undefined when it does not fit the schema. */
export function parseCarried<T>(schema: z.ZodType<T>, raw: string | undefined): T | undefined {
  if (!raw) return undefined;
  try {
    const result = schema.safeParse(JSON.parse(raw));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}
