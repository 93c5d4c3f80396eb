/** The approvals inbox: what waits for the signed-in person (admins may see every pending one). */
import { Anchor, Badge, Button, Group, Modal, Paper, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, type Approval } from '../api.ts';
import { useSession } from '../session.tsx';
import { Empty, ErrorAlert, formatTime, Loading, PageHeader, StatusBadge, useApi } from '../ui.tsx';

export function ApprovalsPage() {
  const { login, isAdmin } = useSession();
  const [scope, setScope] = useState<'mine' | 'all'>(isAdmin ? 'all' : 'mine');
  const [status, setStatus] = useState<'pending' | 'all'>('pending');
  const approvals = useApi(
    (signal) => api<{ approvals: Approval[] }>('/approvals', { query: { status: status === 'pending' ? 'pending' : undefined, approver: scope === 'mine' ? login : undefined }, signal }),
    [scope, status, login],
  );
  const [deciding, setDeciding] = useState<{ approval: Approval; approved: boolean } | null>(null);
  const list = [...(approvals.data?.approvals ?? [])].sort((a, b) => b.createdAt - a.createdAt);
  return (
    <>
      <PageHeader title="Approvals" description="Requests and workflow runs waiting for a decision. The first decision wins." actions={<Button variant="default" onClick={approvals.reload} data-testid="approvals-refresh">Refresh</Button>} />
      <Group mb="md">
        {isAdmin && <SegmentedControl value={scope} onChange={(v) => setScope(v as 'mine' | 'all')} data={[{ value: 'mine', label: 'Waiting for me' }, { value: 'all', label: 'Everyone’s' }]} data-testid="approvals-scope" />}
        <SegmentedControl value={status} onChange={(v) => setStatus(v as 'pending' | 'all')} data={[{ value: 'pending', label: 'Pending' }, { value: 'all', label: 'All' }]} data-testid="approvals-status" />
      </Group>
      <ErrorAlert error={approvals.error} onRetry={approvals.reload} />
      {approvals.loading && !approvals.data ? (
        <Loading />
      ) : list.length === 0 ? (
        <Empty title={status === 'pending' ? 'Nothing waits for a decision' : 'No approvals yet'}>
          Approvals appear here when someone requests access (Access → Request) or runs a workflow that needs approval. You are told in Slack or chat too.
        </Empty>
      ) : (
        <Stack data-testid="approvals-list">
          {list.map((a) => {
            const mayDecide = a.status === 'pending' && a.approvers.some((p) => p.toLowerCase() === login.toLowerCase());
            return (
              <Paper key={a.id} withBorder p="md" data-testid="approval-item" aria-label={`Approval ${a.reason}`}>
                <Group justify="space-between" align="flex-start" wrap="nowrap">
                  <Stack gap={4}>
                    <Group gap="xs">
                      <StatusBadge status={a.status} />
                      <Text fw={600}>{a.reason}</Text>
                    </Group>
                    <Text size="sm" c="dimmed">
                      Asked by {a.requestedBy}
                      {a.subject ? ` for ${a.subject}` : ''} · {formatTime(a.createdAt)} · expires {formatTime(a.expiresAt)} · workflow {a.workflowId}{' '}
                      (<Anchor component={Link} to={`/runs/${a.runId}`} size="sm">run</Anchor>)
                    </Text>
                    <Text size="sm">
                      Approvers: {a.approvers.join(', ')}
                      {a.required > 1 ? ` (${a.required} needed)` : ''}
                    </Text>
                    {Object.keys(a.context).length > 0 && (
                      <Group gap={6}>
                        {Object.entries(a.context).slice(0, 6).map(([k, v]) => (
                          <Badge key={k} variant="outline" tt="none" size="sm">
                            {k}: {typeof v === 'object' ? JSON.stringify(v) : String(v)}
                          </Badge>
                        ))}
                      </Group>
                    )}
                    {a.decisions.map((d, i) => (
                      <Text key={i} size="sm">
                        {d.approved ? 'Approved' : 'Denied'} by {d.by} {formatTime(d.at)}
                        {d.comment ? `: “${d.comment}”` : ''}
                      </Text>
                    ))}
                  </Stack>
                  {a.status === 'pending' && (
                    <Group gap="xs" wrap="nowrap">
                      <Button size="xs" color="green" disabled={!mayDecide} onClick={() => setDeciding({ approval: a, approved: true })} data-testid={`approve-${a.id}`} title={mayDecide ? undefined : `Only ${a.approvers.join(', ')} may decide`}>
                        Approve
                      </Button>
                      <Button size="xs" color="red" variant="light" disabled={!mayDecide} onClick={() => setDeciding({ approval: a, approved: false })} data-testid={`deny-${a.id}`}>
                        Deny
                      </Button>
                    </Group>
                  )}
                </Group>
              </Paper>
            );
          })}
        </Stack>
      )}
      {deciding && <DecisionDialog approval={deciding.approval} approved={deciding.approved} by={login} onClose={() => setDeciding(null)} onDone={approvals.reload} />}
    </>
  );
}

function DecisionDialog({ approval, approved, by, onClose, onDone }: { approval: Approval; approved: boolean; by: string; onClose: () => void; onDone: () => void }) {
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  return (
    <Modal opened onClose={onClose} title={approved ? 'Approve' : 'Deny'} data-testid="decision-dialog">
      <Stack>
        <Text size="sm">{approval.reason}</Text>
        <Textarea label={approved ? 'Comment (optional)' : 'Why? The requester sees it.'} value={comment} onChange={(e) => setComment(e.currentTarget.value)} required={!approved} autosize minRows={2} data-testid="decision-comment" data-autofocus />
        <ErrorAlert error={error} title="Not decided" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            color={approved ? 'green' : 'red'}
            loading={busy}
            disabled={!approved && !comment.trim()}
            data-testid="decision-submit"
            onClick={async () => {
              setBusy(true);
              setError(undefined);
              try {
                await api(`/approvals/${encodeURIComponent(approval.id)}/decision`, { method: 'POST', body: { approved, by, comment: comment.trim() || null } });
                onDone();
                onClose();
              } catch (e) {
                setError(e as Error);
              } finally {
                setBusy(false);
              }
            }}
          >
            {approved ? 'Approve' : 'Deny'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
