/**
 * Access: request access and see your own (everyone); requests, active grants with time left, and the
 * catalog's resources (with roles), policies and profiles (admins).
 */
import { Alert, Badge, Button, Card, Code, Group, Modal, Paper, Select, SimpleGrid, Stack, Table, Tabs, Text, Textarea, TextInput } from '@mantine/core';
import { Fragment, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api, type AccessRequest, type ActiveGrant, type CatalogResource, type CatalogRole } from '../api.ts';
import { useSession } from '../session.tsx';
import { DefinitionsTab } from './AccessDefinitions.tsx';
import { ConfirmButton, Empty, ErrorAlert, formatDuration, formatTime, Loading, PageHeader, StatusBadge, timeLeft, useApi, useNow } from '../ui.tsx';

const adminTabs = ['requests', 'grants', 'resources', 'policies', 'profiles'];

export function AccessPage() {
  const { tab = 'request' } = useParams();
  const { isAdmin } = useSession();
  const navigate = useNavigate();
  return (
    <>
      <PageHeader title="Access" description="Ask for access to apps and groups, for as long as you need it; see what you hold and for how long." />
      <Tabs value={tab} onChange={(v) => navigate(`/access/${v ?? 'request'}`)} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="request" data-testid="access-tab-request">
            Request
          </Tabs.Tab>
          <Tabs.Tab value="mine" data-testid="access-tab-mine">
            My access
          </Tabs.Tab>
          {isAdmin && (
            <>
              <Tabs.Tab value="requests" data-testid="access-tab-requests">
                Requests
              </Tabs.Tab>
              <Tabs.Tab value="grants" data-testid="access-tab-grants">
                Active grants
              </Tabs.Tab>
              <Tabs.Tab value="resources" data-testid="access-tab-resources">
                Resources & roles
              </Tabs.Tab>
              <Tabs.Tab value="policies" data-testid="access-tab-policies">
                Policies
              </Tabs.Tab>
              <Tabs.Tab value="profiles" data-testid="access-tab-profiles">
                Profiles
              </Tabs.Tab>
            </>
          )}
        </Tabs.List>
        <Tabs.Panel value="request">
          <RequestTab />
        </Tabs.Panel>
        <Tabs.Panel value="mine">
          <MineTab />
        </Tabs.Panel>
        {isAdmin && (
          <>
            <Tabs.Panel value="requests">
              <RequestsTab />
            </Tabs.Panel>
            <Tabs.Panel value="grants">
              <GrantsTab />
            </Tabs.Panel>
            <Tabs.Panel value="resources">
              <DefinitionsTab kind="resources" />
            </Tabs.Panel>
            <Tabs.Panel value="policies">
              <DefinitionsTab kind="policies" />
            </Tabs.Panel>
            <Tabs.Panel value="profiles">
              <DefinitionsTab kind="profiles" />
            </Tabs.Panel>
          </>
        )}
      </Tabs>
      {!isAdmin && adminTabs.includes(tab) && (
        <Alert color="yellow" title="You need the admin role" data-testid="admin-required">
          Requests of others, grants and the catalog's definitions are for Gatehouse admins.
        </Alert>
      )}
    </>
  );
}

