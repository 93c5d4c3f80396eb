/**
 * The access catalog as admins edit it: resources (with roles), policies and eligibility profiles,
 * each a JSON document checked by the API (which lists every problem) when it is saved.
 */
import { Anchor, Button, Code, Group, Modal, Stack, Table, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { api } from '../api.ts';
import { useSession } from '../session.tsx';
import { ConfirmButton, Empty, ErrorAlert, Loading, useApi } from '../ui.tsx';

const examples: Record<string, object> = {
  resources: { id: 'figma', kind: 'app', name: 'Figma', appId: 'Figma', policyId: 'manager-then-owner', eligibility: [], owners: { users: [] }, visibility: 'everyone', roles: [{ id: 'viewer', name: 'Viewer', groupId: 'Figma Viewers' }, { id: 'editor', name: 'Editor', groupId: 'Figma Editors' }] },
  policies: { id: 'manager-then-owner', name: 'Manager, then the owner', maxDurationMs: 28800000, defaultDurationMs: 3600000, requireJustification: true, steps: [{ name: 'Manager', approvers: [{ kind: 'manager' }] }, { name: 'Owner', approvers: [{ kind: 'owners' }] }] },
  profiles: { id: 'engineers', name: 'Engineers', rules: [{ kind: 'attribute', attribute: 'department', values: ['Engineering'] }] },
};

type Definition = { id: string; name: string; description?: string; [key: string]: unknown };

export function DefinitionsTab({ kind }: { kind: 'resources' | 'policies' | 'profiles' }) {
  const { login } = useSession();
  const list = useApi((signal) => api<Record<string, Definition[]>>(`/access/${kind}`, { signal }).then((r) => r[kind] ?? []), [kind]);
  const [editing, setEditing] = useState<{ text: string; isNew: boolean } | null>(null);
  const singular = kind === 'resources' ? 'resource' : kind === 'policies' ? 'policy' : 'profile';
  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {kind === 'resources' ? 'What can be requested: an Okta group, or an app through the groups that grant it, with roles.' : kind === 'policies' ? 'Durations, justification, approval steps, auto-approval and on-behalf rules.' : 'Who may request: rules on Okta attributes or group membership.'}
        </Text>
        <Button size="xs" onClick={() => setEditing({ text: JSON.stringify(examples[kind], null, 2), isNew: true })} data-testid={`access-new-${singular}`}>
          New {singular}
        </Button>
      </Group>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      {list.loading && !list.data ? (
        <Loading />
      ) : list.data?.length === 0 ? (
        <Empty title={`No ${kind} yet`}>
          {kind === 'resources' ? 'Add a policy first (a resource names one), then a resource.' : `Press New ${singular}: the form starts from an example.`}
        </Empty>
      ) : (
        <Table aria-label={kind} data-testid={`access-${kind}-table`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Id</Table.Th>
              <Table.Th>Name</Table.Th>
              <Table.Th>{kind === 'resources' ? 'Roles (Okta group)' : kind === 'policies' ? 'Approval steps' : 'Rules'}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data?.map((d) => (
              <Table.Tr key={d.id} data-testid={`access-${singular}-row`}>
                <Table.Td>
                  <Code>{d.id}</Code>
                </Table.Td>
                <Table.Td>{d.name}</Table.Td>
                <Table.Td>
                  <Text size="sm">
                    {kind === 'resources'
                      ? ((d.roles as { name: string; groupId: string }[]) ?? []).map((r) => `${r.name} (${r.groupId})`).join(', ')
                      : kind === 'policies'
                        ? ((d.steps as { name: string }[]) ?? []).map((s) => s.name).join(' → ') || 'no approval'
                        : `${((d.rules as unknown[]) ?? []).length} rule(s), match ${String(d.match ?? 'any')}`}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={4} justify="flex-end" wrap="nowrap">
                    <Button size="compact-xs" variant="subtle" onClick={() => setEditing({ text: JSON.stringify(d, null, 2), isNew: false })} data-testid={`access-edit-${d.id}`}>
                      Edit
                    </Button>
                    <ConfirmButton
                      size="compact-xs"
                      variant="subtle"
                      label="Remove"
                      testId={`access-remove-${d.id}`}
                      title={`Remove ${singular} ${d.id}?`}
                      message={`A ${singular} in use is refused by the API, which says where it is used.`}
                      onConfirm={async () => {
                        await api(`/access/${kind}/${d.id}`, { method: 'DELETE', query: { by: login } });
                        list.reload();
                      }}
                    />
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {editing && <DefinitionEditor kind={kind} singular={singular} initial={editing.text} by={login} onClose={() => setEditing(null)} onSaved={list.reload} />}
    </Stack>
  );
}

function DefinitionEditor({ kind, singular, initial, by, onClose, onSaved }: { kind: string; singular: string; initial: string; by: string; onClose: () => void; onSaved: () => void }) {
  const [text, setText] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  return (
    <Modal opened onClose={onClose} title={`Edit ${singular}`} size="xl" data-testid="access-definition-editor">
      <Stack>
        <Text size="sm" c="dimmed">
          The JSON document, as <Code>gatehouse access {kind} set FILE</Code> takes it. It is checked against the synced directory and the other definitions; every problem is listed.
        </Text>
        <Textarea value={text} onChange={(e) => setText(e.currentTarget.value)} autosize minRows={12} maxRows={24} styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }} aria-label={`${singular} JSON`} data-testid="access-definition-json" />
        <ErrorAlert error={error} title="Not saved" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
          <Button
            loading={busy}
            data-testid="access-definition-save"
            onClick={async () => {
              setError(undefined);
              let body: { id?: string };
              try {
                body = JSON.parse(text) as { id?: string };
              } catch (e) {
                setError(new Error(`Not valid JSON: ${(e as Error).message}`));
                return;
              }
              if (!body.id) {
                setError(new Error('Give it an "id" (lower-case letters, digits and dashes).'));
                return;
              }
              setBusy(true);
              try {
                await api(`/access/${kind}/${encodeURIComponent(body.id)}`, { method: 'PUT', body, query: { by } });
                onSaved();
                onClose();
              } catch (e) {
                setError(e as Error);
              } finally {
                setBusy(false);
              }
            }}
          >
            Save
          </Button>
        </Group>
        <Anchor size="xs" href="/api/openapi.json" target="_blank">
          API reference
        </Anchor>
      </Stack>
    </Modal>
  );
}
