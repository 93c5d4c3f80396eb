/**
 * The help desk agent's test corpus (issue 6): requests as people type them — typos, lower case,
 * polite padding, partial names, durations — each with the intent and the values the agent must
 * understand. `src/chat/corpus.test.ts` scores the agent on it and `bench/chat.bench.ts` times it.
 *
 * Placeholders are filled from the chat testbed at run time (`fillPlaceholders` in ../testing.ts):
 * `{requester|manager|colleague|it.login|email|first|firstLower|last|initial|name}` for the personas
 * (the requester has an active manager, the colleague is the requester's peer, `it` is in "Admins - IT"),
 * `{request.pending}` (the requester's Figma Viewer request, waiting for the manager) and
 * `{request.active}` (the requester's active PagerDuty On-call grant). The access catalog is the
 * testbed's standard one: figma (viewer, editor), aws-prod (admin), pagerduty (on-call), salesforce (user),
 * github (admin), tableau (creator).
 *
 * Expected values use the keys of `Understanding` (../types.ts): access intents `resource`, `role`,
 * `durationMs`, `forUser`, `justification`, `requestId`; approvals `requestId`, `user`, `comment`;
 * `workflow.run` `workflowId` and the workflow's own input fields (people as logins, groups as their Okta
 * names, apps as their labels). Only what a case lists is checked: a value the text does not state
 * (a role of a one-role resource, the requester as `forUser`, a self-service workflow's own `user`) is
 * left out. Strings compare case-insensitively; a `duration` workflow field compares as the length it
 * means ("8h" = "8 hours"). `contains` checks free text (a justification, a reason, a comment) by a
 * word it must contain. Durations relative to now ("until friday", "till tomorrow") are checked for
 * their intent and resource only, not for `durationMs` (that depends on the day the test runs).
 *
 * `ask: true` marks a message that is genuinely ambiguous ("remove jane": from a group? offboard?):
 * the agent must not propose or make any change, and must ask (a reply with `question`, or intent
 * `unknown`). Its `intent` is the nearest reading, for the report only.
 */
import type { Json } from '../../engine/contract.ts';
import type { Intent } from '../types.ts';

export type CorpusPersona = 'requester' | 'manager' | 'it';

/** One message and what the agent must make of it. */
export interface CorpusCase {
  text: string;
  /** Who writes it. */
  as: CorpusPersona;
  expect: {
    intent: Intent;
    /** Values that must be understood exactly (strings case-insensitively; placeholders allowed). */
    values?: Record<string, Json>;
    /** Free-text values that must contain this (case-insensitive). */
    contains?: Record<string, string>;
    /** Ambiguous: the reply must ask, never propose or act. */
    ask?: true;
  };
}

const H = 3_600_000;
const D = 24 * H;
const W = 7 * D;
const M = 60_000;

const run = (workflowId: string, values: Record<string, Json> = {}) => ({ intent: 'workflow.run' as const, values: { workflowId, ...values } });
const req = (values: Record<string, Json>, contains?: Record<string, string>) => ({ intent: 'access.request' as const, values, ...(contains ? { contains } : {}) });