function RequestTab() {
  const { login } = useSession();
  const catalog = useApi((signal) => api<{ resources: CatalogResource[] }>('/access/catalog', { query: { user: login }, signal }), [login]);
  const [asking, setAsking] = useState<{ resource: CatalogResource; role: CatalogRole } | null>(null);
  const [done, setDone] = useState<AccessRequest | null>(null);
  if (catalog.loading && !catalog.data) return <Loading />;
  return (
    <Stack>
      <ErrorAlert error={catalog.error} onRetry={catalog.reload} />
      {done && (
        <Alert color={done.status === 'active' ? 'green' : 'blue'} title={done.status === 'active' ? 'Granted' : 'Requested'} data-testid="access-request-done" withCloseButton onClose={() => setDone(null)}>
          {done.resourceId} / {done.roleId}: {done.status}
          {done.status === 'pending' ? ` — waiting for ${done.approvals.at(-1)?.step ?? 'approval'}.` : ''}
          {done.endsAt ? ` Ends ${formatTime(done.endsAt)}.` : ''}
        </Alert>
      )}
      {catalog.data?.resources.length === 0 ? (
        <Empty title="Nothing can be requested yet">An admin adds resources to the access catalog under Access → Resources & roles (or `gatehouse access resources set FILE`).</Empty>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} data-testid="access-catalog">
          {catalog.data?.resources.map((r) => (
            <Card key={r.id} withBorder data-testid={`access-resource-${r.id}`} aria-label={r.name}>
              <Group justify="space-between" mb={4}>
                <Text fw={600}>{r.name}</Text>
                <Badge variant="outline" size="sm">
                  {r.kind}
                </Badge>
              </Group>
              {r.description && (
                <Text size="sm" c="dimmed" mb="xs">
                  {r.description}
                </Text>
              )}
              {!r.eligible && (
                <Text size="xs" c="orange" mb="xs">
                  {r.reason ?? 'You are not eligible.'} {r.rule && <Code>{r.rule}</Code>}
                </Text>
              )}
              <Stack gap={6}>
                {r.roles.map((role) => (
                  <Group key={role.id} justify="space-between" wrap="nowrap">
                    <div>
                      <Text size="sm">{role.name}</Text>
                      <Text size="xs" c="dimmed">
                        {role.approvals.length ? `Approved by: ${role.approvals.join(' → ')}` : 'No approval needed'}
                        {role.maxDurationMs ? ` · up to ${formatDuration(role.maxDurationMs)}` : ''}
                      </Text>
                    </div>
                    {role.request ? (
                      <StatusBadge status={role.request.status} />
                    ) : (
                      <Button size="xs" disabled={!r.eligible} onClick={() => setAsking({ resource: r, role })} data-testid={`access-request-${r.id}-${role.id}`}>
                        Request
                      </Button>
                    )}
                  </Group>
                ))}
              </Stack>
            </Card>
          ))}
        </SimpleGrid>
      )}
      {asking && (
        <RequestDialog
          resource={asking.resource}
          role={asking.role}
          by={login}
          onClose={() => setAsking(null)}
          onDone={(request) => {
            setDone(request);
            catalog.reload();
          }}
        />
      )}
    </Stack>
  );
}

