import { describe, expect, it } from 'vitest';
import { collect } from './collect.ts';
import { describeIssues, issuesOf } from './issues.ts';

async function* numbers(n: number, seen: number[]) {
  for (let i = 1; i <= n; i++) {
    seen.push(i);
    yield i;
  }
}

describe('collect', () => {
  it('collects everything, or stops at the limit without reading further', async () => {
    expect(await collect(numbers(4, []))).toEqual([1, 2, 3, 4]);
    const seen: number[] = [];
    expect(await collect(numbers(100, seen), 3)).toEqual([1, 2, 3]);
    expect(seen).toEqual([1, 2, 3]);
    expect(await collect(numbers(3, []), 0)).toEqual([]);
  });
});

describe('issues', () => {
  it('dots paths and joins messages', () => {
    const issues = issuesOf({ issues: [{ path: ['user', 0, 'login'], message: 'Required' }, { path: [], message: 'Bad' }] });
    expect(issues).toEqual([{ path: 'user.0.login', message: 'Required' }, { path: '', message: 'Bad' }]);
    expect(describeIssues(issues)).toBe('user.0.login: Required; Bad');
  });
});