const accessRequests: CorpusCase[] = [
  { text: 'I need Figma for 8 hours', as: 'requester', expect: req({ resource: 'figma', durationMs: 8 * H }) },
  { text: 'i need figma editor for 8 hours', as: 'requester', expect: req({ resource: 'figma', role: 'editor', durationMs: 8 * H }) },
  { text: 'hi, could you please give me acess to figam? thanks!', as: 'requester', expect: req({ resource: 'figma' }) },
  { text: 'can i get figma viewer access for 2h', as: 'requester', expect: req({ resource: 'figma', role: 'viewer', durationMs: 2 * H }) },
  { text: 'need edit access to figma for a day pls', as: 'requester', expect: req({ resource: 'figma', role: 'editor', durationMs: D }) },
  { text: 'request the figma editors role for a week', as: 'requester', expect: req({ resource: 'figma', role: 'editor', durationMs: W }) },
  { text: 'Could I have Figma (Viewer) for 30 mins?', as: 'requester', expect: req({ resource: 'figma', role: 'viewer', durationMs: 30 * M }) },
  { text: "I'd like view-only access to Figma", as: 'requester', expect: req({ resource: 'figma', role: 'viewer' }) },
  { text: 'hey! can i have figma editor access for 2 days, working on the redesign', as: 'requester', expect: req({ resource: 'figma', role: 'editor', durationMs: 2 * D }, { justification: 'redesign' }) },
  { text: 'Figma editor, 8h, reason: onboarding flow mockups', as: 'requester', expect: req({ resource: 'figma', role: 'editor', durationMs: 8 * H }, { justification: 'mockups' }) },
  { text: 'need access to the figma editors group for 4 hrs', as: 'requester', expect: req({ resource: 'figma', role: 'editor', durationMs: 4 * H }) },
  { text: 'Figma Viewer for half an hour please', as: 'requester', expect: req({ resource: 'figma', role: 'viewer', durationMs: 30 * M }) },
  { text: 'figma editr until friday', as: 'requester', expect: req({ resource: 'figma', role: 'editor' }) },
  { text: 'need aws prod admin for 4 hours, incident INC-4411', as: 'requester', expect: req({ resource: 'aws-prod', durationMs: 4 * H }, { justification: 'INC-4411' }) },
  { text: 'pls give me AWS production access for 2 hours to debug the outage', as: 'requester', expect: req({ resource: 'aws-prod', durationMs: 2 * H }, { justification: 'outage' }) },
  { text: 'I need admin on the production aws account until friday', as: 'requester', expect: req({ resource: 'aws-prod' }) },
  { text: 'get me into aws production admins for 1h', as: 'requester', expect: req({ resource: 'aws-prod', durationMs: H }) },
  { text: 'requesting aws-prod for 3 hours because of the db migration', as: 'requester', expect: req({ resource: 'aws-prod', durationMs: 3 * H }, { justification: 'migration' }) },
  { text: 'request aws prod, 90 minutes', as: 'requester', expect: req({ resource: 'aws-prod', durationMs: 90 * M }) },
  { text: 'I need access to AWS for 6 hours to rotate keys', as: 'requester', expect: req({ resource: 'aws-prod', durationMs: 6 * H }, { justification: 'rotate' }) },
  { text: 'add me to on-call for the weekend', as: 'manager', expect: req({ resource: 'pagerduty' }) },
  { text: 'can i join the on call rotation for 3 days', as: 'manager', expect: req({ resource: 'pagerduty', durationMs: 3 * D }) },
  { text: 'pagerduty access please, 12 hours', as: 'manager', expect: req({ resource: 'pagerduty', durationMs: 12 * H }) },
  { text: 'put me on pagerduty till tomorrow', as: 'manager', expect: req({ resource: 'pagerduty' }) },
  { text: 'I need Salesforce', as: 'requester', expect: req({ resource: 'salesforce' }) },
  { text: 'could you please grant me salesforce access for 2 weeks? thank you', as: 'requester', expect: req({ resource: 'salesforce', durationMs: 2 * W }) },
  { text: 'salesfroce for a day', as: 'requester', expect: req({ resource: 'salesforce', durationMs: D }) },
  { text: 'i want to request access to salesforce', as: 'requester', expect: req({ resource: 'salesforce' }) },
  { text: 'could i be added to Salesforce Users for a day', as: 'requester', expect: req({ resource: 'salesforce', durationMs: D }) },
  { text: 'i need github admin for 2 hours', as: 'requester', expect: req({ resource: 'github', durationMs: 2 * H }) },
  { text: 'Can I get owner access to the GitHub org for an hour?', as: 'requester', expect: req({ resource: 'github', durationMs: H }) },
  { text: 'gimme githb admin rights for 30 minutes', as: 'requester', expect: req({ resource: 'github', durationMs: 30 * M }) },
  { text: 'I need tableau to look at the q3 numbers', as: 'requester', expect: req({ resource: 'tableau' }) },
  { text: 'tableau creator for 3 days please', as: 'requester', expect: req({ resource: 'tableau', role: 'creator', durationMs: 3 * D }) },
  { text: 'access to tablaeu cloud for a week', as: 'requester', expect: req({ resource: 'tableau', durationMs: W }) },
  { text: 'give {colleague.first} figma viewer for a day', as: 'manager', expect: req({ resource: 'figma', role: 'viewer', durationMs: D, forUser: '{colleague.login}' }) },
  { text: 'please request figma editor for {colleague.email} for 8h', as: 'manager', expect: req({ resource: 'figma', role: 'editor', durationMs: 8 * H, forUser: '{colleague.login}' }) },
  { text: '{colleague.firstLower} needs salesforce for a week', as: 'manager', expect: req({ resource: 'salesforce', durationMs: W, forUser: '{colleague.login}' }) },
  { text: 'can {colleague.initial} get aws prod admin for 2 hours? on-call incident', as: 'manager', expect: req({ resource: 'aws-prod', durationMs: 2 * H, forUser: '{colleague.login}' }) },
  { text: 'request tableau for {colleague.first} until friday', as: 'manager', expect: req({ resource: 'tableau', forUser: '{colleague.login}' }) },
  { text: 'i would like figma editor access on behalf of {colleague.firstLower} for 2h, thanks', as: 'manager', expect: req({ resource: 'figma', role: 'editor', durationMs: 2 * H, forUser: '{colleague.login}' }) },
];

