/**
 * The adapter's log, and the one Bolt and its Web API client get: every line passes through a
 * redactor that removes the bot token and the signing secret, whatever a library chose to print.
 */
import { LogLevel, type Logger } from '@slack/bolt';

/** What the adapter logs to (pino's child loggers fit with a small wrapper; tests pass a recorder). */
export interface SlackLogger {
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

/** Logs nothing. */
export const silentSlackLogger: SlackLogger = { info() {}, warn() {}, error() {} };

/** Wraps a logger so that no message or value carries one of `secrets`. */
export function redactingLogger(logger: SlackLogger, secrets: string[]): SlackLogger {
  const live = secrets.filter((s) => s.length >= 8);
  const scrub = (value: string) => live.reduce((out, secret) => out.split(secret).join('[redacted]'), value);
  const clean = (data?: Record<string, unknown>) => (data === undefined ? undefined : (JSON.parse(scrub(JSON.stringify(data))) as Record<string, unknown>));
  return {
    info: (message, data) => logger.info(scrub(message), clean(data)),
    warn: (message, data) => logger.warn(scrub(message), clean(data)),
    error: (message, data) => logger.error(scrub(message), clean(data)),
  };
}

/** Bolt's Logger on ours (Bolt's debug output stays off: it may print whole payloads). */
export function boltLogger(logger: SlackLogger): Logger {
  let level = LogLevel.INFO;
  const text = (parts: unknown[]) => parts.map((p) => (p instanceof Error ? p.message : typeof p === 'string' ? p : JSON.stringify(p))).join(' ');
  return {
    debug: () => {},
    info: (...parts) => logger.info(`bolt: ${text(parts)}`),
    warn: (...parts) => logger.warn(`bolt: ${text(parts)}`),
    error: (...parts) => logger.error(`bolt: ${text(parts)}`),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
