/** The Slack adapter's public surface: wired by the composition root only (.dependency-cruiser.cjs). */
export { createSlackAdapter, SlackAdapterError, type SlackAdapter, type SlackAdapterDeps } from './adapter.ts';
export { slackManifest, botScopes } from './manifest.ts';
export { slackEventsPath, maxClockSkewMs } from './receiver.ts';
export type { SlackLogger } from './logger.ts';
