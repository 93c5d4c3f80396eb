import type { OktaRoute } from '../http/route.ts';

/** The System Log API (being written). */
export const logRoutes: readonly OktaRoute[] = [];
