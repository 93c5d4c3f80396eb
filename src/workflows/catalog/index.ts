/**
 * The installable catalog of Okta workflows. Each lives in `<id>/index.ts` (importing only the SDK,
 * so `gatehouse workflows install <id>` can copy it into a customer's workflows folder), with a
 * README and a test against the emulator beside it.
 */
import type { AnyWorkflow } from '../sdk.ts';
import addUserToGroup from './add-user-to-group/index.ts';
import assignUserToApp from './assign-user-to-app/index.ts';
import clearSessions from './clear-sessions/index.ts';
import createGroup from './create-group/index.ts';
import createUser from './create-user/index.ts';
import deactivateUser from './deactivate-user/index.ts';
import incidentLockdown from './incident-lockdown/index.ts';
import offboarding from './offboarding/index.ts';
import onboarding from './onboarding/index.ts';
import removeUserFromGroup from './remove-user-from-group/index.ts';
import resetMfaFactors from './reset-mfa-factors/index.ts';
import resetPassword from './reset-password/index.ts';
import suspendUser from './suspend-user/index.ts';
import temporaryGroupMembership from './temporary-group-membership/index.ts';
import unlockAccount from './unlock-account/index.ts';
import unsuspendUser from './unsuspend-user/index.ts';

/** Every catalog workflow, in the order people meet them: lifecycle, groups and apps, then the composite ones. */
export const catalog: AnyWorkflow[] = [
  createUser,
  createGroup,
  addUserToGroup,
  removeUserFromGroup,
  assignUserToApp,
  deactivateUser,
  suspendUser,
  unsuspendUser,
  unlockAccount,
  resetPassword,
  resetMfaFactors,
  clearSessions,
  onboarding,
  offboarding,
  incidentLockdown,
  temporaryGroupMembership,
];
