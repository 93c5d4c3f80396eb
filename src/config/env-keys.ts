/** Every environment variable Gatehouse reads, in one place (CONVENTIONS 8). */
export const envKeys = {
  dataDir: 'GATEHOUSE_DATA_DIR',
  secretKey: 'GATEHOUSE_SECRET_KEY',
  databaseUrl: 'DATABASE_URL',
  logLevel: 'GATEHOUSE_LOG_LEVEL',
  port: 'GATEHOUSE_PORT',
  host: 'GATEHOUSE_HOST',
  /** The Slack app's Bot User OAuth Token (xoxb-…); with the signing secret it turns the Slack adapter on. A secret. */
  slackBotToken: 'GATEHOUSE_SLACK_BOT_TOKEN',
  /** The Slack app's signing secret (Basic Information → App Credentials). A secret. */
  slackSigningSecret: 'GATEHOUSE_SLACK_SIGNING_SECRET',
  /** Serve Slack's endpoint on this port of its own instead of the server's (optional). */
  slackPort: 'GATEHOUSE_SLACK_PORT',
  /** Slack's Web API base (default https://slack.com/api/; tests and proxies only). */
  slackApiUrl: 'GATEHOUSE_SLACK_API_URL',
} as const;
