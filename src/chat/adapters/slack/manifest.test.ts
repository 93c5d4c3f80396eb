import { describe, expect, it } from 'vitest';
import { botScopes, slackManifest } from './manifest.ts';

describe('slackManifest', () => {
  it('asks for exactly the scopes, events and endpoints the adapter uses, on one Request URL', () => {
    const manifest = slackManifest({ publicUrl: 'https://gatehouse.acme.example/' });
    const url = 'https://gatehouse.acme.example/api/v1/slack/events';
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual(['app_mentions:read', 'chat:write', 'commands', 'im:history', 'im:write', 'users:read', 'users:read.email']);
    expect([...botScopes].sort()).toEqual(manifest.oauth_config.scopes.bot);
    expect(manifest.settings.event_subscriptions).toEqual({ request_url: url, bot_events: ['app_home_opened', 'app_mention', 'message.im'] });
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true, request_url: url });
    expect(manifest.features.slash_commands).toEqual([expect.objectContaining({ command: '/gatehouse', url })]);
    expect(manifest.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: false });
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });
});
