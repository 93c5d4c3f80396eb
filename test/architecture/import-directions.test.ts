import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = `${root}node_modules/.bin/depcruise`;

interface CruiseResult {
  summary: { violations: { rule: { name: string }; from: string; to: string }[] };
}

async function cruise(cwd: string): Promise<CruiseResult> {
  // depcruise exits non-zero when it finds violations; its JSON report is on stdout either way.
  const out = await run(bin, ['src', '--config', `${root}.dependency-cruiser.cjs`, '--output-type', 'json'], { cwd, maxBuffer: 64 * 1024 * 1024 }).catch(
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }),
  );
  return JSON.parse(out.stdout) as CruiseResult;
}

describe('import directions of DESIGN.md', () => {
  it('the source tree has no violations', async () => {
    const result = await cruise(root);
    expect(result.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`)).toEqual([]);
  });

  it('a wrong arrow is caught (fixture tree with two bad imports)', async () => {
    const result = await cruise(`${root}test/fixtures/arch`);
    expect(result.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort()).toEqual([
      'emulator-stands-alone: src/emulator/bad.ts -> src/okta/client.ts',
      'engine-knows-no-okta: src/engine/bad.ts -> src/okta/client.ts',
    ]);
  });
});
