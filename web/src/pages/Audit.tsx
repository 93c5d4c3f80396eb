/** The audit log: filter, export (CSV, JSON lines), check the hash chain. */
import { Alert, Button, Code, Group, NumberInput, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Fragment, useState } from 'react';
import { api, download, type AuditEntry } from '../api.ts';
import { Empty, ErrorAlert, formatTime, JsonBlock, Loading, PageHeader, useApi } from '../ui.tsx';

export function AuditPage() {
  const [filters, setFilters] = useState({ actor: '', action: '', target: '' });
  const [limit, setLimit] = useState<number>(500);
  const [debounced] = useDebouncedValue(filters, 300);
  const query = { actor: debounced.actor.trim() || undefined, action: debounced.action.trim() || undefined, target: debounced.target.trim() || undefined };
  const audit = useApi((signal) => api<{ entries: AuditEntry[] }>('/audit', { query: { ...query, limit: 10000 }, signal }), [debounced.actor, debounced.action, debounced.target]);
  const [open, setOpen] = useState<number | null>(null);
  const [chain, setChain] = useState<{ ok?: boolean; [key: string]: unknown } | null>(null);
  const [error, setError] = useState<Error>();
  const entries = (audit.data?.entries ?? []).slice(-limit).reverse();
  const exportAs = async (format: 'csv' | 'jsonl') => {
    setError(undefined);
    try {
      await download('/audit', { ...query, format, limit: 10000 }, `gatehouse-audit.${format}`);
    } catch (e) {
      setError(e as Error);
    }
  };
  return (
    <>
      <PageHeader
        title="Audit"
        description="Every run, Okta change and decision, appended to a hash-chained log. Newest first."
        actions={
          <>
            <Button variant="default" onClick={() => void exportAs('csv')} data-testid="audit-export-csv">
              Export CSV
            </Button>
            <Button variant="default" onClick={() => void exportAs('jsonl')} data-testid="audit-export-jsonl">
              Export JSON lines
            </Button>
            <Button
              variant="light"
              data-testid="audit-verify"
              onClick={async () => {
                setError(undefined);
                try {
                  setChain((await api<{ chain: { ok?: boolean } }>('/audit/verify')).chain);
                } catch (e) {
                  setError(e as Error);
                }
              }}
            >
              Verify chain
            </Button>
          </>
        }
      />
      {chain && (
        <Alert color={chain.ok === false ? 'red' : 'green'} mb="md" title={chain.ok === false ? 'The chain is broken' : 'The chain is intact'} data-testid="audit-verify-result">
          <Code>{JSON.stringify(chain)}</Code>
        </Alert>
      )}
      <ErrorAlert error={error} />
      <Group mb="md" align="flex-end">
        <TextInput label="Actor" placeholder="admin, jane@acme.example" value={filters.actor} onChange={(e) => setFilters({ ...filters, actor: e.currentTarget.value })} data-testid="audit-filter-actor" />
        <TextInput label="Action" placeholder="okta.user.suspended" value={filters.action} onChange={(e) => setFilters({ ...filters, action: e.currentTarget.value })} data-testid="audit-filter-action" />
        <TextInput label="Target" placeholder="a user id, run id, request id" value={filters.target} onChange={(e) => setFilters({ ...filters, target: e.currentTarget.value })} data-testid="audit-filter-target" />
        <NumberInput label="Show" value={limit} onChange={(v) => setLimit(Number(v) || 500)} min={10} max={10000} step={100} w={110} />
      </Group>
      <ErrorAlert error={audit.error} onRetry={audit.reload} />
      {audit.loading && !audit.data ? (
        <Loading />
      ) : entries.length === 0 ? (
        <Empty title="No entries match">Filters match exactly (actor, action, target). Clear them to see everything; entries appear as workflows run and people decide.</Empty>
      ) : (
        <Table striped highlightOnHover aria-label="Audit log" data-testid="audit-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>#</Table.Th>
              <Table.Th>When</Table.Th>
              <Table.Th>Actor</Table.Th>
              <Table.Th>Action</Table.Th>
              <Table.Th>Target</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entries.map((e) => (
              <Fragment key={e.seq}>
                <Table.Tr data-testid="audit-row">
                  <Table.Td>{e.seq}</Table.Td>
                  <Table.Td>{formatTime(e.at)}</Table.Td>
                  <Table.Td>{e.actor}</Table.Td>
                  <Table.Td>
                    <Code>{e.action}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" style={{ wordBreak: 'break-all' }}>
                      {e.target ?? '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Button size="compact-xs" variant="subtle" onClick={() => setOpen(open === e.seq ? null : e.seq)} aria-expanded={open === e.seq}>
                      {open === e.seq ? 'Hide' : 'Details'}
                    </Button>
                  </Table.Td>
                </Table.Tr>
                {open === e.seq && (
                  <Table.Tr>
                    <Table.Td colSpan={6}>
                      <JsonBlock value={e.data} />
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </>
  );
}
