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
  /** The Okta group whose members are Gatehouse admins (default "Admins - IT"). */
  adminGroup: 'GATEHOUSE_ADMIN_GROUP',
  /** The Client ID of the Okta OIDC web app people sign in to the console with (a real org; the embedded emulator gets one made). */
  oidcClientId: 'GATEHOUSE_OIDC_CLIENT_ID',
  /** That app's client secret. A secret. */
  oidcClientSecret: 'GATEHOUSE_OIDC_CLIENT_SECRET',
  /** Where people reach Gatehouse (https://gatehouse.example.com), for the Okta sign-in callback; default: the address it listens on. */
  publicUrl: 'GATEHOUSE_PUBLIC_URL',
  /** An OpenAI-compatible API's base URL (https://api.openai.com/v1): the chat agent asks it about messages it does not understand, still behind "yes". Absent: off. */
  llmUrl: 'GATEHOUSE_LLM_URL',
  /** The model to ask (default gpt-4o-mini). */
  llmModel: 'GATEHOUSE_LLM_MODEL',
  /** That API's key (optional), sent as a bearer token. A secret. */
  llmApiKey: 'GATEHOUSE_LLM_API_KEY',
} as const;
