import { z } from 'zod';

// Ref: https://developer.okta.com/docs/api/openapi/okta-management/management/tag/Group/

export const groupTypeSchema = z.enum(['OKTA_GROUP', 'APP_GROUP', 'BUILT_IN']);

/** An Okta group. */
export const oktaGroupSchema = z
  .object({
    id: z.string(),
    type: groupTypeSchema,
    created: z.string().nullish(),
    lastUpdated: z.string().nullish(),
    lastMembershipUpdated: z.string().nullish(),
    profile: z.object({ name: z.string(), description: z.string().nullish() }).catchall(z.unknown()),
    _embedded: z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough();
export type OktaGroup = z.infer<typeof oktaGroupSchema>;

/** A group rule. */
export const groupRuleSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.enum(['ACTIVE', 'INACTIVE', 'INVALID']),
    conditions: z
      .object({ expression: z.object({ value: z.string(), type: z.string().optional() }).passthrough().optional() })
      .passthrough()
      .optional(),
    actions: z.object({ assignUserToGroups: z.object({ groupIds: z.array(z.string()) }).passthrough() }).passthrough(),
  })
  .passthrough();
export type GroupRule = z.infer<typeof groupRuleSchema>;
