/** Workflows: installed ones, the catalog, a workflow (run form, dry-run plan, source), runs and a run's step timeline. */
import { Alert, Anchor, Badge, Button, Card, Code, Group, List, Paper, ScrollArea, Select, SimpleGrid, Stack, Table, Tabs, Text, Timeline, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, ApiError, type DryRunPlan, type Run, type Step, type Workflow } from '../api.ts';
import { useSession } from '../session.tsx';
import { ConfirmButton, Empty, ErrorAlert, formatDuration, formatTime, JsonBlock, Loading, PageHeader, StatusBadge, useApi } from '../ui.tsx';
import { initialValues, SchemaForm, toInput, type FormValues } from './SchemaForm.tsx';

const triggerText = (t: Workflow['triggers'][number]) => (t.type === 'schedule' ? `schedule ${t.cron ?? ''}` : t.type === 'event' ? `event (${t.source ?? ''})` : t.type);

export function WorkflowsPage() {
  const workflows = useApi((signal) => api<{ workflows: Workflow[] }>('/workflows', { signal }), []);
  return (
    <>
      <PageHeader
        title="Workflows"
        description="TypeScript files in <dataDir>/workflows: each run is durable and every Okta change is in the audit log."
        actions={
          <>
            <Button component={Link} to="/workflows/catalog" variant="light" data-testid="open-catalog">
              Catalog
            </Button>
            <Button component={Link} to="/runs" variant="default" data-testid="open-runs">
              Runs
            </Button>
          </>
        }
      />
      <ErrorAlert error={workflows.error} onRetry={workflows.reload} />
      {workflows.loading && !workflows.data ? (
        <Loading />
      ) : workflows.data?.workflows.length === 0 ? (
        <Empty title="No workflows installed" action={<Button component={Link} to="/workflows/catalog">Open the catalog</Button>}>
          Install one from the catalog, or add a TypeScript file to the workflows folder.
        </Empty>
      ) : (
        <Table highlightOnHover striped aria-label="Installed workflows" data-testid="workflows-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Workflow</Table.Th>
              <Table.Th>Triggers</Table.Th>
              <Table.Th>Approval</Table.Th>
              <Table.Th>Who may run it</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {workflows.data?.workflows.map((w) => (
              <Table.Tr key={w.id} data-testid={`workflow-row-${w.id}`}>
                <Table.Td>
                  <Anchor component={Link} to={`/workflows/${w.id}`} fw={500}>
                    {w.title}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {w.id}
                  </Text>
                </Table.Td>
                <Table.Td>{w.triggers.map(triggerText).join(', ')}</Table.Td>
                <Table.Td>{w.approval.required ? 'required' : '—'}</Table.Td>
                <Table.Td>{w.access ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </>
  );
}

export function CatalogPage() {
  const catalog = useApi((signal) => api<{ workflows: Workflow[] }>('/catalog', { signal }), []);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState<string | null>(null);
  const install = async (id: string, force: boolean) => {
    setBusy(id);
    setError(undefined);
    setMessage(null);
    try {
      const answer = await api<{ id: string; file: string; replaced: boolean }>(`/catalog/${id}/install`, { method: 'POST', body: { force } });
      setMessage(`${answer.replaced ? 'Replaced' : 'Installed'} ${id} in ${answer.file}.`);
      catalog.reload();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(null);
    }
  };
  return (
    <>
      <Anchor component={Link} to="/workflows">
        ← Workflows
      </Anchor>
      <PageHeader title="Catalog" description="Ready-made Okta workflows. Installing copies the file into your workflows folder, where you can read and change it." />
      {message && (
        <Alert color="green" mb="md" data-testid="catalog-message">
          {message}
        </Alert>
      )}
      <ErrorAlert error={error ?? catalog.error} onRetry={catalog.error ? catalog.reload : undefined} />
      {catalog.loading && !catalog.data ? (
        <Loading />
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          {catalog.data?.workflows.map((w) => (
            <Card key={w.id} withBorder padding="md" data-testid={`catalog-card-${w.id}`}>
              <Group justify="space-between" mb={4} wrap="nowrap">
                <Text fw={600}>{w.title}</Text>
                {w.installed && (
                  <Badge color="green" variant="light">
                    installed
                  </Badge>
                )}
              </Group>
              <Text size="sm" c="dimmed" mb="sm" lineClamp={4}>
                {w.description}
              </Text>
              <Group mt="auto" gap="xs">
                {w.installed ? (
                  <>
                    <Button size="xs" variant="light" component={Link} to={`/workflows/${w.id}`}>
                      Open
                    </Button>
                    <ConfirmButton size="xs" variant="subtle" color="orange" label="Reinstall" title={`Replace ${w.id}?`} message="Your copy in the workflows folder is replaced by the catalog's; changes you made to it are lost." testId={`catalog-reinstall-${w.id}`} onConfirm={() => install(w.id, true)} />
                  </>
                ) : (
                  <Button size="xs" loading={busy === w.id} onClick={() => void install(w.id, false)} data-testid={`catalog-install-${w.id}`}>
                    Install
                  </Button>
                )}
              </Group>
            </Card>
          ))}
        </SimpleGrid>
      )}
    </>
  );
}

export function WorkflowDetail() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { login } = useSession();
  const workflow = useApi((signal) => api<Workflow>(`/workflows/${id}`, { signal }), [id]);
  const runs = useApi((signal) => api<{ runs: Run[] }>('/runs', { query: { workflowId: id, limit: 20 }, signal }), [id]);
  const [values, setValues] = useState<FormValues>({});
  const [plan, setPlan] = useState<DryRunPlan | null>(null);
  const [busy, setBusy] = useState<'dry' | 'run' | null>(null);
  const [error, setError] = useState<Error>();
  const [tab, setTab] = useState<string | null>('run');
  useEffect(() => {
    if (workflow.data) setValues(initialValues(workflow.data.inputSchema));
  }, [workflow.data]);

  if (workflow.loading && !workflow.data) return <Loading />;
  if (workflow.error)
    return (
      <Stack>
        <Anchor component={Link} to="/workflows">
          ← Workflows
        </Anchor>
        <ErrorAlert error={workflow.error} onRetry={workflow.reload} />
      </Stack>
    );
  const w = workflow.data;
  if (!w) return null;
  const issues: Record<string, string> = {};
  if (error instanceof ApiError) for (const issue of error.issues) if (issue.path) issues[issue.path.replace(/^input\./, '').split('.')[0] ?? ''] = issue.message;

  const submit = async (dryRun: boolean) => {
    setBusy(dryRun ? 'dry' : 'run');
    setError(undefined);
    if (dryRun) setPlan(null);
    try {
      const input = toInput(w.inputSchema, values);
      if (dryRun) {
        const answer = await api<{ plan: DryRunPlan }>(`/workflows/${w.id}/runs`, { method: 'POST', body: { input, dryRun: true, startedBy: login } });
        setPlan(answer.plan);
      } else {
        const answer = await api<{ runId: string }>(`/workflows/${w.id}/runs`, { method: 'POST', body: { input, startedBy: login } });
        navigate(`/runs/${answer.runId}`);
      }
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Stack>
      <Anchor component={Link} to="/workflows">
        ← Workflows
      </Anchor>
      <PageHeader title={w.title} description={w.description} actions={w.approval.required ? <Badge color="violet">needs approval</Badge> : null} />
      {w.examples && w.examples.length > 0 && (
        <Text size="sm" c="dimmed">
          In chat: {w.examples.slice(0, 3).map((e) => `“${e}”`).join(' · ')}
        </Text>
      )}
      <Tabs value={tab} onChange={setTab}>
        <Tabs.List>
          <Tabs.Tab value="run" data-testid="workflow-tab-run">
            Run
          </Tabs.Tab>
          <Tabs.Tab value="source" data-testid="workflow-tab-source">
            Source
          </Tabs.Tab>
          <Tabs.Tab value="runs" data-testid="workflow-tab-runs">
            Recent runs
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="run" pt="md">
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Paper withBorder p="md" component="form" aria-label={`Run ${w.title}`} data-testid="workflow-run-form" onSubmit={(e: React.FormEvent) => { e.preventDefault(); void submit(true); }}>
              <Stack>
                <SchemaForm schema={w.inputSchema} values={values} onChange={setValues} errors={issues} />
                {Object.keys(w.inputSchema.properties ?? {}).length === 0 && <Text size="sm">This workflow takes no input.</Text>}
                <Group>
                  <Button type="submit" variant="light" loading={busy === 'dry'} data-testid="workflow-dry-run">
                    Dry run
                  </Button>
                  <ConfirmButton
                    label="Run"
                    color="indigo"
                    variant="filled"
                    testId="workflow-run"
                    title={`Run ${w.title}?`}
                    message={<>This makes the changes in Okta{w.approval.required ? ' once approved' : ''}. A dry run first shows the plan without changing anything.</>}
                    onConfirm={() => submit(false)}
                  />
                </Group>
                <ErrorAlert error={error} title="Not started" />
              </Stack>
            </Paper>
            <Paper withBorder p="md" data-testid="workflow-plan">
              <Title order={5} mb="xs">
                Plan
              </Title>
              {!plan ? (
                <Text size="sm" c="dimmed">
                  Press Dry run to see what this run would change, without changing anything.
                </Text>
              ) : (
                <Stack gap="xs">
                  {plan.error ? (
                    <Alert color="red" title="The run would fail" data-testid="workflow-plan-error">
                      {plan.error.message ?? JSON.stringify(plan.error)}
                    </Alert>
                  ) : null}
                  <Text size="sm">
                    {plan.changes.length === 0 ? 'No changes: ' : `${plan.changes.length} change${plan.changes.length === 1 ? '' : 's'}`}
                    {plan.changes.length === 0 ? 'nothing to do.' : ''} ({plan.reads} reads)
                  </Text>
                  <List size="sm" spacing={4} data-testid="workflow-plan-changes">
                    {plan.changes.map((c, i) => (
                      <List.Item key={i}>
                        <Badge size="xs" variant="outline" mr={6}>
                          {c.kind}
                        </Badge>
                        {c.summary}
                      </List.Item>
                    ))}
                  </List>
                  {plan.output !== null && plan.output !== undefined && (
                    <>
                      <Text size="sm" fw={500}>
                        Output
                      </Text>
                      <JsonBlock value={plan.output} maxHeight={200} />
                    </>
                  )}
                </Stack>
              )}
            </Paper>
          </SimpleGrid>
        </Tabs.Panel>
        <Tabs.Panel value="source" pt="md">
          {w.source ? (
            <ScrollArea.Autosize mah={600} type="auto">
              <Code block data-testid="workflow-source">
                {w.source}
              </Code>
            </ScrollArea.Autosize>
          ) : (
            <Text c="dimmed">The source file is not readable.</Text>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="runs" pt="md">
          <RunsTable runs={runs.data?.runs} loading={runs.loading} error={runs.error} reload={runs.reload} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function RunsTable({ runs, loading, error, reload }: { runs: Run[] | undefined; loading: boolean; error: Error | undefined; reload: () => void }) {
  if (error) return <ErrorAlert error={error} onRetry={reload} />;
  if (loading && !runs) return <Loading />;
  if (!runs || runs.length === 0) return <Empty title="No runs yet">Start one from a workflow's Run tab, from chat or from the CLI.</Empty>;
  return (
    <Table highlightOnHover striped aria-label="Runs" data-testid="runs-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Started</Table.Th>
          <Table.Th>Workflow</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th>By</Table.Th>
          <Table.Th>Took</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {runs.map((r) => (
          <Table.Tr key={r.id} data-testid="run-row">
            <Table.Td>
              <Anchor component={Link} to={`/runs/${r.id}`}>
                {formatTime(r.createdAt)}
              </Anchor>
            </Table.Td>
            <Table.Td>{r.workflowId}</Table.Td>
            <Table.Td>
              <StatusBadge status={r.status} />
            </Table.Td>
            <Table.Td>{String((r.meta as { startedBy?: string } | undefined)?.startedBy ?? '—')}</Table.Td>
            <Table.Td>{['completed', 'failed', 'cancelled'].includes(r.status) ? formatDuration(r.updatedAt - r.createdAt) : '…'}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

const runStatuses = ['queued', 'running', 'sleeping', 'waiting', 'completed', 'failed', 'cancelled'];

export function RunsPage() {
  const [status, setStatus] = useState<string | null>(null);
  const [workflowId, setWorkflowId] = useState<string | null>(null);
  const workflows = useApi((signal) => api<{ workflows: Workflow[] }>('/workflows', { signal }), []);
  const runs = useApi((signal) => api<{ runs: Run[] }>('/runs', { query: { status: status ?? undefined, workflowId: workflowId ?? undefined, limit: 100 }, signal }), [status, workflowId]);
  return (
    <>
      <PageHeader title="Runs" description="Recent workflow runs, newest first." actions={<Button variant="default" onClick={runs.reload} data-testid="runs-refresh">Refresh</Button>} />
      <Group mb="md">
        <Select label="Status" placeholder="Any" clearable data={runStatuses} value={status} onChange={setStatus} w={180} data-testid="runs-status-filter" />
        <Select label="Workflow" placeholder="Any" clearable searchable data={(workflows.data?.workflows ?? []).map((w) => ({ value: w.id, label: w.title }))} value={workflowId} onChange={setWorkflowId} w={260} data-testid="runs-workflow-filter" />
      </Group>
      <RunsTable runs={runs.data?.runs} loading={runs.loading} error={runs.error} reload={runs.reload} />
    </>
  );
}

const live = (status: string) => ['queued', 'running', 'sleeping', 'waiting'].includes(status);
const stepColor = (status: string) => (status === 'completed' ? 'green' : status === 'failed' ? 'red' : status === 'running' ? 'blue' : 'gray');

export function RunDetail() {
  const { id = '' } = useParams();
  const detail = useApi((signal) => api<{ run: Run; steps: Step[] }>(`/runs/${id}`, { signal }), [id]);
  const status = detail.data?.run.status;
  useEffect(() => {
    if (!status || !live(status)) return;
    const timer = setTimeout(detail.reload, 1500);
    return () => clearTimeout(timer);
  }, [status, detail.data, detail.reload]);
  if (detail.loading && !detail.data) return <Loading />;
  if (detail.error)
    return (
      <Stack>
        <Anchor component={Link} to="/runs">
          ← Runs
        </Anchor>
        <ErrorAlert error={detail.error} onRetry={detail.reload} />
      </Stack>
    );
  if (!detail.data) return null;
  const { run, steps } = detail.data;
  const input = (run.input as { input?: unknown } | null)?.input ?? run.input;
  return (
    <Stack>
      <Anchor component={Link} to="/runs">
        ← Runs
      </Anchor>
      <PageHeader
        title={`Run of ${run.workflowId}`}
        description={`${run.id} · started ${formatTime(run.createdAt)} by ${String((run.meta as { startedBy?: string } | undefined)?.startedBy ?? '—')}`}
        actions={
          <>
            <StatusBadge status={run.status} testId="run-status" />
            {live(run.status) && (
              <ConfirmButton
                label="Cancel run"
                size="xs"
                testId="run-cancel"
                title="Cancel this run?"
                message="Steps already done stay done; the rest does not run. Approvals it waits for are cancelled."
                onConfirm={async () => {
                  await api(`/runs/${run.id}/cancel`, { method: 'POST', body: { reason: 'cancelled in the console' } });
                  detail.reload();
                }}
              />
            )}
          </>
        }
      />
      {run.status === 'waiting' && (
        <Alert color="violet" data-testid="run-waiting">
          Waiting{run.waitKey ? ` for ${run.waitKey}` : ''}. Approvals are decided in <Anchor component={Link} to="/approvals">Approvals</Anchor>.
        </Alert>
      )}
      {run.error ? (
        <Alert color="red" title="The run failed" data-testid="run-error">
          {(run.error as { message?: string }).message ?? JSON.stringify(run.error)}
        </Alert>
      ) : null}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper withBorder p="md">
          <Title order={5} mb="xs">
            Input
          </Title>
          <JsonBlock value={input} testId="run-input" />
        </Paper>
        <Paper withBorder p="md">
          <Title order={5} mb="xs">
            Output
          </Title>
          {run.output === null ? <Text c="dimmed" size="sm">{live(run.status) ? 'Not finished yet.' : 'None.'}</Text> : <JsonBlock value={run.output} testId="run-output" />}
        </Paper>
      </SimpleGrid>
      <Paper withBorder p="md">
        <Title order={5} mb="md">
          Steps ({steps.length})
        </Title>
        {steps.length === 0 ? (
          <Text size="sm" c="dimmed">
            No steps yet.
          </Text>
        ) : (
          <Timeline active={steps.length} bulletSize={18} lineWidth={2} data-testid="run-steps">
            {steps.map((s) => (
              <Timeline.Item key={s.seq} color={stepColor(s.status)} title={<Text size="sm" fw={500} style={{ wordBreak: 'break-all' }}>{s.stepId}</Text>} data-testid="run-step">
                <Group gap="xs" mb={4}>
                  <StatusBadge status={s.status} />
                  <Text size="xs" c="dimmed">
                    {s.kind} · {s.startedAt && s.endedAt ? formatDuration(s.endedAt - s.startedAt) : s.startedAt ? 'running' : '—'}
                    {s.attempts > 1 ? ` · ${s.attempts} attempts` : ''}
                  </Text>
                </Group>
                {s.error ? (
                  <Alert color="red" p="xs" mb={4}>
                    <Text size="xs">{(s.error as { message?: string }).message ?? JSON.stringify(s.error)}</Text>
                  </Alert>
                ) : null}
                {s.output !== null && s.output !== undefined && (
                  <details>
                    <summary style={{ cursor: 'pointer', fontSize: 12 }}>Output</summary>
                    <JsonBlock value={s.output} maxHeight={240} />
                  </details>
                )}
              </Timeline.Item>
            ))}
          </Timeline>
        )}
      </Paper>
    </Stack>
  );
}