const mine: CorpusCase[] = [
  { text: 'what access do I have?', as: 'requester', expect: { intent: 'access.mine' } },
  { text: 'what do i have access to', as: 'requester', expect: { intent: 'access.mine' } },
  { text: 'show me my access', as: 'requester', expect: { intent: 'access.mine' } },
  { text: 'list my grants', as: 'requester', expect: { intent: 'access.mine' } },
  { text: 'my acess pls', as: 'requester', expect: { intent: 'access.mine' } },
  { text: 'show my current permissions', as: 'requester', expect: { intent: 'access.mine' } },
  { text: 'what have i got access to at the moment? thanks', as: 'requester', expect: { intent: 'access.mine' } },
  { text: 'which apps do I have access to right now', as: 'manager', expect: { intent: 'access.mine' } },
  { text: 'What Access Do I Currently Have', as: 'it', expect: { intent: 'access.mine' } },
];

const status: CorpusCase[] = [
  { text: "where's my request?", as: 'requester', expect: { intent: 'access.status' } },
  { text: 'status of my request', as: 'requester', expect: { intent: 'access.status' } },
  { text: 'any update on my figma request?', as: 'requester', expect: { intent: 'access.status', values: { resource: 'figma' } } },
  { text: 'has my figma access been approved yet?', as: 'requester', expect: { intent: 'access.status', values: { resource: 'figma' } } },
  { text: 'is my request still pending', as: 'requester', expect: { intent: 'access.status' } },
  { text: 'what happened to my request {request.pending}', as: 'requester', expect: { intent: 'access.status', values: { requestId: '{request.pending}' } } },
  { text: 'status {request.pending}', as: 'requester', expect: { intent: 'access.status', values: { requestId: '{request.pending}' } } },
  { text: 'did my manager approve my figma viewer request?', as: 'requester', expect: { intent: 'access.status', values: { resource: 'figma' } } },
  { text: 'check on my pending requests please', as: 'requester', expect: { intent: 'access.status' } },
  { text: 'hows my access request going', as: 'requester', expect: { intent: 'access.status' } },
];

const extend: CorpusCase[] = [
  { text: 'extend my on-call access by 2 hours', as: 'requester', expect: { intent: 'access.extend', values: { resource: 'pagerduty', durationMs: 2 * H } } },
  { text: 'can you extend pagerduty for another day', as: 'requester', expect: { intent: 'access.extend', values: { resource: 'pagerduty', durationMs: D } } },
  { text: 'I need more time on on-call, 4 more hours please', as: 'requester', expect: { intent: 'access.extend', values: { resource: 'pagerduty', durationMs: 4 * H } } },
  { text: 'extend {request.active} by 8h', as: 'requester', expect: { intent: 'access.extend', values: { requestId: '{request.active}', durationMs: 8 * H } } },
  { text: 'please extend my pagerduty access for 30 mins', as: 'requester', expect: { intent: 'access.extend', values: { resource: 'pagerduty', durationMs: 30 * M } } },
  { text: 'extnd my pagerduty grant by a day', as: 'requester', expect: { intent: 'access.extend', values: { resource: 'pagerduty', durationMs: D } } },
  { text: 'could you add another 2h to my on-call access', as: 'requester', expect: { intent: 'access.extend', values: { resource: 'pagerduty', durationMs: 2 * H } } },
  { text: 'make my on-call access last until tomorrow', as: 'requester', expect: { intent: 'access.extend', values: { resource: 'pagerduty' } } },
  { text: 'extend my aws access by 2 hours', as: 'requester', expect: { intent: 'access.extend', values: { resource: 'aws-prod', durationMs: 2 * H } } },
  { text: 'keep my on call access for 3 more hours', as: 'requester', expect: { intent: 'access.extend', values: { resource: 'pagerduty', durationMs: 3 * H } } },
];

