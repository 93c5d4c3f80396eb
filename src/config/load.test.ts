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
});
