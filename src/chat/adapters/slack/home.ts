/**
 * The App Home tab: what a person holds (with the time left), what they asked for and who it waits
 * for, and the approvals waiting for them (with the same bound Approve / Deny buttons as the cards).
 * @see https://api.slack.com/surfaces/app-home
 */
import type { types } from '@slack/bolt';
import type { AccessRequest } from '../../../access/index.ts';
import { formatDuration } from '../../../common/duration.ts';
import type { ApprovalRecord } from '../../../workflows/approvals.ts';
import { actionIds, escape, slackDate } from './cards.ts';

type Block = types.KnownBlock;

/** What the Home tab shows, read from `requests.mine(login)` and the catalog. */
export interface HomeData {
  login: string;
  now: number;
  active: AccessRequest[];
  pending: (AccessRequest & { waitingFor: string[] })[];
  approvals: ApprovalRecord[];
  label(request: Pick<AccessRequest, 'resourceId' | 'roleId'>): string;
}

const header = (text: string): Block => ({ type: 'header', text: { type: 'plain_text', text } });
const mrkdwn = (text: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text: text.slice(0, 2900) } });
const none = (text: string): Block => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });

/** The Home view of a person. */
export function homeView(data: HomeData): types.HomeView {
  const blocks: Block[] = [mrkdwn(`Signed in to Gatehouse as *${escape(data.login)}*. Write to me here, or use \`/gatehouse\` anywhere: "I need Figma for 8 hours".`)];

  blocks.push({ type: 'divider' }, header('My access'));
  if (data.active.length === 0) blocks.push(none('You hold no access granted through Gatehouse.'));
  for (const r of data.active) {
    const left = r.endsAt === null ? 'no end date' : r.endsAt > data.now ? `${formatDuration(r.endsAt - data.now)} left (ends ${slackDate(r.endsAt)})` : 'ending now';
    blocks.push(mrkdwn(`*${escape(data.label(r))}* — ${left}${r.forUser !== data.login ? ` · for ${escape(r.forUser)}` : ''}`));
  }

  blocks.push({ type: 'divider' }, header('My pending requests'));
  if (data.pending.length === 0) blocks.push(none('Nothing waiting.'));
  for (const r of data.pending) {
    const waiting = r.status === 'provisioning' ? 'being set up in Okta' : r.waitingFor.length > 0 ? `waiting for ${r.waitingFor.map(escape).join(', ')}` : 'waiting';
    blocks.push(mrkdwn(`*${escape(data.label(r))}* — ${waiting} · asked ${slackDate(r.createdAt)}${r.forUser !== data.login ? ` · for ${escape(r.forUser)}` : ''}`));
  }

  blocks.push({ type: 'divider' }, header('Waiting for my approval'));
  if (data.approvals.length === 0) blocks.push(none('No approvals wait for you.'));
  for (const a of data.approvals) {
    const value = JSON.stringify({ a: a.id, l: data.login });
    blocks.push(
      mrkdwn(`*${escape(a.reason)}*\nAsked by ${escape(a.requestedBy)}${a.subject && a.subject !== a.requestedBy ? ` for ${escape(a.subject)}` : ''} · ${slackDate(a.createdAt)}`),
      {
        type: 'actions',
        block_id: `gatehouse.home.${a.id}`.slice(0, 255),
        elements: [
          { type: 'button', action_id: actionIds.approve, style: 'primary', text: { type: 'plain_text', text: 'Approve' }, value },
          { type: 'button', action_id: actionIds.deny, style: 'danger', text: { type: 'plain_text', text: 'Deny' }, value },
        ],
      },
    );
  }
  return { type: 'home', blocks: blocks.slice(0, 100) };
}

/** The Home view of a Slack user Gatehouse cannot map to Okta. */
export function unknownHomeView(message: string): types.HomeView {
  return { type: 'home', blocks: [header('Gatehouse'), mrkdwn(escape(message))] };
}