const release: CorpusCase[] = [
  { text: "I don't need Figma any more", as: 'requester', expect: { intent: 'access.release', values: { resource: 'figma' } } },
  { text: "i'm done with on-call, you can remove my access", as: 'requester', expect: { intent: 'access.release', values: { resource: 'pagerduty' } } },
  { text: 'drop my pagerduty access', as: 'requester', expect: { intent: 'access.release', values: { resource: 'pagerduty' } } },
  { text: 'release my on-call grant, thanks', as: 'requester', expect: { intent: 'access.release', values: { resource: 'pagerduty' } } },
  { text: 'remove my access to pagerduty please', as: 'requester', expect: { intent: 'access.release', values: { resource: 'pagerduty' } } },
  { text: 'cancel my figma request', as: 'requester', expect: { intent: 'access.release', values: { resource: 'figma' } } },
  { text: 'end my pagerduty access early, the incident is over', as: 'requester', expect: { intent: 'access.release', values: { resource: 'pagerduty' } } },
  { text: 'no longer need {request.active}', as: 'requester', expect: { intent: 'access.release', values: { requestId: '{request.active}' } } },
  { text: 'i dont need on call anymore', as: 'requester', expect: { intent: 'access.release', values: { resource: 'pagerduty' } } },
];

const pending: CorpusCase[] = [
  { text: 'what is waiting for my approval?', as: 'manager', expect: { intent: 'approvals.pending' } },
  { text: 'anything for me to approve?', as: 'manager', expect: { intent: 'approvals.pending' } },
  { text: 'show pending approvals', as: 'manager', expect: { intent: 'approvals.pending' } },
  { text: 'whats in my approval queue', as: 'manager', expect: { intent: 'approvals.pending' } },
  { text: 'list the requests waiting on me', as: 'manager', expect: { intent: 'approvals.pending' } },
  { text: 'pending aprovals pls', as: 'manager', expect: { intent: 'approvals.pending' } },
  { text: "who's waiting on me to approve access?", as: 'manager', expect: { intent: 'approvals.pending' } },
  { text: 'do I have any approvals to do', as: 'it', expect: { intent: 'approvals.pending' } },
];

const approve: CorpusCase[] = [
  { text: "approve {requester.first}'s request", as: 'manager', expect: { intent: 'approval.approve', values: { user: '{requester.login}' } } },
  { text: 'approve {request.pending}', as: 'manager', expect: { intent: 'approval.approve', values: { requestId: '{request.pending}' } } },
  { text: "ok, approve {requester.firstLower}'s figma request", as: 'manager', expect: { intent: 'approval.approve', values: { user: '{requester.login}' } } },
  { text: 'approve the request from {requester.email}', as: 'manager', expect: { intent: 'approval.approve', values: { user: '{requester.login}' } } },
  { text: 'lgtm, approve {request.pending}', as: 'manager', expect: { intent: 'approval.approve', values: { requestId: '{request.pending}' } } },
  { text: "approve {requester.initial}'s figma viewer request, looks fine", as: 'manager', expect: { intent: 'approval.approve', values: { user: '{requester.login}' } } },
  { text: "i approve {requester.first}'s access request", as: 'manager', expect: { intent: 'approval.approve', values: { user: '{requester.login}' } } },
  { text: 'approve {request.pending} with comment: ok for the design review', as: 'manager', expect: { intent: 'approval.approve', values: { requestId: '{request.pending}' }, contains: { comment: 'design review' } } },
  { text: "aprove {requester.first}'s request pls", as: 'manager', expect: { intent: 'approval.approve', values: { user: '{requester.login}' } } },
];

