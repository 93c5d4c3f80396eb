/**
 * Block Kit for the help desk: approval cards (Approve / Deny bound to one approver), the same
 * card rewritten with the outcome, the Deny reason modal, agent replies with Confirm / Cancel
 * bound to the person, and plain notifications. Everything people typed is escaped, so a
 * justification cannot ping `@channel`, mention someone or hide a link.
 * @see https://api.slack.com/reference/block-kit/blocks
 */
import type { types } from '@slack/bolt';
import { formatDuration } from '../../../common/duration.ts';
import type { ApprovalRecord } from '../../../workflows/approvals.ts';
import type { ApprovalButton, ConfirmButton, DenyMetadata } from './schemas.ts';

type Block = types.KnownBlock;

export const actionIds = {
  approve: 'gatehouse.approval.approve',
  deny: 'gatehouse.approval.deny',
  confirm: 'gatehouse.confirm',
  cancel: 'gatehouse.cancel',
} as const;
export const denyCallbackId = 'gatehouse.deny';
export const denyReasonBlock = 'reason';
export const denyReasonAction = 'reason';

/** Escapes text for mrkdwn: `&`, `<` and `>` (what Slack parses as mentions and links). */
export const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** Slack's limit for one section's text is 3000 characters. */
const clip = (text: string, max = 2900) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const section = (text: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text: clip(text) } });
const context = (text: string): Block => ({ type: 'context', elements: [{ type: 'mrkdwn', text: clip(text) }] });
/** A time people read in their own time zone (Slack formats it), with the UTC time as the fallback. */
export const slackDate = (ms: number) => `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${new Date(ms).toISOString()}>`;

/** What an approval card shows besides the approval record. */
export interface CardDetails {
  subject: string;
  text: string;
  /** Label of the resource and role ("Figma (Editor)"), requester, beneficiary, duration, justification, step. */
  what?: string;
  requestedBy: string;
  forUser?: string | null;
  durationMs?: number | null;
  justification?: string | null;
  step?: string | null;
}

function detailBlocks(d: CardDetails): Block[] {
  const fields = [`*Requested by*\n${escape(d.requestedBy)}`];
  if (d.forUser && d.forUser !== d.requestedBy) fields.push(`*For*\n${escape(d.forUser)}`);
  if (d.what) fields.push(`*Access*\n${escape(d.what)}`);
  if (d.durationMs !== undefined) fields.push(`*Duration*\n${d.durationMs === null ? 'no end date' : formatDuration(d.durationMs)}`);
  if (d.step) fields.push(`*Step*\n${escape(d.step)}`);
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(d.subject, 150) } },
    section(escape(d.text)),
    { type: 'section', fields: fields.map((text) => ({ type: 'mrkdwn' as const, text: clip(text, 1900) })) },
  ];
  if (d.justification) blocks.push(section(`*Justification*\n>${escape(d.justification).replace(/\n/g, '\n>')}`));
  return blocks;
}

/** The card an approver gets: Approve / Deny carry the approval id and that approver's login. */
export function approvalCard(details: CardDetails, button: ApprovalButton): { text: string; blocks: Block[] } {
  const value = JSON.stringify(button);
  return {
    text: `${details.subject}: ${details.text}`,
    blocks: [
      ...detailBlocks(details),
      {
        type: 'actions',
        block_id: 'gatehouse.approval',
        elements: [
          { type: 'button', action_id: actionIds.approve, style: 'primary', text: { type: 'plain_text', text: 'Approve' }, value },
          { type: 'button', action_id: actionIds.deny, style: 'danger', text: { type: 'plain_text', text: 'Deny' }, value },
        ],
      },
    ],
  };
}

/** The outcome of an approval in one line, or null while it still waits for this approver. */
export function outcomeLine(record: ApprovalRecord, approver: string): string | null {
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  const mine = record.decisions.find((d) => same(d.by, approver));
  const at = record.decidedAt ?? mine?.at;
  const when = at ? ` · ${slackDate(at)}` : '';
  const comment = record.comment ? `: “${escape(record.comment)}”` : '';
  switch (record.status) {
    case 'approved':
      return `:white_check_mark: *Approved* by ${escape(record.decidedBy ?? 'an approver')}${when}`;
    case 'denied':
      return `:x: *Denied* by ${escape(record.decidedBy ?? 'an approver')}${comment}${when}`;
    case 'expired':
      return `:hourglass: *Expired*: nobody decided in time${when}`;
    case 'cancelled':
      return `:no_entry_sign: *Cancelled*${record.decidedBy ? ` by ${escape(record.decidedBy)}` : ''}${when}`;
    case 'pending': {
      if (!mine) return null;
      const left = record.required - record.decisions.filter((d) => d.approved).length;
      return `:white_check_mark: You approved${when}; it waits for ${left} more approver${left === 1 ? '' : 's'}.`;
    }
  }
}

/** The card rewritten with its outcome (no buttons). */
export function decidedCard(details: CardDetails, outcome: string): { text: string; blocks: Block[] } {
  return { text: `${details.subject}: ${outcome.replace(/:[a-z_]+:\s*/g, '').replace(/\*/g, '')}`, blocks: [...detailBlocks(details), section(outcome)] };
}

/** The modal Deny opens: one required reason, shown to the requester. */
export function denyModal(details: CardDetails, metadata: DenyMetadata): types.ModalView {
  return {
    type: 'modal',
    callback_id: denyCallbackId,
    private_metadata: JSON.stringify(metadata),
    title: { type: 'plain_text', text: 'Deny the request' },
    submit: { type: 'plain_text', text: 'Deny' },
    close: { type: 'plain_text', text: 'Back' },
    blocks: [
      section(`*${escape(details.subject)}*\n${escape(details.text)}`),
      {
        type: 'input',
        block_id: denyReasonBlock,
        label: { type: 'plain_text', text: 'Why? (the requester sees this)' },
        element: { type: 'plain_text_input', action_id: denyReasonAction, multiline: true, min_length: 1, max_length: 500 },
      },
    ],
  };
}

/** An agent reply; with Confirm / Cancel bound to the person when the agent proposes a change. */
export function replyMessage(text: string, confirm: ConfirmButton | null): { text: string; blocks: Block[] } {
  const blocks: Block[] = [section(escape(text))];
  if (confirm) {
    const value = JSON.stringify(confirm);
    blocks.push({
      type: 'actions',
      block_id: 'gatehouse.confirm',
      elements: [
        { type: 'button', action_id: actionIds.confirm, style: 'primary', text: { type: 'plain_text', text: 'Confirm' }, value },
        { type: 'button', action_id: actionIds.cancel, text: { type: 'plain_text', text: 'Cancel' }, value },
      ],
    });
  }
  return { text: clip(text, 3900), blocks };
}

/** A proposal after its button was used: the text, and who answered what (no buttons). */
export function answeredMessage(text: string, answer: string): { text: string; blocks: Block[] } {
  return { text: clip(text, 3900), blocks: [section(escape(text)), context(answer)] };
}

/** A plain notification (the requester told of a step, "access ends soon"). */
export function notificationMessage(subject: string, text: string): { text: string; blocks: Block[] } {
  return { text: `${subject}: ${text}`, blocks: [section(`*${escape(subject)}*\n${escape(text)}`)] };
}
