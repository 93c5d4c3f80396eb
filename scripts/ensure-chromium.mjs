#!/usr/bin/env node
// Part of `npm test`'s set-up: the console's browser tests drive Debian's Chromium (package
// `chromium`) with playwright-core. When it is missing and this runs as root on Debian, it is
// installed with apt-get; otherwise this says how to install it and fails.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.GATEHOUSE_CHROMIUM ?? '/usr/bin/chromium';
if (existsSync(path)) process.exit(0);
const canApt = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
if (!canApt) {
  console.error(`The browser tests need Chromium at ${path}. Install Debian's package (sudo apt-get install chromium), or set GATEHOUSE_CHROMIUM to a Chromium binary.`);
  process.exit(1);
}
console.error("Installing Debian's chromium for the browser tests (apt-get install chromium)…");
try {
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
} catch (error) {
  console.error(`Installing chromium failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
if (!existsSync(path)) {
  console.error(`apt-get installed chromium, but ${path} is still missing.`);
  process.exit(1);
}
