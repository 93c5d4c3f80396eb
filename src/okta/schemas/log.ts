import { z } from 'zod';

// Ref: https://developer.okta.com/docs/api/openapi/okta-management/management/tag/SystemLog/

const logTargetSchema = z
  .object({ id: z.string().nullish(), type: z.string().nullish(), alternateId: z.string().nullish(), displayName: z.string().nullish() })
  .passthrough();

/** A System Log event. */
export const logEventSchema = z
  .object({
    uuid: z.string(),
    published: z.string(),
    eventType: z.string(),
    displayMessage: z.string().nullish(),
    severity: z.string().nullish(),
    actor: logTargetSchema.nullish(),
    outcome: z.object({ result: z.string().nullish(), reason: z.string().nullish() }).passthrough().nullish(),
    target: z.array(logTargetSchema).nullish(),
  })
  .passthrough();
export type LogEvent = z.infer<typeof logEventSchema>;
