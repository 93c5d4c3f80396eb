/**
 * Applications: Available (the Okta card → Connect) and Connected (status, scopes, last test, test
 * again, rotate the key, disconnect). The Connect form has exactly the four fields Okta admins are told
 * to fill, each checked as it is typed with the connection's own messages.
 */
import { Alert, Anchor, Badge, Button, Card, Checkbox, Code, Grid, Group, List, Paper, SimpleGrid, Stack, Table, Tabs, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import type { ApiError} from '../api.ts';
import { api, type ConnectionInfo, type TestReport } from '../api.ts';
import { ConfirmButton, ErrorAlert, formatTime, Loading, PageHeader, useApi } from '../ui.tsx';

type Field = 'clientSecret' | 'instanceId' | 'clientId' | 'scopes';
const fields: Field[] = ['clientSecret', 'instanceId', 'clientId', 'scopes'];

interface ValidateAnswer {
  valid: true;
  orgUrl: string;
  clientId: string;
  scopes: string[];
  auth: string;
  warnings: string[];
}

interface ConnectAnswer {
  saved: boolean;
  orgUrl: string;
  clientId: string;
  scopes: string[];
  warnings: string[];
  report: TestReport;
}

const LAST_TEST_KEY = 'gatehouse.okta.lastTest';

function rememberTest(report: TestReport) {
  try {
    localStorage.setItem(LAST_TEST_KEY, JSON.stringify({ at: Date.now(), report }));
  } catch {
    // no storage
  }
}

function lastTest(): { at: number; report: TestReport } | null {
  try {
    const raw = localStorage.getItem(LAST_TEST_KEY);
    return raw ? (JSON.parse(raw) as { at: number; report: TestReport }) : null;
  } catch {
    return null;
  }
}

export function ApplicationsPage() {
  const { tab = 'available' } = useParams();
  const navigate = useNavigate();
  const [connecting, setConnecting] = useState<null | { instanceId?: string; clientId?: string; scopes?: string }>(null);
  const connection = useApi((signal) => api<ConnectionInfo>('/connections/okta', { signal }), []);

  return (
    <>
      <PageHeader title="Applications" description="Connect the systems Gatehouse automates. Okta is the one it manages today." />
      <Tabs value={connecting ? 'connect' : tab} onChange={(value) => { setConnecting(null); navigate(`/applications/${value ?? 'available'}`); }} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="available" data-testid="tab-available">
            Available
          </Tabs.Tab>
          <Tabs.Tab value="connected" data-testid="tab-connected">
            Connected
          </Tabs.Tab>
          {connecting && <Tabs.Tab value="connect">Connect Okta</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="available">
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            <Card withBorder padding="lg" data-testid="app-card-okta" aria-label="Okta">
              <Group justify="space-between" mb="xs">
                <Title order={4}>Okta</Title>
                {connection.data?.mode === 'connected' ? <Badge color="green">Connected</Badge> : <Badge color="gray">Demo org</Badge>}
              </Group>
              <Text size="sm" c="dimmed" mb="md">
                Users, groups, apps and the System Log, through an Okta API Services app that signs in with a private key (DPoP supported).
              </Text>
              <Button onClick={() => setConnecting({})} data-testid="okta-connect">
                Connect
              </Button>
            </Card>
          </SimpleGrid>
        </Tabs.Panel>
        <Tabs.Panel value="connected">
          <ConnectedOkta connection={connection} onRotate={(prefill) => setConnecting(prefill)} />
        </Tabs.Panel>
        <Tabs.Panel value="connect">
          {connecting && (
            <OktaConnectForm
              prefill={connecting}
              onCancel={() => setConnecting(null)}
              onSaved={() => {
                connection.reload();
              }}
              onDone={() => {
                setConnecting(null);
                navigate('/applications/connected');
              }}
            />
          )}
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

function ConnectedOkta({ connection, onRotate }: { connection: ReturnType<typeof useApi<ConnectionInfo>>; onRotate: (prefill: { instanceId?: string; clientId?: string; scopes?: string }) => void }) {
  const [report, setReport] = useState<{ at: number; report: TestReport } | null>(lastTest());
  const [testing, setTesting] = useState(false);
  const [testError, setTestError] = useState<Error>();
  if (connection.loading && !connection.data) return <Loading />;
  if (connection.error) return <ErrorAlert error={connection.error} onRetry={connection.reload} />;
  const info = connection.data ?? {};
  const host = info.orgUrl ? safeHost(info.orgUrl) : '';
  return (
    <Stack>
      <Paper withBorder p="lg" data-testid="okta-connection">
        <Group justify="space-between" align="flex-start">
          <Stack gap={4}>
            <Group gap="xs">
              <Title order={4}>Okta</Title>
              <Badge color={info.mode === 'connected' ? 'green' : 'blue'} data-testid="okta-connection-status">
                {info.mode === 'connected' ? 'Connected' : info.mode === 'emulator' ? 'Embedded demo org' : String(info.mode ?? 'unknown')}
              </Badge>
            </Group>
            <Text size="sm">
              Org: <Code data-testid="okta-org-url">{info.orgUrl ?? '—'}</Code> · Client ID: <Code>{info.clientId ?? '—'}</Code> · Signs in with: {info.auth === 'client_secret' ? 'a client secret' : 'a private key'}
            </Text>
            {info.mode === 'emulator' && (
              <Text size="sm" c="dimmed">
                No Okta org is connected: Gatehouse runs against its embedded emulator with the demo company. Connect your org from Available → Okta.
              </Text>
            )}
            <Text size="sm" c="dimmed" data-testid="okta-last-test">
              Last test: {report ? `${formatTime(report.at)} — ${report.report.ok ? 'everything works' : 'some capabilities need fixing'}` : 'not tested from this browser yet'}
            </Text>
          </Stack>
          <Group gap="xs">
            <Button
              loading={testing}
              data-testid="okta-test"
              onClick={async () => {
                setTesting(true);
                setTestError(undefined);
                try {
                  const answer = await api<{ report: TestReport }>('/connections/okta/test', { method: 'POST', body: {} });
                  rememberTest(answer.report);
                  setReport({ at: Date.now(), report: answer.report });
                } catch (e) {
                  setTestError(e as Error);
                } finally {
                  setTesting(false);
                }
              }}
            >
              Test again
            </Button>
            <Button variant="default" data-testid="okta-rotate" onClick={() => onRotate({ instanceId: host, clientId: info.clientId ?? '', scopes: (info.scopes ?? []).join(', ') })}>
              Rotate key
            </Button>
            {info.mode === 'connected' && (
              <ConfirmButton
                label="Disconnect"
                title="Disconnect Okta?"
                message={`The saved connection to ${info.orgUrl ?? 'the org'} is removed (its key is deleted from this server) and Gatehouse goes back to the embedded demo org. Workflows and chat stop changing your org at once. You can connect again at any time.`}
                confirmLabel="Disconnect"
                variant="subtle"
                testId="okta-disconnect"
                onConfirm={async () => {
                  await api('/connections/okta', { method: 'DELETE' });
                  connection.reload();
                }}
              />
            )}
          </Group>
        </Group>
        <Text size="sm" fw={600} mt="md">
          Scopes
        </Text>
        <Group gap={6} mt={4} data-testid="okta-scopes">
          {(info.scopes ?? []).map((scope) => (
            <Badge key={scope} variant="outline" tt="none">
              {scope}
            </Badge>
          ))}
        </Group>
      </Paper>
      <ErrorAlert error={testError} title="The test did not run" />
      {report && <ProbeReport report={report.report} />}
    </Stack>
  );
}

function safeHost(url: string): string {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' ? u.origin : u.host;
  } catch {
    return url;
  }
}

/** Per capability: what works and what to fix. */
export function ProbeReport({ report }: { report: TestReport }) {
  const tokenError = typeof report.tokenError === 'string' ? report.tokenError : report.tokenError?.message;
  return (
    <Paper withBorder p="lg" data-testid="okta-test-report">
      <Group justify="space-between" mb="sm">
        <Title order={5}>Connection test</Title>
        <Badge color={report.ok ? 'green' : 'red'} data-testid="okta-test-result">
          {report.ok ? 'Everything works' : 'Needs fixing'}
        </Badge>
      </Group>
      {tokenError && (
        <Alert color="red" title="Okta gave no token" mb="sm" data-testid="okta-token-error">
          {tokenError}
        </Alert>
      )}
      {report.droppedScopes.length > 0 && (
        <Alert color="yellow" mb="sm" title="Scopes Okta did not grant">
          {report.droppedScopes.join(', ')} — grant them on the app's Okta API Scopes tab.
        </Alert>
      )}
      {report.roles && (
        <Text size="sm" mb="sm">
          Admin roles of the app: {report.roles.length ? report.roles.join(', ') : 'none — assign one on the Admin roles tab'}
        </Text>
      )}
      {report.results.length > 0 && (
        <Table striped withTableBorder aria-label="Capabilities">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Capability</Table.Th>
              <Table.Th>Scope</Table.Th>
              <Table.Th>Scope granted</Table.Th>
              <Table.Th>Admin role allows</Table.Th>
              <Table.Th>Works</Table.Th>
              <Table.Th>What to fix</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.results.map((r) => (
              <Table.Tr key={r.scope + r.capability} data-testid={`capability-${r.scope}`}>
                <Table.Td>{r.capability}</Table.Td>
                <Table.Td>
                  <Code>{r.scope}</Code>
                </Table.Td>
                <Table.Td>{r.scopeGranted ? 'yes' : 'no'}</Table.Td>
                <Table.Td>{r.roleAllows === null ? '—' : r.roleAllows ? 'yes' : 'no'}</Table.Td>
                <Table.Td>
                  <Badge color={r.ok ? 'green' : 'red'} variant="light">
                    {r.ok ? 'works' : 'fails'}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{r.fix ?? '—'}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}

function OktaGuide() {
  return (
    <Paper withBorder p="lg" component="aside" aria-label="Steps in Okta" data-testid="okta-guide">
      <Title order={5} mb="sm">
        In the Okta Admin Console
      </Title>
      <List type="ordered" spacing="xs" size="sm">
        <List.Item>
          <b>Applications → Create App Integration → API Services</b>; name it "Gatehouse" and save.
        </List.Item>
        <List.Item>
          On the <b>Okta API Scopes</b> tab, grant the scopes you need: <Code>okta.users.manage</Code>, <Code>okta.groups.manage</Code>, <Code>okta.apps.manage</Code>, <Code>okta.logs.read</Code>, and <Code>okta.roles.read</Code> so Gatehouse can name the app's roles.
        </List.Item>
        <List.Item>
          On the <b>Admin roles</b> tab, assign an admin role that allows them (for example Super Administrator, or a custom role).
        </List.Item>
        <List.Item>
          On <b>General</b>, "Require DPoP" may stay ticked: Gatehouse supports DPoP.
        </List.Item>
        <List.Item>
          Under <b>Public Keys</b>: <b>Add key → Generate new key</b>, copy the private key <b>JSON</b> (Okta shows it once), then click <b>Done</b>. Paste it into Client Secret.
        </List.Item>
        <List.Item>
          Copy the <b>Client ID</b> (<Code>0oa…</Code>) from the General tab, and your Instance ID is your sign-in domain, like <Code>mycompany.okta.com</Code> — never the <Code>-admin</Code> one.
        </List.Item>
      </List>
    </Paper>
  );
}

const labels: Record<Field, { label: string; description: string; placeholder: string }> = {
  clientSecret: { label: 'Client Secret', description: 'The private key JSON Okta showed when you generated the key (or the app’s client secret).', placeholder: '{"kty":"RSA","kid":"…","d":"…",…}' },
  instanceId: { label: 'Instance ID', description: 'Your Okta domain, without -admin.', placeholder: 'mycompany.okta.com' },
  clientId: { label: 'Client ID', description: 'From the app’s General tab (Client Credentials).', placeholder: '0oa…' },
  scopes: { label: 'Scopes', description: 'The scopes granted on the Okta API Scopes tab, separated by commas.', placeholder: 'okta.users.manage, okta.groups.manage, okta.logs.read' },
};

export function OktaConnectForm({ prefill, onCancel, onSaved, onDone }: { prefill: { instanceId?: string; clientId?: string; scopes?: string }; onCancel: () => void; onSaved: () => void; onDone: () => void }) {
  const [values, setValues] = useState<Record<Field, string>>({ clientSecret: '', instanceId: prefill.instanceId ?? '', clientId: prefill.clientId ?? '', scopes: prefill.scopes ?? '' });
  const [touched, setTouched] = useState<Record<Field, boolean>>({ clientSecret: false, instanceId: Boolean(prefill.instanceId), clientId: Boolean(prefill.clientId), scopes: Boolean(prefill.scopes) });
  const [allowInsecure, setAllowInsecure] = useState(/^http:\/\//.test(prefill.instanceId ?? ''));
  const [messages, setMessages] = useState<Partial<Record<Field, string>>>({});
  const [validated, setValidated] = useState<ValidateAnswer | null>(null);
  const [validating, setValidating] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<Error>();
  const [outcome, setOutcome] = useState<ConnectAnswer | null>(null);
  const [debounced] = useDebouncedValue(values, 400);

  useEffect(() => {
    if (!fields.some((f) => debounced[f] !== '')) return;
    const controller = new AbortController();
    setValidating(true);
    api<ValidateAnswer>('/connections/okta/validate', { method: 'POST', body: { ...debounced, allowInsecure }, signal: controller.signal })
      .then((answer) => {
        setMessages({});
        setValidated(answer);
      })
      .catch((error: unknown) => {
        if ((error as Error).name === 'AbortError') return;
        setValidated(null);
        const e = error as ApiError;
        const byField: Partial<Record<Field, string>> = {};
        for (const issue of e.issues ?? []) {
          const field = (issue.field ?? issue.path ?? '').split('.').pop() as Field;
          if (fields.includes(field)) byField[field] = issue.message;
        }
        if (!Object.keys(byField).length && e.message) setSaveError(e);
        setMessages(byField);
      })
      .finally(() => {
        if (!controller.signal.aborted) setValidating(false);
      });
    return () => controller.abort();
  }, [debounced, allowInsecure]);

  const set = (field: Field, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    if (value !== '') setTouched((t) => ({ ...t, [field]: true }));
  };
  const shown = (field: Field) => (touched[field] ? messages[field] : undefined);
  const allFilled = fields.every((f) => values[f].trim() !== '');

  const save = async () => {
    setTouched({ clientSecret: true, instanceId: true, clientId: true, scopes: true });
    setSaving(true);
    setSaveError(undefined);
    setOutcome(null);
    try {
      const answer = await api<ConnectAnswer>('/connections/okta', { method: 'POST', body: { ...values, allowInsecure } });
      setOutcome(answer);
      if (answer.saved) {
        rememberTest(answer.report);
        onSaved();
      }
    } catch (error) {
      const e = error as ApiError;
      const byField: Partial<Record<Field, string>> = {};
      for (const issue of e.issues ?? []) {
        const field = (issue.field ?? issue.path ?? '').split('.').pop() as Field;
        if (fields.includes(field)) byField[field] = issue.message;
      }
      setMessages(byField);
      setSaveError(e);
    } finally {
      setSaving(false);
    }
  };

  const input = (field: Field) => {
    const common = {
      label: labels[field].label,
      description: labels[field].description,
      placeholder: labels[field].placeholder,
      value: values[field],
      required: true,
      error: shown(field),
      onBlur: () => setTouched((t) => ({ ...t, [field]: true })),
      'data-testid': `okta-field-${field}`,
      spellCheck: false,
      autoComplete: 'off',
    };
    const ok = touched[field] && !messages[field] && validated !== null;
    return (
      <div key={field}>
        {field === 'clientSecret' ? (
          <Textarea {...common} autosize minRows={4} maxRows={10} styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }} onChange={(e) => set(field, e.currentTarget.value)} />
        ) : (
          <TextInput {...common} onChange={(e) => set(field, e.currentTarget.value)} />
        )}
        {ok && (
          <Text size="xs" c="green" mt={4} data-testid={`okta-field-${field}-ok`}>
            {field === 'instanceId' ? `Looks right: ${validated.orgUrl}` : field === 'clientSecret' ? `Looks right: ${validated.auth === 'client_secret' ? 'a client secret' : 'a private key'}` : field === 'scopes' ? `Looks right: ${validated.scopes.length} scopes` : 'Looks right'}
          </Text>
        )}
      </div>
    );
  };

  return (
    <Grid gutter="lg">
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Paper withBorder p="lg" component="form" aria-label="Connect Okta" data-testid="okta-connect-form" onSubmit={(e: React.FormEvent) => { e.preventDefault(); void save(); }}>
          <Stack>
            <Title order={4}>Connect Okta</Title>
            {fields.map(input)}
            <Text size="xs" c="dimmed" aria-live="polite" data-testid="okta-validate-status">
              {validating ? 'Checking…' : validated ? 'All four fields look right.' : ' '}
            </Text>
            {validated && validated.warnings.length > 0 && (
              <Alert color="yellow" title="Worth a look" data-testid="okta-warnings">
                <List size="sm">
                  {validated.warnings.map((w) => (
                    <List.Item key={w}>{w}</List.Item>
                  ))}
                </List>
              </Alert>
            )}
            <Checkbox
              label="Allow an http:// address on this machine (the emulator, tests)"
              checked={allowInsecure}
              onChange={(e) => setAllowInsecure(e.currentTarget.checked)}
              data-testid="okta-allow-insecure"
              size="xs"
            />
            <Group>
              <Button type="submit" loading={saving} disabled={!allFilled} data-testid="okta-save">
                Save
              </Button>
              <Button variant="default" onClick={onCancel} data-testid="okta-cancel">
                Cancel
              </Button>
            </Group>
            <Text size="xs" c="dimmed">
              Save gets a token from Okta, probes every capability your scopes promise, and saves the connection only when Okta gave a token. The key is encrypted at rest and never shown again.
            </Text>
            <ErrorAlert error={saveError} title="Not connected" />
            {outcome && (
              <Stack data-testid="okta-save-outcome">
                {outcome.saved ? (
                  <Alert color={outcome.report.ok ? 'green' : 'yellow'} title={outcome.report.ok ? 'Connected: everything works' : 'Connected, but some capabilities need fixing'} data-testid="okta-saved">
                    Saved the connection to <Code>{outcome.orgUrl}</Code>.{' '}
                    <Anchor component="button" type="button" onClick={onDone} data-testid="okta-go-connected">
                      See it under Connected
                    </Anchor>
                  </Alert>
                ) : (
                  <Alert color="red" title="Not saved: Okta gave no token" data-testid="okta-not-saved">
                    The report below says what to change in Okta.
                  </Alert>
                )}
                <ProbeReport report={outcome.report} />
              </Stack>
            )}
          </Stack>
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <OktaGuide />
      </Grid.Col>
    </Grid>
  );
}
