import type { OktaRoute } from '../http/route.ts';

/** The Apps API (being written). */
export const appRoutes: readonly OktaRoute[] = [];
