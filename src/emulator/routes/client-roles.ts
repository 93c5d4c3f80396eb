import type { OktaRoute } from '../http/route.ts';

/** Client role assignments (being written). */
export const clientRoleRoutes: readonly OktaRoute[] = [];