function RequestDialog({ resource, role, by, onClose, onDone }: { resource: CatalogResource; role: CatalogRole; by: string; onClose: () => void; onDone: (r: AccessRequest) => void }) {
  const [duration, setDuration] = useState(role.defaultDurationMs ? formatShort(role.defaultDurationMs) : '');
  const [justification, setJustification] = useState('');
  const [forUser, setForUser] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  return (
    <Modal opened onClose={onClose} title={`Request ${resource.name} — ${role.name}`} data-testid="access-request-dialog">
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(undefined);
          try {
            const answer = await api<{ request: AccessRequest }>('/access/requests', {
              method: 'POST',
              body: { by, resource: resource.id, role: role.id, ...(duration.trim() ? { duration: duration.trim() } : {}), ...(justification.trim() ? { justification: justification.trim() } : {}), ...(forUser.trim() ? { forUser: forUser.trim() } : {}) },
            });
            onDone(answer.request);
            onClose();
          } catch (err) {
            setError(err as Error);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Stack>
          <TextInput label="For how long" description={`Like 8h, 2d or 30m${role.maxDurationMs ? `; at most ${formatDuration(role.maxDurationMs)}` : ''}; empty for the policy's default.`} value={duration} onChange={(e) => setDuration(e.currentTarget.value)} data-testid="access-request-duration" data-autofocus />
          <Textarea label="Why do you need it?" required={role.requireJustification} value={justification} onChange={(e) => setJustification(e.currentTarget.value)} autosize minRows={2} data-testid="access-request-justification" />
          <TextInput label="For someone else (optional)" description="Their login, if you ask on their behalf (managers and owners, where the policy allows)." value={forUser} onChange={(e) => setForUser(e.currentTarget.value)} data-testid="access-request-for" />
          <ErrorAlert error={error} title="Not requested" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} data-testid="access-request-submit">
              Request
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function formatShort(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000}d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  return `${Math.round(ms / 60_000)}m`;
}

interface Mine {
  user: string;
  active: AccessRequest[];
  pending: AccessRequest[];
  past: AccessRequest[];
}

function MineTab() {
  const { login } = useSession();
  const now = useNow();
  const mine = useApi((signal) => api<Mine>('/access/mine', { query: { user: login }, signal }), [login]);
  const [extending, setExtending] = useState<AccessRequest | null>(null);
  if (mine.loading && !mine.data) return <Loading />;
  if (mine.error) return <ErrorAlert error={mine.error} onRetry={mine.reload} />;
  const data = mine.data;
  if (!data) return null;
  return (
    <Stack>
      <Paper withBorder p="md">
        <Text fw={600} mb="xs">
          What you hold
        </Text>
        {data.active.length === 0 ? (
          <Text size="sm" c="dimmed" data-testid="access-mine-empty">
            Nothing time-bound right now. Ask for something under Request.
          </Text>
        ) : (
          <Table aria-label="My active access" data-testid="access-mine-active">
            <Table.Tbody>
              {data.active.map((r) => (
                <Table.Tr key={r.id} data-testid="access-mine-row">
                  <Table.Td>
                    {r.resourceId} / {r.roleId}
                  </Table.Td>
                  <Table.Td data-testid="access-time-left">{timeLeft(r.endsAt, now)}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" justify="flex-end">
                      <Button size="xs" variant="light" onClick={() => setExtending(r)} data-testid={`access-extend-${r.id}`}>
                        Extend
                      </Button>
                      <ConfirmButton
                        size="xs"
                        label="Give back"
                        testId={`access-giveback-${r.id}`}
                        title="Give this access back now?"
                        message={`Ends ${r.resourceId} / ${r.roleId} now.`}
                        onConfirm={async () => {
                          await api(`/access/requests/${r.id}/revoke`, { method: 'POST', body: { by: login, reason: 'given back in the console' } });
                          mine.reload();
                        }}
                      />
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      <Paper withBorder p="md">
        <Text fw={600} mb="xs">
          Waiting
        </Text>
        {data.pending.length === 0 ? (
          <Text size="sm" c="dimmed">
            No requests waiting.
          </Text>
        ) : (
          <RequestsTable requests={data.pending} onChanged={mine.reload} by={login} />
        )}
      </Paper>
      {data.past.length > 0 && (
        <Paper withBorder p="md">
          <Text fw={600} mb="xs">
            Past
          </Text>
          <RequestsTable requests={data.past.slice(0, 20)} onChanged={mine.reload} by={login} />
        </Paper>
      )}
      {extending && <ExtendDialog request={extending} by={login} onClose={() => setExtending(null)} onDone={mine.reload} />}
    </Stack>
  );
}

function ExtendDialog({ request, by, onClose, onDone }: { request: AccessRequest; by: string; onClose: () => void; onDone: () => void }) {
  const [duration, setDuration] = useState('1h');
  const [justification, setJustification] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  return (
    <Modal opened onClose={onClose} title={`Extend ${request.resourceId} / ${request.roleId}`}>
      <Stack>
        <TextInput label="By how long" value={duration} onChange={(e) => setDuration(e.currentTarget.value)} data-testid="access-extend-duration" />
        <Textarea label="Why" value={justification} onChange={(e) => setJustification(e.currentTarget.value)} autosize minRows={2} />
        <ErrorAlert error={error} title="Not extended" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            loading={busy}
            data-testid="access-extend-submit"
            onClick={async () => {
              setBusy(true);
              setError(undefined);
              try {
                await api(`/access/requests/${request.id}/extend`, { method: 'POST', body: { by, duration: duration.trim(), justification: justification.trim() || null } });
                onDone();
                onClose();
              } catch (e) {
                setError(e as Error);
              } finally {
                setBusy(false);
              }
            }}
          >
            Extend
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function RequestsTable({ requests, onChanged, by, showPerson = false }: { requests: AccessRequest[]; onChanged: () => void; by: string; showPerson?: boolean }) {
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Table aria-label="Access requests" data-testid="access-requests-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Asked</Table.Th>
          {showPerson && <Table.Th>For</Table.Th>}
          <Table.Th>Resource / role</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th>Ends</Table.Th>
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {requests.map((r) => (
          <Fragment key={r.id}>
            <Table.Tr data-testid="access-request-row">
              <Table.Td>{formatTime(r.createdAt)}</Table.Td>
              {showPerson && <Table.Td>{r.forUser}</Table.Td>}
              <Table.Td>
                {r.resourceId} / {r.roleId}
              </Table.Td>
              <Table.Td>
                <StatusBadge status={r.status} />
                {r.outcome?.rule && (
                  <Text size="xs" c="dimmed">
                    {r.outcome.rule}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{r.endsAt ? formatTime(r.endsAt) : '—'}</Table.Td>
              <Table.Td>
                <Group gap={4} justify="flex-end" wrap="nowrap">
                  <Button size="compact-xs" variant="subtle" onClick={() => setOpen(open === r.id ? null : r.id)}>
                    History
                  </Button>
                  {r.status === 'pending' && (
                    <ConfirmButton
                      size="compact-xs"
                      variant="subtle"
                      label="Withdraw"
                      testId={`access-cancel-${r.id}`}
                      title="Withdraw this request?"
                      message="The approvers are told it is no longer needed."
                      onConfirm={async () => {
                        await api(`/access/requests/${r.id}/cancel`, { method: 'POST', body: { by } });
                        onChanged();
                      }}
                    />
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
            {open === r.id && (
              <Table.Tr>
                <Table.Td colSpan={showPerson ? 6 : 5}>
                  <Stack gap={2}>
                    {r.justification && <Text size="sm">Justification: {r.justification}</Text>}
                    {r.history.map((h, i) => (
                      <Text size="xs" key={i}>
                        {formatTime(h.at)} · {h.action} · {h.by}
                        {h.detail ? ` — ${h.detail}` : ''}
                      </Text>
                    ))}
                  </Stack>
                </Table.Td>
              </Table.Tr>
            )}
          </Fragment>
        ))}
      </Table.Tbody>
    </Table>
  );
}

const requestStatuses = ['pending', 'provisioning', 'active', 'denied', 'expired', 'cancelled', 'failed', 'ended', 'revoked'];

function RequestsTab() {
  const { login } = useSession();
  const [status, setStatus] = useState<string | null>(null);
  const [user, setUser] = useState('');
  const requests = useApi((signal) => api<{ requests: AccessRequest[] }>('/access/requests', { query: { status: status ?? undefined, user: user.trim() || undefined }, signal }), [status, user]);
  return (
    <Stack>
      <Group>
        <Select label="Status" placeholder="Any" clearable data={requestStatuses} value={status} onChange={setStatus} w={180} data-testid="access-requests-status" />
        <TextInput label="Person" placeholder="login" value={user} onChange={(e) => setUser(e.currentTarget.value)} data-testid="access-requests-user" />
      </Group>
      <ErrorAlert error={requests.error} onRetry={requests.reload} />
      {requests.loading && !requests.data ? <Loading /> : requests.data?.requests.length === 0 ? <Empty title="No requests">People request access from Access → Request, from chat or Slack.</Empty> : <RequestsTable requests={requests.data?.requests ?? []} onChanged={requests.reload} by={login} showPerson />}
    </Stack>
  );
}

function GrantsTab() {
  const { login } = useSession();
  const now = useNow();
  const grants = useApi((signal) => api<{ grants: ActiveGrant[] }>('/access/grants', { signal }), []);
  if (grants.loading && !grants.data) return <Loading />;
  return (
    <Stack>
      <ErrorAlert error={grants.error} onRetry={grants.reload} />
      {grants.data?.grants.length === 0 ? (
        <Empty title="No active grants">Time-bound access granted through requests shows here, with the time left.</Empty>
      ) : (
        <Table striped aria-label="Active grants" data-testid="access-grants-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Person</Table.Th>
              <Table.Th>Resource / role</Table.Th>
              <Table.Th>Since</Table.Th>
              <Table.Th>Time left</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {[...(grants.data?.grants ?? [])].sort((a, b) => (a.endsAt ?? Infinity) - (b.endsAt ?? Infinity)).map((g) => (
              <Table.Tr key={g.requestId} data-testid="access-grant-row">
                <Table.Td>{g.login}</Table.Td>
                <Table.Td>
                  {g.resourceId} / {g.roleId}
                </Table.Td>
                <Table.Td>{formatTime(g.grantedAt)}</Table.Td>
                <Table.Td data-testid="access-grant-time-left">{timeLeft(g.endsAt, now)}</Table.Td>
                <Table.Td>
                  <ConfirmButton
                    size="xs"
                    label="Revoke"
                    testId={`access-revoke-${g.requestId}`}
                    title={`Revoke ${g.login}'s access now?`}
                    message={`Removes ${g.login} from the role's Okta group now.`}
                    onConfirm={async () => {
                      await api(`/access/requests/${g.requestId}/revoke`, { method: 'POST', body: { by: login, reason: 'revoked by an admin in the console' } });
                      grants.reload();
                    }}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
