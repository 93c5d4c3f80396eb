import { describe, expect, it } from 'vitest';
import { progress, type ProgressStream } from './output.ts';

function stream(isTTY: boolean): ProgressStream & { text: string } {
  return {
    isTTY,
    columns: 100,
    text: '',
    write(chunk: string) {
      this.text += chunk;
      return true;
    },
  };
}

describe('progress', () => {
  it('draws a bar with the count on a terminal, at most every 100 ms, and clears it at the end', () => {
    const tty = stream(true);
    let t = 0;
    const bar = progress('adding to Engineering', { stream: tty, now: () => t });
    bar.update(1, 4);
    t = 50;
    bar.update(2, 4); // too soon: skipped
    t = 200;
    bar.update(3, 4);
    t = 210;
    bar.update(4, 4); // the last one is always drawn
    bar.done();
    expect(tty.text).toContain('adding to Engineering [######------------------] 1/4 25%');
    expect(tty.text).not.toContain('2/4');
    expect(tty.text).toContain('3/4 75%');
    expect(tty.text).toContain('[########################] 4/4 100%');
    expect(tty.text.endsWith('\r\x1b[K')).toBe(true);
  });

  it('counts when the total is unknown', () => {
    const tty = stream(true);
    const bar = progress('users', { stream: tty, now: () => 0 });
    bar.update(200);
    expect(tty.text).toContain('users: 200');
  });

  it('writes nothing at all when stderr is not a terminal (pipes, files, --json in scripts)', () => {
    const pipe = stream(false);
    const bar = progress('users', { stream: pipe, now: () => 0 });
    bar.update(1, 2);
    bar.update(2, 2);
    bar.done();
    expect(pipe.text).toBe('');
  });
});
