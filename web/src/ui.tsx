/** Small building blocks shared by the pages: loading, errors, empty states, confirmations, formatting. */
import { Alert, Badge, Button, Center, Code, Group, Loader, Modal, Paper, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { ApiError } from './api.ts';
import { useSession } from './session.tsx';

/** Loads data from the API; `reload()` fetches again. The previous data stays while reloading. */
export function useApi<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): { data: T | undefined; error: Error | undefined; loading: boolean; reload: () => void } {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<Error>();
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setError(undefined);
    loadRef
      .current(controller.signal)
      .then((value) => {
        if (!controller.signal.aborted) setData(value);
      })
      .catch((e: unknown) => {
        if (!controller.signal.aborted && (e as Error).name !== 'AbortError') setError(e as Error);
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}

/** Runs an action (a POST), keeping its busy state and error. */
export function useAction<A extends unknown[], R>(action: (...args: A) => Promise<R>): { run: (...args: A) => Promise<R | undefined>; busy: boolean; error: Error | undefined; clear: () => void } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const run = useCallback(
    async (...args: A) => {
      setBusy(true);
      setError(undefined);
      try {
        return await action(...args);
      } catch (e) {
        setError(e as Error);
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [action],
  );
  return { run, busy, error, clear: () => setError(undefined) };
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <Center py="xl" role="status" aria-live="polite" data-testid="loading">
      <Group gap="sm">
        <Loader size="sm" />
        <Text c="dimmed">{label}</Text>
      </Group>
    </Center>
  );
}

export function ErrorAlert({ error, title = 'Something went wrong', onRetry }: { error: Error | undefined | null; title?: string; onRetry?: () => void }) {
  if (!error) return null;
  const api = error instanceof ApiError ? error : null;
  return (
    <Alert color="red" title={title} role="alert" data-testid="error-alert" variant="light">
      <Stack gap={6}>
        <Text size="sm" data-testid="error-message">
          {error.message}
        </Text>
        {api && api.issues.length > 0 && (
          <ul style={{ margin: 0, paddingLeft: 18 }}>
            {api.issues.map((issue, i) => (
              <li key={i}>
                <Text size="sm">
                  {issue.field ?? issue.path ? <Code>{issue.field ?? issue.path}</Code> : null} {issue.message}
                </Text>
              </li>
            ))}
          </ul>
        )}
        {api?.rule && (
          <Text size="xs" c="dimmed">
            Rule: <Code>{api.rule}</Code>
          </Text>
        )}
        {onRetry && (
          <Group>
            <Button size="xs" variant="light" color="red" onClick={onRetry}>
              Try again
            </Button>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}

/** An empty list: says what to do next. */
export function Empty({ title, children, action, testId = 'empty-state' }: { title: string; children?: ReactNode; action?: ReactNode; testId?: string }) {
  return (
    <Paper withBorder p="lg" radius="md" data-testid={testId}>
      <Stack gap="xs" align="flex-start">
        <Text fw={600}>{title}</Text>
        {children && (
          <Text size="sm" c="dimmed" component="div">
            {children}
          </Text>
        )}
        {action}
      </Stack>
    </Paper>
  );
}

export function PageHeader({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  return (
    <Group justify="space-between" align="flex-start" mb="md" wrap="nowrap">
      <div>
        <Title order={2}>{title}</Title>
        {description && (
          <Text c="dimmed" size="sm" mt={4}>
            {description}
          </Text>
        )}
      </div>
      {actions && <Group gap="xs">{actions}</Group>}
    </Group>
  );
}

/** Wraps an admin page: others see "You need the admin role" (the API refuses them too). */
export function AdminOnly({ children }: { children: ReactNode }) {
  const { isAdmin } = useSession();
  if (!isAdmin)
    return (
      <Alert color="yellow" title="You need the admin role" data-testid="admin-required" role="alert">
        This page is for Gatehouse admins. Ask an admin to give you the admin role, or use Access, Approvals, Reviews and Chat from the menu.
      </Alert>
    );
  return <>{children}</>;
}

/** A button that asks before it acts. */
export function ConfirmButton({
  label,
  title,
  message,
  confirmLabel,
  onConfirm,
  color = 'red',
  testId,
  disabled,
  variant = 'light',
  size = 'sm',
}: {
  label: string;
  title: string;
  message: ReactNode;
  confirmLabel?: string;
  onConfirm: () => Promise<unknown>;
  color?: string;
  testId?: string;
  disabled?: boolean;
  variant?: string;
  size?: string;
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  return (
    <>
      <Button color={color} variant={variant} size={size} onClick={() => setOpen(true)} data-testid={testId} disabled={disabled}>
        {label}
      </Button>
      <Modal opened={open} onClose={() => !busy && setOpen(false)} title={title} data-testid="confirm-dialog">
        <Stack>
          <Text size="sm" component="div">
            {message}
          </Text>
          <ErrorAlert error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)} disabled={busy} data-testid="confirm-cancel">
              Cancel
            </Button>
            <Button
              color={color}
              loading={busy}
              data-testid="confirm-ok"
              onClick={async () => {
                setBusy(true);
                setError(undefined);
                try {
                  await onConfirm();
                  setOpen(false);
                } catch (e) {
                  setError(e as Error);
                } finally {
                  setBusy(false);
                }
              }}
            >
              {confirmLabel ?? label}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

export function JsonBlock({ value, testId, maxHeight = 320 }: { value: unknown; testId?: string; maxHeight?: number }) {
  if (value === undefined) return null;
  return (
    <ScrollArea.Autosize mah={maxHeight} type="auto">
      <Code block data-testid={testId} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
        {typeof value === 'string' ? value : JSON.stringify(value, null, 2)}
      </Code>
    </ScrollArea.Autosize>
  );
}

const statusColors: Record<string, string> = {
  ACTIVE: 'green',
  completed: 'green',
  approved: 'green',
  active: 'green',
  ok: 'green',
  SUSPENDED: 'yellow',
  LOCKED_OUT: 'orange',
  PASSWORD_EXPIRED: 'orange',
  RECOVERY: 'orange',
  PROVISIONED: 'blue',
  STAGED: 'gray',
  DEPROVISIONED: 'red',
  pending: 'blue',
  running: 'blue',
  waiting: 'violet',
  sleeping: 'violet',
  provisioning: 'blue',
  draft: 'gray',
  closed: 'gray',
  failed: 'red',
  denied: 'red',
  revoked: 'red',
  cancelled: 'gray',
  expired: 'gray',
  ended: 'gray',
};

export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  return (
    <Badge color={statusColors[status] ?? 'gray'} variant="light" data-testid={testId}>
      {status}
    </Badge>
  );
}

export function formatTime(at: number | string | null | undefined): string {
  if (at === null || at === undefined || at === '') return '—';
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return '—';
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60 ? `${m % 60} min` : ''}`.trim();
  return `${Math.floor(h / 24)} d ${h % 24 ? `${h % 24} h` : ''}`.trim();
}

/** "3 h 20 min left", "ended", "no end". */
export function timeLeft(endsAt: number | null, now = Date.now()): string {
  if (endsAt === null) return 'no end';
  const left = endsAt - now;
  return left <= 0 ? 'ending now' : `${formatDuration(left)} left`;
}

/** Re-renders every `ms` (for times left). */
export function useNow(ms = 30_000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}
