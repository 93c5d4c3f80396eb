/**
 * A held-out corpus for the help desk agent: messages written without looking at the understanding
 * code or the tuned corpus (./requests.ts), the way people type in Slack (typos, lower case, slang,
 * polite padding, partial names, other word orders), to measure accuracy on text it was not tuned on.
 * Same shape and placeholders as the tuned corpus; scored by ../held-out.test.ts exactly as
 * ../corpus.test.ts scores that one. Expected values are only what a careful human reader would take
 * from the message (value keys of ../types.ts; workflow inputs by their schema names).
 */
import type { CorpusCase } from './requests.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const heldOutCases: CorpusCase[] = [
  // ── access.request: for oneself ─────────────────────────────────────────────────────────────────
  { as: 'requester', text: 'hey can u get me figma editor access for 8 hrs pls, need to fix the onboarding mocks', expect: { intent: 'access.request', values: { resource: 'figma', role: 'editor', durationMs: 8 * HOUR }, contains: { justification: 'onboarding mocks' } } },
  { as: 'requester', text: 'need salesforce asap', expect: { intent: 'access.request', values: { resource: 'salesforce' } } },
  { as: 'requester', text: 'i want tableau for 2 days', expect: { intent: 'access.request', values: { resource: 'tableau', durationMs: 2 * DAY } } },
  { as: 'requester', text: 'can I get github admin for 4h? releasing the hotfix', expect: { intent: 'access.request', values: { resource: 'github', role: 'admin', durationMs: 4 * HOUR }, contains: { justification: 'hotfix' } } },
  { as: 'requester', text: 'pls give me figma viewer access', expect: { intent: 'access.request', values: { resource: 'figma', role: 'viewer' } } },
  { as: 'requester', text: 'could i have aws prod admin for 2 hours, investigating the outage in eu-west', expect: { intent: 'access.request', values: { resource: 'aws-prod', role: 'admin', durationMs: 2 * HOUR }, contains: { justification: 'outage' } } },
  { as: 'requester', text: "Hi! I'd need the On-call role in pagerduty for 3 days please", expect: { intent: 'access.request', values: { resource: 'pagerduty', role: 'on-call', durationMs: 3 * DAY } } },
  { as: 'requester', text: 'need access to tableau for the quarterly review', expect: { intent: 'access.request', values: { resource: 'tableau' }, contains: { justification: 'quarterly review' } } },
  { as: 'requester', text: 'requesting salesforce for 1 week, helping the sales team with the crm migration', expect: { intent: 'access.request', values: { resource: 'salesforce', durationMs: 7 * DAY }, contains: { justification: 'migration' } } },
  { as: 'requester', text: 'plz grant me figma', expect: { intent: 'access.request', values: { resource: 'figma' } } },
  { as: 'requester', text: 'need aws-prod', expect: { intent: 'access.request', values: { resource: 'aws-prod' } } },
  { as: 'requester', text: 'yo can i get pagerduty on-call for tonight', expect: { intent: 'access.request', values: { resource: 'pagerduty', role: 'on-call' } } },
  { as: 'requester', text: 'would it be possible to get editor rights on figma for 30 minutes?', expect: { intent: 'access.request', values: { resource: 'figma', role: 'editor', durationMs: 30 * 60_000 } } },
  { as: 'requester', text: 'requesting access: salesforce, reason: customer escalation ACME-42', expect: { intent: 'access.request', values: { resource: 'salesforce' }, contains: { justification: 'customer escalation' } } },
  { as: 'requester', text: 'i need figma editr access', expect: { intent: 'access.request', values: { resource: 'figma', role: 'editor' } } },
  { as: 'requester', text: 'gimme figma viewer for 8h', expect: { intent: 'access.request', values: { resource: 'figma', role: 'viewer', durationMs: 8 * HOUR } } },
  { as: 'manager', text: 'Good morning! Could I please get access to Tableau? I have to build the churn dashboard', expect: { intent: 'access.request', values: { resource: 'tableau' }, contains: { justification: 'churn dashboard' } } },
  { as: 'it', text: 'i need aws prod admin for 1 hour to run the db migration', expect: { intent: 'access.request', values: { resource: 'aws-prod', role: 'admin', durationMs: HOUR }, contains: { justification: 'db migration' } } },

  // ── access.request: on someone's behalf ────────────────────────────────────────────────────────
  { as: 'requester', text: 'figma editor for {colleague.first} pls, covering my designs while im out', expect: { intent: 'access.request', values: { resource: 'figma', role: 'editor', forUser: '{colleague.login}' } } },
  { as: 'requester', text: 'can you get {colleague.first} salesforce access for a week', expect: { intent: 'access.request', values: { resource: 'salesforce', forUser: '{colleague.login}', durationMs: 7 * DAY } } },
  { as: 'requester', text: 'my teammate {colleague.login} needs tableau', expect: { intent: 'access.request', values: { resource: 'tableau', forUser: '{colleague.login}' } } },
  { as: 'manager', text: 'can {colleague.initial} get tableau for 5 days pls', expect: { intent: 'access.request', values: { resource: 'tableau', forUser: '{colleague.login}', durationMs: 5 * DAY } } },
  { as: 'manager', text: 'Need access to salesforce for {colleague.first} for 12 hours', expect: { intent: 'access.request', values: { resource: 'salesforce', forUser: '{colleague.login}', durationMs: 12 * HOUR } } },

  // ── access.mine ─────────────────────────────────────────────────────────────────────────────────
  { as: 'requester', text: 'what do i have access to rn?', expect: { intent: 'access.mine' } },
  { as: 'requester', text: 'which apps am i in', expect: { intent: 'access.mine' } },
  { as: 'requester', text: 'show me my current access pls', expect: { intent: 'access.mine' } },
  { as: 'manager', text: 'can u list everything i currently have', expect: { intent: 'access.mine' } },
  { as: 'requester', text: 'what are my active grants?', expect: { intent: 'access.mine' } },

  // ── access.status ───────────────────────────────────────────────────────────────────────────────
  { as: 'requester', text: 'any update on my figma request?', expect: { intent: 'access.status', values: { resource: 'figma' } } },
  { as: 'requester', text: 'has my request been approved yet', expect: { intent: 'access.status' } },
  { as: 'requester', text: 'whats the status of {request.pending}', expect: { intent: 'access.status', values: { requestId: '{request.pending}' } } },
  { as: 'requester', text: 'still waiting on figma.. who has to approve it?', expect: { intent: 'access.status', values: { resource: 'figma' } } },
  { as: 'requester', text: "where's my request at", expect: { intent: 'access.status' } },
  { as: 'requester', text: 'is {request.pending} approved or still pending?', expect: { intent: 'access.status', values: { requestId: '{request.pending}' } } },

  // ── access.extend ───────────────────────────────────────────────────────────────────────────────
  { as: 'requester', text: 'can u extend my pagerduty access by 2 more hours', expect: { intent: 'access.extend', values: { resource: 'pagerduty', durationMs: 2 * HOUR } } },
  { as: 'requester', text: 'pls extend on-call by 1 day', expect: { intent: 'access.extend', values: { resource: 'pagerduty', durationMs: DAY } } },
  { as: 'requester', text: 'extend {request.active} for 4h', expect: { intent: 'access.extend', values: { requestId: '{request.active}', durationMs: 4 * HOUR } } },
  { as: 'requester', text: 'my pagerduty access is about to expire, can i keep it 3 more hours?', expect: { intent: 'access.extend', values: { resource: 'pagerduty', durationMs: 3 * HOUR } } },
  { as: 'requester', text: 'add 30 min to my pagerduty grant', expect: { intent: 'access.extend', values: { resource: 'pagerduty', durationMs: 30 * 60_000 } } },

  // ── access.release ──────────────────────────────────────────────────────────────────────────────
  { as: 'requester', text: "i'm done with pagerduty, u can take it away", expect: { intent: 'access.release', values: { resource: 'pagerduty' } } },
  { as: 'requester', text: 'dont need on-call anymore', expect: { intent: 'access.release', values: { resource: 'pagerduty' } } },
  { as: 'requester', text: 'remove my pagerduty access pls, shift is over', expect: { intent: 'access.release', values: { resource: 'pagerduty' } } },
  { as: 'requester', text: 'release {request.active}', expect: { intent: 'access.release', values: { requestId: '{request.active}' } } },
  { as: 'requester', text: 'withdraw my figma request, dont need it after all', expect: { intent: 'access.release', values: { resource: 'figma' } } },

  // ── approvals.pending ───────────────────────────────────────────────────────────────────────────
  { as: 'manager', text: 'anything waiting for me to approve?', expect: { intent: 'approvals.pending' } },
  { as: 'manager', text: 'do i have any pending approvals', expect: { intent: 'approvals.pending' } },
  { as: 'manager', text: 'what requests need my sign off', expect: { intent: 'approvals.pending' } },
  { as: 'manager', text: 'show my approval queue pls', expect: { intent: 'approvals.pending' } },
  { as: 'it', text: 'is there anything i need to review/approve today?', expect: { intent: 'approvals.pending' } },

  // ── approval.approve ────────────────────────────────────────────────────────────────────────────
  { as: 'manager', text: "approve {requester.first}'s figma request", expect: { intent: 'approval.approve', values: { user: '{requester.login}' } } },
  { as: 'manager', text: 'ok approve {request.pending}', expect: { intent: 'approval.approve', values: { requestId: '{request.pending}' } } },
  { as: 'manager', text: 'yes approve {request.pending}, design review makes sense', expect: { intent: 'approval.approve', values: { requestId: '{request.pending}' }, contains: { comment: 'design review makes sense' } } },
  { as: 'manager', text: "approving {requester.initial}'s request", expect: { intent: 'approval.approve', values: { user: '{requester.login}' } } },
  { as: 'manager', text: 'go ahead and approve the figma viewer request from {requester.first}', expect: { intent: 'approval.approve', values: { user: '{requester.login}' } } },
  { as: 'manager', text: 'lgtm, approve {requester.login}', expect: { intent: 'approval.approve', values: { user: '{requester.login}' } } },

  // ── approval.deny ───────────────────────────────────────────────────────────────────────────────
  { as: 'manager', text: 'deny {request.pending}, not needed for the project', expect: { intent: 'approval.deny', values: { requestId: '{request.pending}' }, contains: { comment: 'not needed' } } },
  { as: 'manager', text: "reject {requester.first}'s figma request pls", expect: { intent: 'approval.deny', values: { user: '{requester.login}' } } },
  { as: 'manager', text: "nope, decline {requester.first}'s request - use the shared viewer account", expect: { intent: 'approval.deny', values: { user: '{requester.login}' }, contains: { comment: 'shared viewer' } } },
  { as: 'manager', text: 'deny {request.pending}', expect: { intent: 'approval.deny', values: { requestId: '{request.pending}' } } },
  { as: 'manager', text: "i'm rejecting {request.pending} because the review is over", expect: { intent: 'approval.deny', values: { requestId: '{request.pending}' }, contains: { comment: 'review is over' } } },

  // ── workflow.run: groups (the IT team) ──────────────────────────────────────────────────────────
  { as: 'it', text: 'add {colleague.login} to Figma Editors pls', expect: { intent: 'workflow.run', values: { workflowId: 'add-user-to-group', user: '{colleague.login}', group: 'Figma Editors' } } },
  { as: 'it', text: 'can u put {colleague.first} in the On-call group', expect: { intent: 'workflow.run', values: { workflowId: 'add-user-to-group', user: '{colleague.login}', group: 'On-call' } } },
  { as: 'it', text: '{colleague.login} should be in Salesforce Users, can you add them', expect: { intent: 'workflow.run', values: { workflowId: 'add-user-to-group', user: '{colleague.login}', group: 'Salesforce Users' } } },
  { as: 'it', text: 'put {colleague.first} in AWS Production Admins for 4 hours', expect: { intent: 'workflow.run', values: { workflowId: 'temporary-group-membership', user: '{colleague.login}', group: 'AWS Production Admins', duration: '4h' } } },
  { as: 'it', text: 'add {colleague.login} to On-call for 2 days, covering the holiday rota', expect: { intent: 'workflow.run', values: { workflowId: 'temporary-group-membership', user: '{colleague.login}', group: 'On-call', duration: '2d' }, contains: { reason: 'holiday rota' } } },
  { as: 'it', text: 'temp add {colleague.first} to GitHub Admins for 1h', expect: { intent: 'workflow.run', values: { workflowId: 'temporary-group-membership', user: '{colleague.login}', group: 'GitHub Admins', duration: '1h' } } },
  { as: 'it', text: 'remove {colleague.login} from Figma Viewers', expect: { intent: 'workflow.run', values: { workflowId: 'remove-user-from-group', user: '{colleague.login}', group: 'Figma Viewers' } } },
  { as: 'it', text: "take {colleague.first} out of On-call, they've moved teams", expect: { intent: 'workflow.run', values: { workflowId: 'remove-user-from-group', user: '{colleague.login}', group: 'On-call' } } },
  { as: 'it', text: 'pls kick {colleague.login} out of Salesforce Users', expect: { intent: 'workflow.run', values: { workflowId: 'remove-user-from-group', user: '{colleague.login}', group: 'Salesforce Users' } } },
  { as: 'it', text: 'can you create a new group named Data Science', expect: { intent: 'workflow.run', values: { workflowId: 'create-group', name: 'Data Science' } } },
  { as: 'it', text: "make a group 'Contractors - EU' for the EU based contractors", expect: { intent: 'workflow.run', values: { workflowId: 'create-group', name: 'Contractors - EU' }, contains: { description: 'contractors' } } },
  { as: 'it', text: 'new okta group pls: Marketing Analytics', expect: { intent: 'workflow.run', values: { workflowId: 'create-group', name: 'Marketing Analytics' } } },

  // ── workflow.run: people ────────────────────────────────────────────────────────────────────────
  { as: 'it', text: 'create an okta account for Priya Nair, priya.nair@acme.example, title Data Analyst', expect: { intent: 'workflow.run', values: { workflowId: 'create-user', login: 'priya.nair@acme.example', firstName: 'Priya', lastName: 'Nair', title: 'Data Analyst' } } },
  { as: 'it', text: "pls make a user for tom.becker@acme.example (Tom Becker), staged, don't activate yet", expect: { intent: 'workflow.run', values: { workflowId: 'create-user', login: 'tom.becker@acme.example', firstName: 'Tom', lastName: 'Becker', activate: false } } },
  { as: 'it', text: 'assign Zendesk to {colleague.login}', expect: { intent: 'workflow.run', values: { workflowId: 'assign-user-to-app', user: '{colleague.login}', app: 'Zendesk' } } },
  { as: 'it', text: '{colleague.first} needs Miro, can you set it up for them', expect: { intent: 'workflow.run', values: { workflowId: 'assign-user-to-app', user: '{colleague.login}', app: 'Miro' } } },
  { as: 'it', text: 'give {colleague.login} the Datadog app', expect: { intent: 'workflow.run', values: { workflowId: 'assign-user-to-app', user: '{colleague.login}', app: 'Datadog' } } },
  { as: 'it', text: 'deactivate {colleague.login}, contract ended', expect: { intent: 'workflow.run', values: { workflowId: 'deactivate-user', user: '{colleague.login}' } } },
  { as: 'it', text: "pls disable {colleague.first}'s okta account permanently", expect: { intent: 'workflow.run', values: { workflowId: 'deactivate-user', user: '{colleague.login}' } } },
  { as: 'it', text: 'suspend {colleague.login} for now, parental leave starting today', expect: { intent: 'workflow.run', values: { workflowId: 'suspend-user', user: '{colleague.login}' } } },
  { as: 'it', text: "can you freeze {colleague.first}'s account while HR looks into it", expect: { intent: 'workflow.run', values: { workflowId: 'suspend-user', user: '{colleague.login}' } } },
  { as: 'it', text: '{colleague.login} is back from leave, pls unsuspend', expect: { intent: 'workflow.run', values: { workflowId: 'unsuspend-user', user: '{colleague.login}' } } },
  { as: 'it', text: "lift {colleague.first}'s suspension", expect: { intent: 'workflow.run', values: { workflowId: 'unsuspend-user', user: '{colleague.login}' } } },
  { as: 'requester', text: 'i locked myself out of okta, too many wrong passwords', expect: { intent: 'workflow.run', values: { workflowId: 'unlock-account' } } },
  { as: 'it', text: 'can u unlock {colleague.login}, they fat-fingered the password', expect: { intent: 'workflow.run', values: { workflowId: 'unlock-account', user: '{colleague.login}' } } },
  { as: 'requester', text: 'forgot my pw, can i reset it', expect: { intent: 'workflow.run', values: { workflowId: 'reset-password' } } },
  { as: 'it', text: 'send a password reset to {colleague.login}', expect: { intent: 'workflow.run', values: { workflowId: 'reset-password', user: '{colleague.login}' } } },
  { as: 'manager', text: 'need a new okta password pls, mine expired', expect: { intent: 'workflow.run', values: { workflowId: 'reset-password' } } },
  { as: 'it', text: '{colleague.first} lost their phone, pls reset their mfa', expect: { intent: 'workflow.run', values: { workflowId: 'reset-mfa-factors', user: '{colleague.login}' } } },
  { as: 'it', text: 'reset okta verify for {colleague.login}', expect: { intent: 'workflow.run', values: { workflowId: 'reset-mfa-factors', user: '{colleague.login}' } } },
  { as: 'it', text: 'log {colleague.login} out of everything', expect: { intent: 'workflow.run', values: { workflowId: 'clear-sessions', user: '{colleague.login}' } } },
  { as: 'it', text: "kill {colleague.first}'s sessions and revoke the tokens too", expect: { intent: 'workflow.run', values: { workflowId: 'clear-sessions', user: '{colleague.login}', revokeTokens: true } } },
  { as: 'it', text: '{colleague.login} leaves on friday, pls offboard', expect: { intent: 'workflow.run', values: { workflowId: 'offboarding', user: '{colleague.login}' } } },
  { as: 'it', text: 'offboard {colleague.first} right away, no grace period', expect: { intent: 'workflow.run', values: { workflowId: 'offboarding', user: '{colleague.login}', graceDays: 0 } } },
  { as: 'it', text: 'start offboarding for {colleague.login} with a 30 day grace period', expect: { intent: 'workflow.run', values: { workflowId: 'offboarding', user: '{colleague.login}', graceDays: 30 } } },
  {
    as: 'it',
    text: 'onboard new hire Maria Gomez, maria.gomez@acme.example, Engineering, Backend team, Software Engineer, manager {manager.login}',
    expect: { intent: 'workflow.run', values: { workflowId: 'onboarding', firstName: 'Maria', lastName: 'Gomez', email: 'maria.gomez@acme.example', department: 'Engineering', team: 'Backend', title: 'Software Engineer', managerLogin: '{manager.login}' } },
  },
  {
    as: 'it',
    text: 'new starter on 2026-04-01: Leo Park, leo.park@acme.example, Sales - Enterprise, Account Executive, reports to {manager.login}',
    expect: { intent: 'workflow.run', values: { workflowId: 'onboarding', firstName: 'Leo', lastName: 'Park', email: 'leo.park@acme.example', department: 'Sales', team: 'Enterprise', title: 'Account Executive', managerLogin: '{manager.login}', startDate: '2026-04-01' } },
  },
  { as: 'it', text: '{colleague.login} got phished, lock the account down now', expect: { intent: 'workflow.run', values: { workflowId: 'incident-lockdown', user: '{colleague.login}' }, contains: { reason: 'phished' } } },
  { as: 'it', text: "lockdown {colleague.first}'s account, laptop stolen at the airport, ping #security", expect: { intent: 'workflow.run', values: { workflowId: 'incident-lockdown', user: '{colleague.login}', notify: ['#security'] }, contains: { reason: 'laptop stolen' } } },
  { as: 'it', text: 'security incident: {colleague.login} creds leaked on pastebin, lock everything down', expect: { intent: 'workflow.run', values: { workflowId: 'incident-lockdown', user: '{colleague.login}' } } },

  // ── help, confirm, cancel, unknown ──────────────────────────────────────────────────────────────
  { as: 'requester', text: 'what can you do?', expect: { intent: 'help' } },
  { as: 'requester', text: 'help', expect: { intent: 'help' } },
  { as: 'manager', text: 'how does this bot work', expect: { intent: 'help' } },
  { as: 'manager', text: 'hi, what kind of stuff can i ask you?', expect: { intent: 'help' } },
  { as: 'requester', text: 'yep', expect: { intent: 'confirm' } },
  { as: 'it', text: 'yes pls go ahead', expect: { intent: 'confirm' } },
  { as: 'manager', text: 'sounds good, do it', expect: { intent: 'confirm' } },
  { as: 'requester', text: 'confirm', expect: { intent: 'confirm' } },
  { as: 'requester', text: 'nvm', expect: { intent: 'cancel' } },
  { as: 'it', text: 'actually cancel that', expect: { intent: 'cancel' } },
  { as: 'manager', text: 'no, stop', expect: { intent: 'cancel' } },
  { as: 'requester', text: 'forget it', expect: { intent: 'cancel' } },
  { as: 'requester', text: "what's for lunch in the cafeteria today", expect: { intent: 'unknown' } },
  { as: 'manager', text: 'the coffee machine on floor 3 is broken again lol', expect: { intent: 'unknown' } },

  // ── genuinely ambiguous: must ask, never act ────────────────────────────────────────────────────
  { as: 'requester', text: 'i need access', expect: { intent: 'access.request', ask: true } },
  { as: 'requester', text: 'access pls', expect: { intent: 'access.request', ask: true } },
  { as: 'requester', text: 'can you help with {colleague.first}', expect: { intent: 'unknown', ask: true } },
  { as: 'it', text: 'do the thing for {colleague.login}', expect: { intent: 'unknown', ask: true } },
  { as: 'it', text: '{colleague.login}', expect: { intent: 'unknown', ask: true } },
  { as: 'manager', text: "what about {requester.first}'s request", expect: { intent: 'unknown', ask: true } },
  { as: 'it', text: "handle {colleague.login}'s account", expect: { intent: 'workflow.run', ask: true } },
  { as: 'manager', text: 'hmm not sure about this one', expect: { intent: 'unknown', ask: true } },
  { as: 'requester', text: "something's wrong with my okta", expect: { intent: 'unknown', ask: true } },
  { as: 'it', text: '{colleague.first} and figma', expect: { intent: 'unknown', ask: true } },
  { as: 'requester', text: 'figma', expect: { intent: 'access.request', ask: true } },
];