const deny: CorpusCase[] = [
  { text: 'deny it, not needed', as: 'manager', expect: { intent: 'approval.deny', contains: { comment: 'not needed' } } },
  { text: 'deny {request.pending}, not on the rota', as: 'manager', expect: { intent: 'approval.deny', values: { requestId: '{request.pending}' }, contains: { comment: 'rota' } } },
  { text: "reject {requester.first}'s request", as: 'manager', expect: { intent: 'approval.deny', values: { user: '{requester.login}' } } },
  { text: 'decline the figma request from {requester.firstLower}, they already have what they need', as: 'manager', expect: { intent: 'approval.deny', values: { user: '{requester.login}' } } },
  { text: "deny {requester.email}'s request", as: 'manager', expect: { intent: 'approval.deny', values: { user: '{requester.login}' } } },
  { text: 'deny {request.pending} - wrong team', as: 'manager', expect: { intent: 'approval.deny', values: { requestId: '{request.pending}' }, contains: { comment: 'wrong team' } } },
  { text: "refuse {requester.initial}'s figma access", as: 'manager', expect: { intent: 'approval.deny', values: { user: '{requester.login}' } } },
  { text: "dney {requester.first}'s request", as: 'manager', expect: { intent: 'approval.deny', values: { user: '{requester.login}' } } },
];

