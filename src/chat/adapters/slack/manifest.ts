/**
 * The Slack app manifest the admin pastes into https://api.slack.com/apps → Create New App → From
 * a manifest. One Request URL serves events, interactivity and the slash command.
 * @see https://api.slack.com/reference/manifests
 */
import { slackEventsPath } from './receiver.ts';

/** Bot scopes, each for one thing the adapter does. */
export const botScopes = [
  /** post replies, cards and notifications; rewrite cards */
  'chat:write',
  /** read DMs to the app (message.im) */
  'im:history',
  /** open the DM with an approver or requester */
  'im:write',
  /** be @mentioned in channels */
  'app_mentions:read',
  /** /gatehouse */
  'commands',
  /** users.info, users.lookupByEmail */
  'users:read',
  /** the email that maps a Slack user to Okta */
  'users:read.email',
] as const;

/** The manifest for a Gatehouse reachable at `publicUrl` (https://gatehouse.example.com). */
export function slackManifest(options: { publicUrl: string; name?: string }) {
  const url = `${options.publicUrl.replace(/\/+$/, '')}${slackEventsPath}`;
  const name = options.name ?? 'Gatehouse';
  return {
    display_information: {
      name,
      description: 'Access requests, approvals and IT workflows for Okta.',
      background_color: '#1f2937',
    },
    features: {
      app_home: { home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: false },
      bot_user: { display_name: name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-'), always_online: true },
      slash_commands: [{ command: '/gatehouse', url, description: 'Ask Gatehouse: access, approvals, IT workflows', usage_hint: 'I need Figma for 8 hours', should_escape: false }],
    },
    oauth_config: { scopes: { bot: [...botScopes] } },
    settings: {
      event_subscriptions: { request_url: url, bot_events: ['app_home_opened', 'app_mention', 'message.im'] },
      interactivity: { is_enabled: true, request_url: url },
      org_deploy_enabled: false,
      socket_mode_enabled: false,
      token_rotation_enabled: false,
    },
  };
}
