/** The Okta org emulator: a stateful Okta org on the real wire protocol. Imports nothing from the product. */
export { startEmulator, createEmulator, type EmulatorOptions, type RunningEmulator } from './start.ts';
export type { ServiceAppCredential } from './seed/service-app.ts';
export type { EmulatorContext, Faults } from './context.ts';
export { rateLimitPlans, type RateLimitPlan } from './state/rate-limits.ts';
export { seedNames, type SeedName } from './seed/index.ts';
