import { z } from 'zod';

// Ref: https://developer.okta.com/docs/api/openapi/okta-management/management/tag/User/

export const userStatusSchema = z.enum(['STAGED', 'PROVISIONED', 'ACTIVE', 'RECOVERY', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'SUSPENDED', 'DEPROVISIONED']);
export type UserStatus = z.infer<typeof userStatusSchema>;

/** A user's profile: Okta's base attributes plus any custom ones (kept, not checked). */
export const userProfileSchema = z
  .object({
    login: z.string(),
    email: z.string().nullish(),
    firstName: z.string().nullish(),
    lastName: z.string().nullish(),
    displayName: z.string().nullish(),
    title: z.string().nullish(),
    department: z.string().nullish(),
    managerId: z.string().nullish(),
    manager: z.string().nullish(),
  })
  .catchall(z.unknown());
export type UserProfile = z.infer<typeof userProfileSchema>;

/** An Okta user, tolerant of fields it does not know. */
export const oktaUserSchema = z
  .object({
    id: z.string(),
    status: userStatusSchema,
    created: z.string(),
    activated: z.string().nullish(),
    statusChanged: z.string().nullish(),
    lastLogin: z.string().nullish(),
    lastUpdated: z.string(),
    passwordChanged: z.string().nullish(),
    transitioningToStatus: z.string().nullish(),
    type: z.object({ id: z.string() }).passthrough().optional(),
    profile: userProfileSchema,
    credentials: z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough();
export type OktaUser = z.infer<typeof oktaUserSchema>;
