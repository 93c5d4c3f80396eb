import { z } from 'zod';

// Ref: https://developer.okta.com/docs/api/openapi/okta-management/management/tag/Application/

/** An app integration (only the fields Gatehouse reads are checked). */
export const oktaAppSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    label: z.string(),
    status: z.string(),
    signOnMode: z.string(),
    created: z.string().nullish(),
    lastUpdated: z.string().nullish(),
  })
  .passthrough();
export type OktaApp = z.infer<typeof oktaAppSchema>;

/** A user's assignment to an app: direct (USER) or through a group (GROUP). */
export const appUserSchema = z
  .object({
    id: z.string(),
    scope: z.enum(['USER', 'GROUP']),
    status: z.string().nullish(),
    created: z.string().nullish(),
    lastUpdated: z.string().nullish(),
    credentials: z.object({ userName: z.string().nullish() }).passthrough().nullish(),
    profile: z.record(z.string(), z.unknown()).nullish(),
    _links: z.record(z.string(), z.unknown()).optional(),
    _embedded: z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough();
export type AppUser = z.infer<typeof appUserSchema>;

/** A group's assignment to an app. */
export const appGroupSchema = z
  .object({ id: z.string(), priority: z.number().nullish(), lastUpdated: z.string().nullish(), profile: z.record(z.string(), z.unknown()).nullish() })
  .passthrough();
export type AppGroupAssignment = z.infer<typeof appGroupSchema>;

/** A dashboard tile of a user (appLinks). */
export const appLinkSchema = z.object({ id: z.string(), label: z.string(), appInstanceId: z.string(), appName: z.string() }).passthrough();
export type AppLink = z.infer<typeof appLinkSchema>;

/** An admin role assigned to a client app. */
export const clientRoleSchema = z.object({ id: z.string(), type: z.string(), label: z.string().nullish(), status: z.string().nullish() }).passthrough();
export type ClientRole = z.infer<typeof clientRoleSchema>;
