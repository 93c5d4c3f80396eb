/** Access reviews: campaigns, a reviewer's queue with bulk decisions, progress, the evidence export. */
import { Alert, Anchor, Button, Checkbox, Group, Modal, Paper, Progress, Select, SimpleGrid, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, download, type Campaign, type CampaignProgress, type ReviewItem } from '../api.ts';
import { useSession } from '../session.tsx';
import { ConfirmButton, Empty, ErrorAlert, formatTime, Loading, PageHeader, StatusBadge, useApi } from '../ui.tsx';

export function ReviewsPage() {
  const { isAdmin } = useSession();
  const campaigns = useApi((signal) => (isAdmin ? api<{ campaigns: Campaign[] }>('/access/reviews', { signal }) : Promise.resolve({ campaigns: [] })), [isAdmin]);
  const [creating, setCreating] = useState(false);
  if (!isAdmin) return <ReviewerStart />;
  return (
    <>
      <PageHeader
        title="Reviews"
        description="Access reviews: reviewers keep or revoke who has what; the evidence export holds every decision and the Okta change made."
        actions={
          isAdmin ? (
            <Button onClick={() => setCreating(true)} data-testid="review-new">
              New campaign
            </Button>
          ) : null
        }
      />
      <ErrorAlert error={campaigns.error} onRetry={campaigns.reload} />
      {campaigns.loading && !campaigns.data ? (
        <Loading />
      ) : campaigns.data?.campaigns.length === 0 ? (
        <Empty title="No review campaigns yet">{isAdmin ? 'Press New campaign to review an app, some groups or a department.' : 'When a campaign names you as a reviewer, your queue appears here.'}</Empty>
      ) : (
        <Table highlightOnHover striped aria-label="Campaigns" data-testid="reviews-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Campaign</Table.Th>
              <Table.Th>Scope</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Items</Table.Th>
              <Table.Th>Due</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {[...(campaigns.data?.campaigns ?? [])].sort((a, b) => b.createdAt - a.createdAt).map((c) => (
              <Table.Tr key={c.id} data-testid="review-row">
                <Table.Td>
                  <Anchor component={Link} to={`/reviews/${c.id}`}>
                    {c.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{scopeText(c)}</Table.Td>
                <Table.Td>
                  <StatusBadge status={c.status} />
                </Table.Td>
                <Table.Td>{c.itemCount}</Table.Td>
                <Table.Td>{formatTime(c.dueAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {creating && <CreateCampaign onClose={() => setCreating(false)} onCreated={campaigns.reload} />}
    </>
  );
}

/** A reviewer (not an admin) opens their queue of a campaign from the link or id they were sent. */
function ReviewerStart() {
  const navigate = useNavigate();
  const [id, setId] = useState('');
  return (
    <>
      <PageHeader title="Reviews" description="Keep or revoke the access you are asked to review." />
      <Paper withBorder p="lg" maw={560}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (id.trim()) navigate(`/reviews/${encodeURIComponent(id.trim())}`);
          }}
        >
          <Stack>
            <Text size="sm">When a campaign names you as a reviewer, you get a message with its link. Open it, or enter the campaign id here to see your queue.</Text>
            <Group align="flex-end">
              <TextInput label="Campaign id" value={id} onChange={(e) => setId(e.currentTarget.value)} w={300} data-testid="review-open-id" />
              <Button type="submit" disabled={!id.trim()} data-testid="review-open">
                Open my queue
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </>
  );
}

const scopeText = (c: Campaign) => (c.scope.kind === 'apps' ? `apps: ${(c.scope.appIds ?? []).join(', ')}` : c.scope.kind === 'groups' ? `groups: ${(c.scope.groupIds ?? []).join(', ')}` : `department: ${c.scope.department ?? ''}`);
const list = (s: string) => s.split(/[,\n]/).map((x) => x.trim()).filter(Boolean);

function CreateCampaign({ onClose, onCreated }: { onClose: () => void; onCreated: () => void }) {
  const { login } = useSession();
  const [form, setForm] = useState({ name: '', scopeKind: 'apps', scope: '', reviewers: 'manager', logins: '', fallback: '', dueDays: '14', revokeMode: 'at_close', launch: true });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));
  return (
    <Modal opened onClose={onClose} title="New review campaign" size="lg" data-testid="review-create-dialog">
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(undefined);
          try {
            const scope = form.scopeKind === 'apps' ? { kind: 'apps', appIds: list(form.scope) } : form.scopeKind === 'groups' ? { kind: 'groups', groupIds: list(form.scope) } : { kind: 'department', department: form.scope.trim() };
            const reviewers = form.reviewers === 'users' ? { kind: 'users', logins: list(form.logins) } : { kind: form.reviewers };
            const { campaign } = await api<{ campaign: Campaign }>('/access/reviews', {
              method: 'POST',
              body: { by: login, name: form.name.trim(), scope, reviewers, fallbackReviewer: form.fallback.trim() || null, dueAt: Date.now() + Number(form.dueDays || '14') * 86_400_000, revokeMode: form.revokeMode },
            });
            if (form.launch) await api(`/access/reviews/${campaign.id}/launch`, { method: 'POST', body: { by: login } });
            onCreated();
            onClose();
          } catch (err) {
            setError(err as Error);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Stack>
          <TextInput label="Name" required value={form.name} onChange={(e) => set({ name: e.currentTarget.value })} placeholder="Q3 Figma review" data-testid="review-name" data-autofocus />
          <Group grow align="flex-start">
            <Select label="Review" data={[{ value: 'apps', label: 'Apps' }, { value: 'groups', label: 'Groups' }, { value: 'department', label: 'A department' }]} value={form.scopeKind} onChange={(v) => set({ scopeKind: v ?? 'apps' })} allowDeselect={false} data-testid="review-scope-kind" />
            <TextInput label={form.scopeKind === 'department' ? 'Department' : form.scopeKind === 'apps' ? 'Apps (names or ids, comma separated)' : 'Groups (names or ids, comma separated)'} required value={form.scope} onChange={(e) => set({ scope: e.currentTarget.value })} data-testid="review-scope" />
          </Group>
          <Group grow align="flex-start">
            <Select label="Reviewers" data={[{ value: 'manager', label: 'Each person’s manager' }, { value: 'owners', label: 'The resource owners' }, { value: 'users', label: 'Named people' }]} value={form.reviewers} onChange={(v) => set({ reviewers: v ?? 'manager' })} allowDeselect={false} data-testid="review-reviewers" />
            {form.reviewers === 'users' && <TextInput label="Reviewer logins" required value={form.logins} onChange={(e) => set({ logins: e.currentTarget.value })} />}
          </Group>
          <TextInput label="Fallback reviewer" description="Reviews what has no manager or owner, and people's own access." value={form.fallback} onChange={(e) => set({ fallback: e.currentTarget.value })} placeholder="it-lead@acme.example" data-testid="review-fallback" />
          <Group grow>
            <TextInput label="Due in (days)" value={form.dueDays} onChange={(e) => set({ dueDays: e.currentTarget.value })} />
            <Select label="Revoke" data={[{ value: 'at_close', label: 'When the campaign closes' }, { value: 'on_decision', label: 'As soon as decided' }]} value={form.revokeMode} onChange={(v) => set({ revokeMode: v ?? 'at_close' })} allowDeselect={false} />
          </Group>
          <Checkbox label="Launch now (generate the items and tell the reviewers)" checked={form.launch} onChange={(e) => set({ launch: e.currentTarget.checked })} />
          <ErrorAlert error={error} title="Not created" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} data-testid="review-create-submit">
              Create
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function ReviewDetail() {
  const { id = '' } = useParams();
  const { login, isAdmin } = useSession();
  const [reviewer, setReviewer] = useState<string>(isAdmin ? '' : login);
  const [openOnly, setOpenOnly] = useState(true);
  // Campaigns and their progress are an admin's view; a reviewer sees their queue (the items) only.
  const campaign = useApi((signal) => (isAdmin ? api<{ campaign: Campaign; progress: CampaignProgress }>(`/access/reviews/${id}`, { signal }) : Promise.resolve(null)), [id, isAdmin]);
  const items = useApi((signal) => api<{ items: ReviewItem[] }>(`/access/reviews/${id}/items`, { query: { reviewer: reviewer || undefined, decided: openOnly ? 'false' : undefined }, signal }), [id, reviewer, openOnly]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [deciding, setDeciding] = useState<{ ids: string[]; outcome: 'keep' | 'revoke' | 'reassign' } | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<Error>();
  const reload = () => {
    campaign.reload();
    items.reload();
    setSelected(new Set());
  };
  if (campaign.loading && !campaign.data) return <Loading />;
  if (campaign.error)
    return (
      <Stack>
        <Anchor component={Link} to="/reviews">
          ← Reviews
        </Anchor>
        <ErrorAlert error={campaign.error} onRetry={campaign.reload} />
      </Stack>
    );
  if (campaign.data === undefined) return null;
  const queueOnly = campaign.data === null;
  const p: CampaignProgress = campaign.data?.progress ?? { total: 0, decided: 0, open: 0, kept: 0, revoked: 0, reassigned: 0, percent: 0, dueAt: 0, overdue: false, revocations: { applied: 0, pending: 0, failed: 0, needsOktaChange: 0 }, byReviewer: [] };
  const c: Campaign = campaign.data?.campaign ?? { id, name: `Your review queue (${id})`, description: '', scope: { kind: 'queue' }, reviewers: { kind: 'you' }, fallbackReviewer: null, dueAt: 0, status: 'active', createdBy: '', createdAt: 0, itemCount: 0, revokeMode: '' };
  const shown = items.data?.items ?? [];
  const decidable = shown.filter((i) => !i.decision && c.status === 'active');
  if (queueOnly && items.error) return (
    <Stack>
      <Anchor component={Link} to="/reviews">
        ← Reviews
      </Anchor>
      <ErrorAlert error={items.error} onRetry={items.reload} />
    </Stack>
  );
  const allSelected = decidable.length > 0 && decidable.every((i) => selected.has(i.id));
  const exportAs = async (format: 'csv' | 'json') => {
    setError(undefined);
    try {
      await download(`/access/reviews/${c.id}/evidence`, { format }, `gatehouse-review-${c.id}.${format}`);
    } catch (e) {
      setError(e as Error);
    }
  };
  return (
    <Stack>
      <Anchor component={Link} to="/reviews">
        ← Reviews
      </Anchor>
      <PageHeader
        title={c.name}
        description={queueOnly ? `What you are asked to review, as ${login}.` : `${scopeText(c)} · due ${formatTime(c.dueAt)} · revoke ${c.revokeMode === 'on_decision' ? 'on decision' : 'at close'}`}
        actions={
          <>
            {!queueOnly && <StatusBadge status={c.status} testId="review-status" />}
            {isAdmin && (
              <>
                <Button variant="default" size="xs" onClick={() => void exportAs('csv')} data-testid="review-evidence-csv">
                  Evidence CSV
                </Button>
                <Button variant="default" size="xs" onClick={() => void exportAs('json')} data-testid="review-evidence-json">
                  Evidence JSON
                </Button>
              </>
            )}
            {isAdmin && c.status === 'draft' && (
              <Button
                size="xs"
                data-testid="review-launch"
                onClick={async () => {
                  setError(undefined);
                  try {
                    await api(`/access/reviews/${c.id}/launch`, { method: 'POST', body: { by: login } });
                    reload();
                  } catch (e) {
                    setError(e as Error);
                  }
                }}
              >
                Launch
              </Button>
            )}
            {isAdmin && c.status === 'active' && (
              <ConfirmButton
                size="xs"
                label="Close"
                testId="review-close"
                title="Close this campaign?"
                message="Decisions end; revocations waiting for the close are applied now."
                onConfirm={async () => {
                  const answer = await api<unknown>(`/access/reviews/${c.id}/close`, { method: 'POST', body: { by: login } });
                  setResult(`Closed. ${JSON.stringify(answer).slice(0, 300)}`);
                  reload();
                }}
              />
            )}
          </>
        }
      />
      <ErrorAlert error={error} />
      {result && (
        <Alert color="blue" withCloseButton onClose={() => setResult(null)} data-testid="review-result">
          {result}
        </Alert>
      )}
      {!queueOnly && (
      <Paper withBorder p="md" data-testid="review-progress">
        <Group justify="space-between" mb={6}>
          <Text fw={600}>
            {p.decided} of {p.total} decided ({p.percent}%)
          </Text>
          <Text size="sm" c={p.overdue ? 'red' : 'dimmed'}>
            {p.kept} kept · {p.revoked} revoked · {p.reassigned} reassigned{p.overdue ? ' · overdue' : ''}
          </Text>
        </Group>
        <Progress value={p.percent} aria-label="Progress" />
        <SimpleGrid cols={{ base: 2, md: 4 }} mt="sm">
          <Text size="xs">Revocations applied: {p.revocations.applied}</Text>
          <Text size="xs">waiting for the close: {p.revocations.pending}</Text>
          <Text size="xs">failed: {p.revocations.failed}</Text>
          <Text size="xs">need an Okta change: {p.revocations.needsOktaChange}</Text>
        </SimpleGrid>
        {isAdmin && p.byReviewer.length > 0 && (
          <Text size="xs" c="dimmed" mt="xs">
            By reviewer: {p.byReviewer.map((r) => `${r.reviewer} ${r.total - r.open}/${r.total}`).join(' · ')}
          </Text>
        )}
      </Paper>
      )}
      <Group align="flex-end">
        {isAdmin ? (
          <Select
            label="Queue of"
            placeholder="Every reviewer"
            clearable
            searchable
            data={p.byReviewer.map((r) => r.reviewer)}
            value={reviewer || null}
            onChange={(v) => setReviewer(v ?? '')}
            w={280}
            data-testid="review-reviewer-filter"
          />
        ) : (
          <Text size="sm">Your queue ({login})</Text>
        )}
        <Checkbox label="Only undecided" checked={openOnly} onChange={(e) => setOpenOnly(e.currentTarget.checked)} data-testid="review-open-only" />
      </Group>
      {c.status === 'active' && (
        <Group gap="xs" data-testid="review-bulk-actions">
          <Text size="sm">{selected.size} selected</Text>
          <Button size="xs" color="green" disabled={!selected.size} onClick={() => setDeciding({ ids: [...selected], outcome: 'keep' })} data-testid="review-bulk-keep">
            Keep selected
          </Button>
          <Button size="xs" color="red" variant="light" disabled={!selected.size} onClick={() => setDeciding({ ids: [...selected], outcome: 'revoke' })} data-testid="review-bulk-revoke">
            Revoke selected
          </Button>
          <Button size="xs" variant="default" disabled={!selected.size} onClick={() => setDeciding({ ids: [...selected], outcome: 'reassign' })} data-testid="review-bulk-reassign">
            Reassign selected
          </Button>
        </Group>
      )}
      <ErrorAlert error={items.error} onRetry={items.reload} />
      {items.loading && !items.data ? (
        <Loading />
      ) : shown.length === 0 ? (
        <Empty title={c.status === 'draft' ? 'Not launched yet' : openOnly ? 'Nothing left to decide' : 'No items'}>{c.status === 'draft' ? 'Launch the campaign to generate its items.' : openOnly ? 'Untick “Only undecided” to see the decisions made.' : 'The scope matched nobody.'}</Empty>
      ) : (
        <Table striped aria-label="Review items" data-testid="review-items">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>
                <Checkbox aria-label="Select all" checked={allSelected} indeterminate={!allSelected && selected.size > 0} onChange={() => setSelected(allSelected ? new Set() : new Set(decidable.map((i) => i.id)))} data-testid="review-select-all" />
              </Table.Th>
              <Table.Th>Person</Table.Th>
              <Table.Th>Has</Table.Th>
              <Table.Th>How</Table.Th>
              <Table.Th>Since</Table.Th>
              <Table.Th>Decision</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((i) => (
              <Table.Tr key={i.id} data-testid="review-item-row">
                <Table.Td>
                  <Checkbox
                    aria-label={`Select ${i.login} ${i.resource.name}`}
                    disabled={Boolean(i.decision) || c.status !== 'active'}
                    checked={selected.has(i.id)}
                    onChange={() =>
                      setSelected((s) => {
                        const next = new Set(s);
                        if (next.has(i.id)) next.delete(i.id);
                        else next.add(i.id);
                        return next;
                      })
                    }
                  />
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{i.displayName || i.login}</Text>
                  <Text size="xs" c="dimmed">
                    {i.login} {i.userStatus && i.userStatus !== 'ACTIVE' ? `· ${i.userStatus}` : ''}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {i.resource.name}{' '}
                  <Text span size="xs" c="dimmed">
                    ({i.resource.kind})
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="xs">{i.how.map((h) => (h.kind === 'direct' ? 'directly' : h.kind === 'group' ? `through ${h.groupName}` : `time-bound grant${h.endsAt ? ` until ${formatTime(h.endsAt)}` : ''}`)).join('; ')}</Text>
                </Table.Td>
                <Table.Td>{formatTime(i.since)}</Table.Td>
                <Table.Td>
                  {i.decision ? (
                    <Text size="xs">
                      {i.decision.outcome} by {i.decision.by}
                      {i.change ? ` · ${i.change.action}` : ''}
                      {i.change?.error ? ` — ${i.change.error.message}` : ''}
                    </Text>
                  ) : (
                    <Text size="xs" c="dimmed">
                      open · {i.reviewers.join(', ')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {!i.decision && c.status === 'active' && (
                    <Group gap={4} wrap="nowrap">
                      <Button size="compact-xs" color="green" variant="light" onClick={() => setDeciding({ ids: [i.id], outcome: 'keep' })} data-testid={`review-keep-${i.id}`}>
                        Keep
                      </Button>
                      <Button size="compact-xs" color="red" variant="light" onClick={() => setDeciding({ ids: [i.id], outcome: 'revoke' })} data-testid={`review-revoke-${i.id}`}>
                        Revoke
                      </Button>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {deciding && (
        <DecideDialog
          campaignId={c.id}
          ids={deciding.ids}
          outcome={deciding.outcome}
          by={login}
          onClose={() => setDeciding(null)}
          onDone={(message) => {
            setResult(message);
            reload();
          }}
        />
      )}
    </Stack>
  );
}

function DecideDialog({ campaignId, ids, outcome, by, onClose, onDone }: { campaignId: string; ids: string[]; outcome: 'keep' | 'revoke' | 'reassign'; by: string; onClose: () => void; onDone: (message: string) => void }) {
  const [comment, setComment] = useState('');
  const [reassignTo, setReassignTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const verb = outcome === 'keep' ? 'Keep' : outcome === 'revoke' ? 'Revoke' : 'Reassign';
  return (
    <Modal opened onClose={onClose} title={`${verb} ${ids.length} item${ids.length === 1 ? '' : 's'}`} data-testid="review-decide-dialog">
      <Stack>
        {outcome === 'reassign' && <TextInput label="Reassign to" required value={reassignTo} onChange={(e) => setReassignTo(e.currentTarget.value)} placeholder="login" data-testid="review-reassign-to" />}
        <Textarea label="Comment" value={comment} onChange={(e) => setComment(e.currentTarget.value)} autosize minRows={2} data-testid="review-comment" data-autofocus />
        <ErrorAlert error={error} title="Not decided" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            color={outcome === 'revoke' ? 'red' : outcome === 'keep' ? 'green' : 'indigo'}
            loading={busy}
            disabled={outcome === 'reassign' && !reassignTo.trim()}
            data-testid="review-decide-submit"
            onClick={async () => {
              setBusy(true);
              setError(undefined);
              try {
                const body = { by, outcome, comment: comment.trim(), ...(outcome === 'reassign' ? { reassignTo: reassignTo.trim() } : {}) };
                const answer = await api<{ decided: unknown[]; refused: { itemId: string; message: string }[] }>(`/access/reviews/${campaignId}/decisions`, { method: 'POST', body: { ...body, itemIds: ids } });
                onDone(`${verb}: ${answer.decided.length} decided${answer.refused.length ? `; ${answer.refused.length} refused — ${answer.refused.map((r) => r.message).join(' ')}` : ''}.`);
                onClose();
              } catch (e) {
                setError(e as Error);
              } finally {
                setBusy(false);
              }
            }}
          >
            {verb}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
