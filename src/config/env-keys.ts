/** Every environment variable Gatehouse reads, in one place (CONVENTIONS 8). */
export const envKeys = {
  dataDir: 'GATEHOUSE_DATA_DIR',
  secretKey: 'GATEHOUSE_SECRET_KEY',
  databaseUrl: 'DATABASE_URL',
  logLevel: 'GATEHOUSE_LOG_LEVEL',
  port: 'GATEHOUSE_PORT',
  host: 'GATEHOUSE_HOST',
} as const;