const workflows: CorpusCase[] = [
  // create-user
  { text: 'create a user for jane.doe@acme.example', as: 'it', expect: run('create-user', { login: 'jane.doe@acme.example' }) },
  { text: 'add a new okta account for Priscilla Quinn, priscilla.quinn@acme.example, in Engineering', as: 'it', expect: run('create-user', { login: 'priscilla.quinn@acme.example', firstName: 'Priscilla', lastName: 'Quinn', department: 'Engineering' }) },
  { text: 'new user: Tobias Fenwick, tobias.fenwick@acme.example, title Data Analyst', as: 'it', expect: run('create-user', { login: 'tobias.fenwick@acme.example', firstName: 'Tobias', lastName: 'Fenwick', title: 'Data Analyst' }) },
  { text: "pls create user rosalind.ito@acme.example, staged, don't activate yet", as: 'it', expect: run('create-user', { login: 'rosalind.ito@acme.example', activate: false }) },
  // create-group
  { text: 'create a group called Data Platform', as: 'it', expect: run('create-group', { name: 'Data Platform' }) },
  { text: 'make a new okta group "Figma Admins" for figma admin seats', as: 'it', expect: run('create-group', { name: 'Figma Admins' }) },
  { text: 'new group: Finance - Payroll', as: 'it', expect: run('create-group', { name: 'Finance - Payroll' }) },
  { text: 'could you set up a group named Security Champions please', as: 'it', expect: run('create-group', { name: 'Security Champions' }) },
  { text: 'creat a grup called ML Research', as: 'it', expect: run('create-group', { name: 'ML Research' }) },
  // add-user-to-group
  { text: 'add {colleague.email} to Figma Editors', as: 'it', expect: run('add-user-to-group', { user: '{colleague.login}', group: 'Figma Editors' }) },
  { text: 'put {colleague.first} in the on-call group', as: 'it', expect: run('add-user-to-group', { user: '{colleague.login}', group: 'On-call' }) },
  { text: 'add {colleague.login} to salesforce users', as: 'it', expect: run('add-user-to-group', { user: '{colleague.login}', group: 'Salesforce Users' }) },
  { text: 'please add {colleague.initial} to GitHub Admins', as: 'it', expect: run('add-user-to-group', { user: '{colleague.login}', group: 'GitHub Admins' }) },
  { text: 'add {colleague.firstLower} to the figma viewers', as: 'it', expect: run('add-user-to-group', { user: '{colleague.login}', group: 'Figma Viewers' }) },
  // remove-user-from-group
  { text: 'remove {colleague.email} from Figma Editors', as: 'it', expect: run('remove-user-from-group', { user: '{colleague.login}', group: 'Figma Editors' }) },
  { text: 'take {colleague.first} out of the on-call group', as: 'it', expect: run('remove-user-from-group', { user: '{colleague.login}', group: 'On-call' }) },
  { text: 'drop {colleague.login} from salesforce users', as: 'it', expect: run('remove-user-from-group', { user: '{colleague.login}', group: 'Salesforce Users' }) },
  { text: 'remove {colleague.initial} from the github admins group', as: 'it', expect: run('remove-user-from-group', { user: '{colleague.login}', group: 'GitHub Admins' }) },
  // assign-user-to-app
  { text: 'give {colleague.email} access to Zendesk', as: 'it', expect: run('assign-user-to-app', { user: '{colleague.login}', app: 'Zendesk' }) },
  { text: 'assign Miro to {colleague.login}', as: 'it', expect: run('assign-user-to-app', { user: '{colleague.login}', app: 'Miro' }) },
  { text: '{colleague.email} needs datadog', as: 'it', expect: run('assign-user-to-app', { user: '{colleague.login}', app: 'Datadog' }) },
  { text: 'can you add {colleague.first} to the hubspot app', as: 'it', expect: run('assign-user-to-app', { user: '{colleague.login}', app: 'HubSpot' }) },
  { text: 'assing docusign to {colleague.login} pls', as: 'it', expect: run('assign-user-to-app', { user: '{colleague.login}', app: 'DocuSign' }) },
  // deactivate-user
  { text: 'deactivate {colleague.email}', as: 'it', expect: run('deactivate-user', { user: '{colleague.login}' }) },
  { text: 'disable the okta account of {colleague.login}', as: 'it', expect: run('deactivate-user', { user: '{colleague.login}' }) },
  { text: 'deprovision {colleague.first}, they left last week', as: 'it', expect: run('deactivate-user', { user: '{colleague.login}' }) },
  // suspend-user
  { text: 'suspend {colleague.email}', as: 'it', expect: run('suspend-user', { user: '{colleague.login}' }) },
  { text: 'put {colleague.login} on hold, they are on leave', as: 'it', expect: run('suspend-user', { user: '{colleague.login}' }) },
  { text: 'temporarily block {colleague.first} from signing in', as: 'it', expect: run('suspend-user', { user: '{colleague.login}' }) },
  { text: 'suspnd {colleague.login}', as: 'it', expect: run('suspend-user', { user: '{colleague.login}' }) },
  // unsuspend-user
  { text: 'unsuspend {colleague.email}', as: 'it', expect: run('unsuspend-user', { user: '{colleague.login}' }) },
  { text: '{colleague.login} is back from leave, restore their account', as: 'it', expect: run('unsuspend-user', { user: '{colleague.login}' }) },
  { text: 'lift the suspension on {colleague.first}', as: 'it', expect: run('unsuspend-user', { user: '{colleague.login}' }) },
  // unlock-account
  { text: "I'm locked out", as: 'requester', expect: run('unlock-account') },
  { text: 'unlock my account please', as: 'requester', expect: run('unlock-account') },
  { text: 'help, i locked myself out of okta', as: 'requester', expect: run('unlock-account') },
  { text: 'my account is locked :(', as: 'requester', expect: run('unlock-account') },
  { text: 'unlock {colleague.email}', as: 'it', expect: run('unlock-account', { user: '{colleague.login}' }) },
  { text: '{colleague.first} is locked out of okta, please unlock them', as: 'it', expect: run('unlock-account', { user: '{colleague.login}' }) },
  // reset-password
  { text: 'reset my password', as: 'requester', expect: run('reset-password') },
  { text: 'I forgot my Okta password', as: 'requester', expect: run('reset-password') },
  { text: 'forgot password, can you help?', as: 'requester', expect: run('reset-password') },
  { text: 'reset the password of {colleague.email}', as: 'it', expect: run('reset-password', { user: '{colleague.login}' }) },
  { text: 'send {colleague.first} a password reset link', as: 'it', expect: run('reset-password', { user: '{colleague.login}' }) },
  { text: 'pasword reset for {colleague.login} please', as: 'it', expect: run('reset-password', { user: '{colleague.login}' }) },
  // reset-mfa-factors
  { text: 'reset mfa for {colleague.email}', as: 'it', expect: run('reset-mfa-factors', { user: '{colleague.login}' }) },
  { text: '{colleague.first} got a new phone, reset their factors', as: 'it', expect: run('reset-mfa-factors', { user: '{colleague.login}' }) },
  { text: 'clear the okta verify enrollment of {colleague.login}', as: 'it', expect: run('reset-mfa-factors', { user: '{colleague.login}' }) },
  { text: 'reset 2fa for {colleague.initial}', as: 'it', expect: run('reset-mfa-factors', { user: '{colleague.login}' }) },
  // clear-sessions
  { text: 'sign {colleague.email} out everywhere', as: 'it', expect: run('clear-sessions', { user: '{colleague.login}' }) },
  { text: 'clear the sessions of {colleague.login}', as: 'it', expect: run('clear-sessions', { user: '{colleague.login}' }) },
  { text: 'log {colleague.first} out of all devices and revoke their tokens', as: 'it', expect: run('clear-sessions', { user: '{colleague.login}', revokeTokens: true }) },
  { text: 'kill all okta sessions for {colleague.login}', as: 'it', expect: run('clear-sessions', { user: '{colleague.login}' }) },
  // onboarding
  { text: 'onboard Jane Doe, jane.doe@acme.example, Engineering - Platform, reporting to {manager.login}', as: 'it', expect: run('onboarding', { firstName: 'Jane', lastName: 'Doe', email: 'jane.doe@acme.example', department: 'Engineering', team: 'Platform', managerLogin: '{manager.login}' }) },
  { text: 'new hire: Bob Marlow, Sales Enterprise team, Account Executive, starts 2026-03-02', as: 'it', expect: run('onboarding', { firstName: 'Bob', lastName: 'Marlow', startDate: '2026-03-02' }) },
  { text: 'set up an account for our new designer Ana Lima in Design / Product Design', as: 'it', expect: run('onboarding', { firstName: 'Ana', lastName: 'Lima' }) },
  { text: 'onboard a new employee', as: 'it', expect: run('onboarding') },
  { text: 'we have a new starter on monday, can you onboard them?', as: 'it', expect: run('onboarding') },
  // offboarding
  { text: 'offboard {colleague.email}', as: 'it', expect: run('offboarding', { user: '{colleague.login}' }) },
  { text: '{colleague.login} is leaving, offboard them with a 14 day grace period', as: 'it', expect: run('offboarding', { user: '{colleague.login}', graceDays: 14 }) },
  { text: 'offbaord {colleague.first} now, no grace period', as: 'it', expect: run('offboarding', { user: '{colleague.login}', graceDays: 0 }) },
  { text: 'run offboarding for {colleague.login}, last day was friday', as: 'it', expect: run('offboarding', { user: '{colleague.login}' }) },
  { text: '{colleague.initial} left the company, please offboard', as: 'it', expect: run('offboarding', { user: '{colleague.login}' }) },
  // incident-lockdown
  { text: "lock down {colleague.first}'s account, their laptop was stolen", as: 'it', expect: { ...run('incident-lockdown', { user: '{colleague.login}' }), contains: { reason: 'laptop' } } },
  { text: 'incident lockdown for {colleague.email}', as: 'it', expect: run('incident-lockdown', { user: '{colleague.login}' }) },
  { text: '{colleague.login} clicked a phishing link, lock the account and alert #security', as: 'it', expect: run('incident-lockdown', { user: '{colleague.login}', notify: ['#security'] }) },
  { text: 'compromised account: {colleague.login}, lock it down now', as: 'it', expect: run('incident-lockdown', { user: '{colleague.login}' }) },
  { text: "{colleague.first}'s account is compromised!! lock it down", as: 'it', expect: run('incident-lockdown', { user: '{colleague.login}' }) },
  // temporary-group-membership
  { text: 'add {colleague.email} to AWS Production Admins for 8h', as: 'it', expect: run('temporary-group-membership', { user: '{colleague.login}', group: 'AWS Production Admins', duration: '8h' }) },
  { text: 'put {colleague.login} in on-call for 3 days', as: 'it', expect: run('temporary-group-membership', { user: '{colleague.login}', group: 'On-call', duration: '3d' }) },
  { text: 'give {colleague.first} Figma Editors for 2 weeks', as: 'it', expect: run('temporary-group-membership', { user: '{colleague.login}', group: 'Figma Editors', duration: '2w' }) },
  { text: 'temporarily put {colleague.login} in salesforce users for 30m', as: 'it', expect: run('temporary-group-membership', { user: '{colleague.login}', group: 'Salesforce Users', duration: '30m' }) },
];

