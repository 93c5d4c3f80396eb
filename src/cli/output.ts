/** Terminal output helpers: aligned tables for people, JSON for scripts. */

export interface Column<T> {
  header: string;
  value: (row: T) => string;
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

/** A one-line progress display on stderr when it is a terminal (silent otherwise, so pipes stay clean). */
export function progress(label: string): { update(done: number, total?: number): void; done(): void } {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  return {
    update(done, total) {
      if (!tty) return;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const pct = total ? ` ${Math.floor((done / total) * 100)}%` : '';
      process.stderr.write(`\r${label}: ${done}${total ? `/${total}` : ''}${pct}   `);
    },
    done() {
      if (tty) process.stderr.write('\r\x1b[K');
    },
  };
}
