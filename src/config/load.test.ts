import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './index.ts';

describe('loadConfig', () => {
  it('defaults the data dir to ./data and freezes the result', () => {
    const config = loadConfig({}, '/srv/gh');
    expect(config.dataDir).toBe('/srv/gh/data');
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reports every problem at once, naming the variables', () => {
    let error: unknown;
    try {
      loadConfig({ DATABASE_URL: 'mysql://x', GATEHOUSE_LOG_LEVEL: 'loud' }, '/');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('CONFIG_INVALID');
    expect((error as Error).message).toContain('DATABASE_URL must start with postgres://');
    expect((error as Error).message).toContain('GATEHOUSE_LOG_LEVEL');
  });

  it('never prints secrets', () => {
    const config = loadConfig({ GATEHOUSE_SECRET_KEY: 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTEyMzQ=', DATABASE_URL: 'postgres://gh:hunter2@db/gh' }, '/');
    const printed = JSON.stringify(config);
    expect(printed).not.toContain('c2VjcmV0');
    expect(printed).not.toContain('hunter2');
    expect(printed).toContain('[redacted]');
  });

  it('reads the port and host, and names a bad port', () => {
    expect(loadConfig({}, '/').port).toBe(8080);
    expect(loadConfig({ GATEHOUSE_PORT: '9000', GATEHOUSE_HOST: '0.0.0.0' }, '/')).toMatchObject({ port: 9000, host: '0.0.0.0' });
    expect(() => loadConfig({ GATEHOUSE_PORT: 'eighty' }, '/')).toThrow(/GATEHOUSE_PORT/);
    expect(() => loadConfig({ GATEHOUSE_PORT: '70000' }, '/')).toThrow(/GATEHOUSE_PORT/);
  });

  it('reads the Slack settings, needs the token and the secret together, and never prints either', () => {
    const token = 'xoxb-1234-5678-abcdefghijklmnop';
    const secret = '0123456789abcdef0123456789abcdef';
    const config = loadConfig({ GATEHOUSE_SLACK_BOT_TOKEN: token, GATEHOUSE_SLACK_SIGNING_SECRET: secret, GATEHOUSE_SLACK_PORT: '3100' }, '/');
    expect(config).toMatchObject({ slackBotToken: token, slackSigningSecret: secret, slackPort: 3100 });
    expect(loadConfig({}, '/').slackBotToken).toBeUndefined();
    const printed = JSON.stringify(config);
    expect(printed).not.toContain(token);
    expect(printed).not.toContain(secret);
    expect(() => loadConfig({ GATEHOUSE_SLACK_BOT_TOKEN: token }, '/')).toThrow(/GATEHOUSE_SLACK_SIGNING_SECRET must be set too/);
    let message = '';
    try {
      loadConfig({ GATEHOUSE_SLACK_BOT_TOKEN: 'xoxp-user-token-not-a-bot', GATEHOUSE_SLACK_SIGNING_SECRET: 'not hex at all!' }, '/');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('GATEHOUSE_SLACK_BOT_TOKEN must be');
    expect(message).toContain('GATEHOUSE_SLACK_SIGNING_SECRET must be');
    expect(message).not.toContain('xoxp-user-token-not-a-bot');
    expect(message).not.toContain('not hex at all!');
  });

  it('reads the admin group and the Okta sign-in app, needs the client id and secret together, and never prints the secret', () => {
    expect(loadConfig({}, '/').adminGroup).toBe('Admins - IT');
    const secret = 'oidc-secret-abcdefghijklmnop';
    const config = loadConfig({ GATEHOUSE_ADMIN_GROUP: 'Gatehouse Admins', GATEHOUSE_OIDC_CLIENT_ID: '0oa1consoleapp000001', GATEHOUSE_OIDC_CLIENT_SECRET: secret, GATEHOUSE_PUBLIC_URL: 'https://gatehouse.acme.example/' }, '/');
    expect(config).toMatchObject({ adminGroup: 'Gatehouse Admins', oidcClientId: '0oa1consoleapp000001', oidcClientSecret: secret, publicUrl: 'https://gatehouse.acme.example' });
    expect(JSON.stringify(config)).not.toContain(secret);
    expect(() => loadConfig({ GATEHOUSE_OIDC_CLIENT_ID: '0oa1consoleapp000001' }, '/')).toThrow(/GATEHOUSE_OIDC_CLIENT_SECRET must be set too/);
    let message = '';
    try {
      loadConfig({ GATEHOUSE_OIDC_CLIENT_ID: '0oa1consoleapp000001', GATEHOUSE_OIDC_CLIENT_SECRET: 'short-secret' }, '/');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('GATEHOUSE_OIDC_CLIENT_SECRET must be');
    expect(message).not.toContain('short-secret');
  });

  it('reads the language model settings (off without a URL, gpt-4o-mini by default) and never prints the key', () => {
    expect(loadConfig({}, '/')).toMatchObject({ llmUrl: undefined, llmModel: 'gpt-4o-mini', llmApiKey: undefined });
    const key = 'sk-test-abcdefghijklmnopqrstuvwxyz';
    const config = loadConfig({ GATEHOUSE_LLM_URL: 'https://api.openai.com/v1/', GATEHOUSE_LLM_MODEL: 'gpt-4.1', GATEHOUSE_LLM_API_KEY: key }, '/');
    expect(config).toMatchObject({ llmUrl: 'https://api.openai.com/v1', llmModel: 'gpt-4.1', llmApiKey: key });
    expect(JSON.stringify(config)).not.toContain(key);
    expect(JSON.stringify(config)).toContain('[redacted]');
    let message = '';
    try {
      loadConfig({ GATEHOUSE_LLM_URL: 'ftp://models.example', GATEHOUSE_LLM_API_KEY: key }, '/');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('GATEHOUSE_LLM_URL must be an http(s) base URL');
    expect(message).not.toContain(key);
  });
});