const conversation: CorpusCase[] = [
  { text: 'help', as: 'requester', expect: { intent: 'help' } },
  { text: 'what can you do?', as: 'requester', expect: { intent: 'help' } },
  { text: 'hello, what can you help me with?', as: 'manager', expect: { intent: 'help' } },
  { text: 'how do i use this', as: 'requester', expect: { intent: 'help' } },
  { text: 'what can i ask you', as: 'it', expect: { intent: 'help' } },
  { text: 'Help!', as: 'it', expect: { intent: 'help' } },
  { text: 'yes', as: 'requester', expect: { intent: 'confirm' } },
  { text: 'yep, go ahead', as: 'requester', expect: { intent: 'confirm' } },
  { text: 'confirm', as: 'it', expect: { intent: 'confirm' } },
  { text: 'no', as: 'requester', expect: { intent: 'cancel' } },
  { text: 'never mind', as: 'requester', expect: { intent: 'cancel' } },
  { text: 'cancel', as: 'it', expect: { intent: 'cancel' } },
];

/** Genuinely ambiguous: the agent must ask, never act. */
const ambiguous: CorpusCase[] = [
  { text: 'remove {colleague.first}', as: 'it', expect: { intent: 'workflow.run', ask: true } },
  { text: 'access', as: 'requester', expect: { intent: 'access.request', ask: true } },
  { text: 'reset', as: 'it', expect: { intent: 'workflow.run', ask: true } },
  { text: 'reset {colleague.firstLower}', as: 'it', expect: { intent: 'workflow.run', ask: true } },
  { text: 'i need access', as: 'requester', expect: { intent: 'access.request', ask: true } },
  { text: 'figma', as: 'requester', expect: { intent: 'access.request', ask: true } },
  { text: 'give me admin', as: 'requester', expect: { intent: 'access.request', ask: true } },
  { text: 'give {colleague.first} access', as: 'it', expect: { intent: 'workflow.run', ask: true } },
  { text: 'add {colleague.first}', as: 'it', expect: { intent: 'workflow.run', ask: true } },
  { text: "disable {colleague.firstLower}'s access", as: 'it', expect: { intent: 'workflow.run', ask: true } },
  { text: "sort out {colleague.first}'s account please", as: 'it', expect: { intent: 'unknown', ask: true } },
  { text: '{colleague.first}', as: 'it', expect: { intent: 'unknown', ask: true } },
  { text: 'something is wrong with my account', as: 'requester', expect: { intent: 'unknown', ask: true } },
  { text: "it doesn't work", as: 'requester', expect: { intent: 'unknown', ask: true } },
  { text: 'the usual please', as: 'requester', expect: { intent: 'unknown', ask: true } },
  { text: 'can you sort out my laptop', as: 'requester', expect: { intent: 'unknown', ask: true } },
  { text: 'move {colleague.first} to the sales team', as: 'it', expect: { intent: 'unknown', ask: true } },
  { text: 'delete the figma group', as: 'it', expect: { intent: 'unknown', ask: true } },
  { text: 'extend', as: 'requester', expect: { intent: 'access.extend', ask: true } },
  { text: 'can you help with {colleague.first}?', as: 'it', expect: { intent: 'unknown', ask: true } },
  { text: 'what about the other thing', as: 'manager', expect: { intent: 'unknown', ask: true } },
];

/** The whole corpus, grouped by intent (the ambiguous ones last). */
export const corpus: readonly CorpusCase[] = [...accessRequests, ...mine, ...status, ...extend, ...release, ...pending, ...approve, ...deny, ...workflows, ...conversation, ...ambiguous];
