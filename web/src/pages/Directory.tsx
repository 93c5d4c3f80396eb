/**
 * Directory: live reads of the connected org (users, groups, apps) and changes through the installed
 * workflows (POST /api/v1/workflows/{id}/runs): suspend, unsuspend, reset a password, … and adding or
 * removing group members.
 */
import { Alert, Anchor, Badge, Button, Group, Paper, Select, SimpleGrid, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, type AppLink, type AppUser, type LogEvent, type OktaApp, type OktaGroup, type OktaUser, type Run, type Workflow } from '../api.ts';
import { useSession } from '../session.tsx';
import { ConfirmButton, Empty, ErrorAlert, formatTime, Loading, PageHeader, StatusBadge, useApi } from '../ui.tsx';

export function DirectoryTabs({ tab, children }: { tab: 'users' | 'groups' | 'apps'; children: ReactNode }) {
  const navigate = useNavigate();
  return (
    <>
      <PageHeader title="Directory" description="The people, groups and apps of the connected Okta org, read live." />
      <Tabs value={tab} onChange={(value) => navigate(`/directory/${value ?? 'users'}`)} mb="md">
        <Tabs.List>
          <Tabs.Tab value="users" data-testid="tab-users">
            Users
          </Tabs.Tab>
          <Tabs.Tab value="groups" data-testid="tab-groups">
            Groups
          </Tabs.Tab>
          <Tabs.Tab value="apps" data-testid="tab-apps">
            Apps
          </Tabs.Tab>
        </Tabs.List>
      </Tabs>
      {children}
    </>
  );
}

const quote = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** The installed workflows, by id (lifecycle actions exist only when their workflow is installed). */
function useInstalledWorkflows() {
  return useApi((signal) => api<{ workflows: Workflow[] }>('/workflows', { signal }).then((r) => new Map(r.workflows.map((w) => [w.id, w]))), []);
}

/** Starts a workflow run and answers the run id. */
async function startRun(workflowId: string, input: Record<string, unknown>, startedBy: string): Promise<string> {
  const answer = await api<{ runId: string; run: Run }>(`/workflows/${workflowId}/runs`, { method: 'POST', body: { input, startedBy } });
  return answer.runId;
}

