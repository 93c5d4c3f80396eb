/** Terminal output helpers: aligned tables for people, JSON for scripts, progress on stderr. */
import { GatehouseError } from '../common/errors.ts';

export interface Column<T> {
  header: string;
  value: (row: T) => string;
}

/** A value given on the command line cannot be used; the CLI exits with code 2. */
export class CliUsageError extends GatehouseError {
  constructor(message: string) {
    super('CLI_USAGE_INVALID', message);
  }
}

/** Prints rows as an aligned table (no colours, so it pastes anywhere). */
export function printTable<T>(rows: readonly T[], columns: readonly Column<T>[], out: NodeJS.WritableStream = process.stdout): void {
  const cells = rows.map((r) => columns.map((c) => c.value(r)));
  const widths = columns.map((c, i) => Math.min(60, Math.max(c.header.length, ...cells.map((row) => (row[i] ?? '').length))));
  const fit = (s: string, w: number) => (s.length > w ? s.slice(0, w - 1) + '…' : s.padEnd(w));
  out.write(columns.map((c, i) => fit(c.header, widths[i] as number)).join('  ').trimEnd() + '\n');
  for (const row of cells) out.write(row.map((v, i) => fit(v, widths[i] as number)).join('  ').trimEnd() + '\n');
}

/** Prints a value as JSON. */
export function printJson(value: unknown, out: NodeJS.WritableStream = process.stdout): void {
  out.write(JSON.stringify(value, null, 2) + '\n');
}

/** A stream as the progress display sees it (process.stderr, or a test double with isTTY). */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface Progress {
  update(done: number, total?: number): void;
  /** Clears the line (the result follows on stdout). */
  done(): void;
}

/**
 * A one-line progress display — a bar when the total is known, a count otherwise — on stderr, only when
 * it is a terminal: pipes and files (scripts, `--json`) never see it. Redrawn at most every 100 ms.
 */
export function progress(label: string, options: { stream?: ProgressStream; now?: () => number } = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? Date.now;
  const tty = stream.isTTY === true;
  let last = -Infinity;
  let drawn = false;
  const draw = (done: number, total: number | undefined) => {
    let line = `${label}: ${done}`;
    if (total !== undefined && total > 0) {
      const share = Math.min(1, done / total);
      const width = 24;
      const filled = Math.round(share * width);
      line = `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${Math.floor(share * 100)}%`;
    }
    stream.write(`\r${line.slice(0, Math.max(20, (stream.columns ?? 80) - 1))}\x1b[K`);
    drawn = true;
  };
  return {
    update(done, total) {
      if (!tty) return;
      const t = now();
      if (t - last < 100 && !(total !== undefined && done >= total)) return;
      last = t;
      draw(done, total);
    },
    done() {
      if (tty && drawn) stream.write('\r\x1b[K');
    },
  };
}

/** Collects an async list with a progress count (listings of thousands take a while under rate limits). */
export async function collect<T>(label: string, items: AsyncIterable<T>, limit?: number): Promise<T[]> {
  const bar = progress(label);
  const out: T[] = [];
  try {
    for await (const item of items) {
      out.push(item);
      bar.update(out.length);
      if (limit !== undefined && out.length >= limit) break;
    }
  } finally {
    bar.done();
  }
  return out;
}

/** A time for tables: ISO to the second, or "—" when there is none. */
export const isoTime = (ms: number | null): string => (ms === null ? '—' : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'));