export function UsersList() {
  const [text, setText] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const [department, setDepartment] = useState('');
  const [q] = useDebouncedValue(text.trim(), 300);
  const [dept] = useDebouncedValue(department.trim(), 300);
  const users = useApi(
    (signal) => {
      const parts: string[] = [];
      if (status) parts.push(`status eq ${quote(status)}`);
      if (dept) parts.push(`profile.department eq ${quote(dept)}`);
      if (parts.length && q) parts.push(`(${['profile.login', 'profile.email', 'profile.firstName', 'profile.lastName'].map((f) => `${f} sw ${quote(q)}`).join(' or ')})`);
      const query = parts.length ? { search: parts.join(' and '), limit: 200 } : { q: q || undefined, limit: 200 };
      return api<{ users: OktaUser[] }>('/directory/users', { query, signal });
    },
    [q, status, dept],
  );
  return (
    <Stack>
      <Group align="flex-end" wrap="wrap">
        <TextInput label="Search" placeholder="Name, login or email" value={text} onChange={(e) => setText(e.currentTarget.value)} w={280} data-testid="users-search" aria-label="Search users" />
        <Select
          label="Status"
          placeholder="Any status"
          clearable
          data={['ACTIVE', 'STAGED', 'PROVISIONED', 'RECOVERY', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'SUSPENDED', 'DEPROVISIONED']}
          value={status}
          onChange={setStatus}
          w={200}
          data-testid="users-status-filter"
        />
        <TextInput label="Department" placeholder="e.g. Engineering" value={department} onChange={(e) => setDepartment(e.currentTarget.value)} w={200} data-testid="users-department-filter" />
      </Group>
      <ErrorAlert error={users.error} onRetry={users.reload} />
      {users.loading && !users.data ? (
        <Loading />
      ) : users.data && users.data.users.length === 0 ? (
        <Empty title="No users match">Clear the search or the filters. Status and department must match exactly (department is case-sensitive, like Okta).</Empty>
      ) : (
        <Table highlightOnHover striped aria-label="Users" data-testid="users-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Login</Table.Th>
              <Table.Th>Department</Table.Th>
              <Table.Th>Title</Table.Th>
              <Table.Th>Status</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {users.data?.users.map((u) => (
              <Table.Tr key={u.id} data-testid="user-row">
                <Table.Td>
                  <Anchor component={Link} to={`/directory/users/${encodeURIComponent(u.id)}`}>
                    {u.profile.displayName || `${u.profile.firstName ?? ''} ${u.profile.lastName ?? ''}`.trim() || u.profile.login}
                  </Anchor>
                </Table.Td>
                <Table.Td>{u.profile.login}</Table.Td>
                <Table.Td>{u.profile.department ?? '—'}</Table.Td>
                <Table.Td>{u.profile.title ?? '—'}</Table.Td>
                <Table.Td>
                  <StatusBadge status={u.status} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {users.data && users.data.users.length >= 200 && (
        <Text size="sm" c="dimmed">
          Showing the first 200. Narrow the search to find someone.
        </Text>
      )}
    </Stack>
  );
}

/** What each lifecycle action runs, and when it makes sense. */
const lifecycle: { workflowId: string; label: string; when: (status: string) => boolean; color: string; message: string; input?: Record<string, unknown> }[] = [
  { workflowId: 'suspend-user', label: 'Suspend', when: (s) => s === 'ACTIVE' || s === 'PASSWORD_EXPIRED' || s === 'LOCKED_OUT' || s === 'RECOVERY', color: 'orange', message: 'They cannot sign in until unsuspended; their apps and groups stay.' },
  { workflowId: 'unsuspend-user', label: 'Unsuspend', when: (s) => s === 'SUSPENDED', color: 'green', message: 'They can sign in again.' },
  { workflowId: 'unlock-account', label: 'Unlock', when: (s) => s === 'LOCKED_OUT', color: 'blue', message: 'Unlocks the account after too many failed sign-ins.' },
  { workflowId: 'reset-password', label: 'Reset password', when: (s) => s !== 'DEPROVISIONED' && s !== 'SUSPENDED', color: 'blue', message: 'Okta sends them a reset link and their open sessions end.' },
  { workflowId: 'clear-sessions', label: 'Clear sessions', when: (s) => s !== 'DEPROVISIONED', color: 'blue', message: 'Ends every open Okta session of theirs.' },
  { workflowId: 'reset-mfa-factors', label: 'Reset MFA', when: (s) => s !== 'DEPROVISIONED', color: 'blue', message: 'Removes their enrolled factors; they enrol again at next sign-in.' },
  { workflowId: 'deactivate-user', label: 'Deactivate', when: (s) => s !== 'DEPROVISIONED', color: 'red', message: 'Deactivation removes their app assignments in Okta. This is hard to undo.' },
];

export function UserDetail() {
  const { id = '' } = useParams();
  const { login } = useSession();
  const detail = useApi((signal) => api<{ user: OktaUser; groups: OktaGroup[]; appLinks: AppLink[] }>(`/directory/users/${encodeURIComponent(id)}`, { signal }), [id]);
  const workflows = useInstalledWorkflows();
  const userId = detail.data?.user.id;
  const events = useApi((signal) => (userId ? api<{ events: LogEvent[] }>(`/directory/users/${encodeURIComponent(userId)}/events`, { query: { days: 30, limit: 25 }, signal }).then((r) => r.events) : Promise.resolve([])), [userId]);
  const [started, setStarted] = useState<{ label: string; runId: string } | null>(null);

  if (detail.loading && !detail.data) return <Loading />;
  if (detail.error)
    return (
      <Stack>
        <Anchor component={Link} to="/directory/users">
          ← Users
        </Anchor>
        <ErrorAlert error={detail.error} onRetry={detail.reload} />
      </Stack>
    );
  if (!detail.data) return null;
  const { user, groups, appLinks } = detail.data;
  const name = user.profile.displayName || `${user.profile.firstName ?? ''} ${user.profile.lastName ?? ''}`.trim() || user.profile.login;
  const actions = lifecycle.filter((a) => workflows.data?.has(a.workflowId) && a.when(user.status));
  return (
    <Stack>
      <Anchor component={Link} to="/directory/users">
        ← Users
      </Anchor>
      <PageHeader title={name} description={`${user.profile.login}${user.profile.title ? ` · ${user.profile.title}` : ''}${user.profile.department ? ` · ${user.profile.department}` : ''}`} actions={<StatusBadge status={user.status} testId="user-status" />} />
      <Paper withBorder p="md">
        <Title order={5} mb="xs">
          Lifecycle
        </Title>
        {workflows.error && <ErrorAlert error={workflows.error} />}
        <Group gap="xs" data-testid="user-lifecycle-actions">
          {actions.map((a) => (
            <ConfirmButton
              key={a.workflowId}
              label={a.label}
              color={a.color}
              testId={`user-action-${a.workflowId}`}
              title={`${a.label} ${name}?`}
              message={
                <>
                  {a.message} Runs the <b>{workflows.data?.get(a.workflowId)?.title ?? a.workflowId}</b> workflow for {user.profile.login}.
                </>
              }
              onConfirm={async () => {
                const runId = await startRun(a.workflowId, { user: user.profile.login, ...a.input }, login);
                setStarted({ label: a.label, runId });
                setTimeout(() => {
                  detail.reload();
                  events.reload();
                }, 1200);
              }}
            />
          ))}
          {workflows.data && actions.length === 0 && <Text size="sm">No lifecycle workflow applies to a {user.status} user. Install them from Workflows → Catalog.</Text>}
        </Group>
        {started && (
          <Alert color="blue" mt="sm" data-testid="user-action-started">
            {started.label} started.{' '}
            <Anchor component={Link} to={`/runs/${started.runId}`}>
              Follow the run
            </Anchor>
          </Alert>
        )}
      </Paper>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper withBorder p="md">
          <Title order={5} mb="xs">
            Profile
          </Title>
          <Table aria-label="Profile" data-testid="user-profile">
            <Table.Tbody>
              {(['login', 'email', 'title', 'department', 'manager', 'employeeNumber', 'city', 'countryCode'] as const).map((k) => (
                <Table.Tr key={k}>
                  <Table.Td c="dimmed">{k}</Table.Td>
                  <Table.Td>{String(user.profile[k] ?? '—')}</Table.Td>
                </Table.Tr>
              ))}
              <Table.Tr>
                <Table.Td c="dimmed">last sign-in</Table.Td>
                <Table.Td>{formatTime(user.lastLogin ?? null)}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Td c="dimmed">id</Table.Td>
                <Table.Td>{user.id}</Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </Paper>
        <Stack>
          <Paper withBorder p="md">
            <Title order={5} mb="xs">
              Groups ({groups.length})
            </Title>
            <Stack gap={4} data-testid="user-groups">
              {groups.map((g) => (
                <Group key={g.id} gap="xs">
                  <Anchor component={Link} to={`/directory/groups/${g.id}`} size="sm">
                    {g.profile.name}
                  </Anchor>
                  {g.type !== 'OKTA_GROUP' && (
                    <Badge size="xs" variant="outline">
                      {g.type}
                    </Badge>
                  )}
                </Group>
              ))}
            </Stack>
          </Paper>
          <Paper withBorder p="md">
            <Title order={5} mb="xs">
              Apps ({appLinks.length})
            </Title>
            {appLinks.length === 0 ? (
              <Text size="sm" c="dimmed">
                No apps assigned.
              </Text>
            ) : (
              <Stack gap={4} data-testid="user-apps">
                {appLinks.map((a) => (
                  <Anchor key={a.id} component={Link} to={`/directory/apps/${a.appInstanceId}`} size="sm">
                    {a.label}
                  </Anchor>
                ))}
              </Stack>
            )}
          </Paper>
        </Stack>
      </SimpleGrid>
      <Paper withBorder p="md">
        <Title order={5} mb={4}>
          Recent events
        </Title>
        <Text size="xs" c="dimmed" mb="xs">
          Okta's System Log for the last 30 days, where this user acted or was acted on.
        </Text>
        <ErrorAlert error={events.error} />
        {events.data && events.data.length === 0 ? (
          <Text size="sm" c="dimmed">
            No events in the last 30 days.
          </Text>
        ) : (
          <Table aria-label="Recent events" data-testid="user-events">
            <Table.Tbody>
              {events.data?.map((e) => (
                <Table.Tr key={e.uuid}>
                  <Table.Td>{formatTime(Date.parse(e.published))}</Table.Td>
                  <Table.Td>
                    <code>{e.eventType}</code>
                  </Table.Td>
                  <Table.Td>{e.displayMessage ?? ''}</Table.Td>
                  <Table.Td>{e.actor?.alternateId ?? e.actor?.displayName ?? ''}</Table.Td>
                  <Table.Td>{e.outcome?.result ?? ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
    </Stack>
  );
}

export function GroupsList() {
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 300);
  const groups = useApi((signal) => api<{ groups: OktaGroup[] }>('/directory/groups', { query: { q: q || undefined, limit: 300 }, signal }), [q]);
  return (
    <Stack>
      <TextInput label="Search" placeholder="Group name starts with…" value={text} onChange={(e) => setText(e.currentTarget.value)} w={280} data-testid="groups-search" />
      <ErrorAlert error={groups.error} onRetry={groups.reload} />
      {groups.loading && !groups.data ? (
        <Loading />
      ) : groups.data?.groups.length === 0 ? (
        <Empty title="No groups match">Clear the search, or create one with the Create a group workflow.</Empty>
      ) : (
        <Table highlightOnHover striped aria-label="Groups" data-testid="groups-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Type</Table.Th>
              <Table.Th>Description</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {groups.data?.groups.map((g) => (
              <Table.Tr key={g.id} data-testid="group-row">
                <Table.Td>
                  <Anchor component={Link} to={`/directory/groups/${g.id}`}>
                    {g.profile.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Badge variant="outline" size="sm">
                    {g.type}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c="dimmed" lineClamp={1}>
                    {g.profile.description ?? ''}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

export function GroupDetail() {
  const { id = '' } = useParams();
  const { login } = useSession();
  const group = useApi((signal) => api<{ groups: OktaGroup[] }>('/directory/groups', { query: { filter: `id eq ${quote(id)}` }, signal }).then((r) => r.groups[0] ?? null), [id]);
  const members = useApi((signal) => api<{ members: OktaUser[] }>(`/directory/groups/${encodeURIComponent(id)}/members`, { signal }), [id]);
  const apps = useApi((signal) => api<{ apps: OktaApp[] }>('/directory/apps', { query: { filter: `group.id eq ${quote(id)}`, limit: 200 }, signal }), [id]);
  const workflows = useInstalledWorkflows();
  const [newMember, setNewMember] = useState('');
  const [adding, setAdding] = useState(false);
  const [addError, setAddError] = useState<Error>();
  const [started, setStarted] = useState<string | null>(null);
  const refreshSoon = () => setTimeout(() => members.reload(), 1200);

  if (group.loading && !group.data) return <Loading />;
  if (group.error) return <ErrorAlert error={group.error} onRetry={group.reload} />;
  const g = group.data;
  if (!g)
    return (
      <Empty title="No such group" action={<Anchor component={Link} to="/directory/groups">Back to groups</Anchor>}>
        There is no group {id} in the connected org.
      </Empty>
    );
  const editable = g.type === 'OKTA_GROUP';
  const canAdd = editable && workflows.data?.has('add-user-to-group');
  const canRemove = editable && workflows.data?.has('remove-user-from-group');
  return (
    <Stack>
      <Anchor component={Link} to="/directory/groups">
        ← Groups
      </Anchor>
      <PageHeader title={g.profile.name} description={g.profile.description ?? ''} actions={<Badge variant="outline">{g.type}</Badge>} />
      {!editable && (
        <Alert color="gray" data-testid="group-read-only">
          {g.type} groups are read-only to Gatehouse: Okta manages their members.
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <Paper withBorder p="md" style={{ gridColumn: 'span 2' }}>
          <Title order={5} mb="xs">
            Members ({members.data?.members.length ?? '…'})
          </Title>
          {canAdd && (
            <form
              onSubmit={async (e) => {
                e.preventDefault();
                setAdding(true);
                setAddError(undefined);
                try {
                  const runId = await startRun('add-user-to-group', { user: newMember.trim(), group: g.id }, login);
                  setStarted(runId);
                  setNewMember('');
                  refreshSoon();
                } catch (error) {
                  setAddError(error as Error);
                } finally {
                  setAdding(false);
                }
              }}
            >
              <Group align="flex-end" mb="sm">
                <TextInput label="Add a member" placeholder="login, email or Okta id" value={newMember} onChange={(e) => setNewMember(e.currentTarget.value)} w={300} data-testid="group-add-member-input" />
                <Button type="submit" loading={adding} disabled={!newMember.trim()} data-testid="group-add-member">
                  Add
                </Button>
              </Group>
            </form>
          )}
          <ErrorAlert error={addError} title="Not added" />
          {started && (
            <Alert color="blue" mb="sm" data-testid="group-change-started">
              Started.{' '}
              <Anchor component={Link} to={`/runs/${started}`}>
                Follow the run
              </Anchor>
            </Alert>
          )}
          <ErrorAlert error={members.error} onRetry={members.reload} />
          {members.loading && !members.data ? (
            <Loading />
          ) : members.data?.members.length === 0 ? (
            <Empty title="No members yet">{canAdd ? 'Add someone above.' : 'Nobody is in this group.'}</Empty>
          ) : (
            <Table aria-label="Members" data-testid="group-members">
              <Table.Tbody>
                {members.data?.members.map((u) => (
                  <Table.Tr key={u.id} data-testid="group-member-row">
                    <Table.Td>
                      <Anchor component={Link} to={`/directory/users/${u.id}`} size="sm">
                        {u.profile.displayName || u.profile.login}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{u.profile.login}</Text>
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge status={u.status} />
                    </Table.Td>
                    <Table.Td>
                      {canRemove && (
                        <ConfirmButton
                          label="Remove"
                          size="xs"
                          variant="subtle"
                          testId={`group-remove-member-${u.profile.login}`}
                          title={`Remove ${u.profile.login} from ${g.profile.name}?`}
                          message="Apps assigned through this group are removed from them too. Runs the Remove a user from a group workflow."
                          onConfirm={async () => {
                            const runId = await startRun('remove-user-from-group', { user: u.profile.login, group: g.id }, login);
                            setStarted(runId);
                            refreshSoon();
                          }}
                        />
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Paper>
        <Paper withBorder p="md">
          <Title order={5} mb="xs">
            Apps assigned to this group
          </Title>
          <ErrorAlert error={apps.error} />
          {apps.data?.apps.length === 0 ? (
            <Text size="sm" c="dimmed">
              None.
            </Text>
          ) : (
            <Stack gap={4} data-testid="group-apps">
              {apps.data?.apps.map((a) => (
                <Anchor key={a.id} component={Link} to={`/directory/apps/${a.id}`} size="sm">
                  {a.label}
                </Anchor>
              ))}
            </Stack>
          )}
        </Paper>
      </SimpleGrid>
    </Stack>
  );
}

export function AppsList() {
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 300);
  const apps = useApi((signal) => api<{ apps: OktaApp[] }>('/directory/apps', { query: { q: q || undefined, limit: 300 }, signal }), [q]);
  return (
    <Stack>
      <TextInput label="Search" placeholder="App name starts with…" value={text} onChange={(e) => setText(e.currentTarget.value)} w={280} data-testid="apps-search" />
      <ErrorAlert error={apps.error} onRetry={apps.reload} />
      {apps.loading && !apps.data ? (
        <Loading />
      ) : apps.data?.apps.length === 0 ? (
        <Empty title="No apps match">Clear the search.</Empty>
      ) : (
        <Table highlightOnHover striped aria-label="Apps" data-testid="apps-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>App</Table.Th>
              <Table.Th>Sign-on</Table.Th>
              <Table.Th>Status</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {apps.data?.apps.map((a) => (
              <Table.Tr key={a.id} data-testid="app-row">
                <Table.Td>
                  <Anchor component={Link} to={`/directory/apps/${a.id}`}>
                    {a.label}
                  </Anchor>
                </Table.Td>
                <Table.Td>{a.signOnMode ?? '—'}</Table.Td>
                <Table.Td>
                  <StatusBadge status={a.status} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

export function AppDetail() {
  const { id = '' } = useParams();
  const app = useApi((signal) => api<{ apps: OktaApp[] }>('/directory/apps', { query: { limit: 1000 }, signal }).then((r) => r.apps.find((a) => a.id === id) ?? null), [id]);
  const users = useApi((signal) => api<{ users: AppUser[] }>(`/directory/apps/${encodeURIComponent(id)}/users`, { signal }), [id]);
  const groups = useApi((signal) => api<{ groups: OktaGroup[] }>('/directory/groups', { query: { limit: 1000 }, signal }).then((r) => new Map(r.groups.map((g) => [g.id, g.profile.name]))), []);
  const [filter, setFilter] = useState('');
  if (app.loading && !app.data) return <Loading />;
  if (app.error) return <ErrorAlert error={app.error} onRetry={app.reload} />;
  const shown = (users.data?.users ?? []).filter((u) => !filter || (u.credentials?.userName ?? u.id).toLowerCase().includes(filter.toLowerCase()));
  return (
    <Stack>
      <Anchor component={Link} to="/directory/apps">
        ← Apps
      </Anchor>
      <PageHeader title={app.data?.label ?? id} description={app.data ? `${app.data.name} · ${app.data.signOnMode ?? ''}` : ''} actions={app.data ? <StatusBadge status={app.data.status} /> : null} />
      <Paper withBorder p="md">
        <Group justify="space-between" mb="xs">
          <Title order={5}>Who has it ({users.data?.users.length ?? '…'})</Title>
          <TextInput placeholder="Filter by login" value={filter} onChange={(e) => setFilter(e.currentTarget.value)} size="xs" data-testid="app-users-filter" aria-label="Filter by login" />
        </Group>
        <ErrorAlert error={users.error} onRetry={users.reload} />
        {users.loading && !users.data ? (
          <Loading />
        ) : shown.length === 0 ? (
          <Empty title="Nobody has this app">Assign it with the Assign a user to an app workflow, or through a group.</Empty>
        ) : (
          <Table aria-label="App users" data-testid="app-users">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>User</Table.Th>
                <Table.Th>How</Table.Th>
                <Table.Th>Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((u) => {
                const groupId = u._links?.group?.name;
                return (
                  <Table.Tr key={u.id} data-testid="app-user-row">
                    <Table.Td>
                      <Anchor component={Link} to={`/directory/users/${u.id}`} size="sm">
                        {u.credentials?.userName ?? u.id}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      {u.scope === 'GROUP' && groupId ? (
                        <Text size="sm">
                          through{' '}
                          <Anchor component={Link} to={`/directory/groups/${groupId}`}>
                            {groups.data?.get(groupId) ?? groupId}
                          </Anchor>
                        </Text>
                      ) : (
                        <Text size="sm">directly</Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge status={u.status} />
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
    </Stack>
  );
}
