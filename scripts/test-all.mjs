#!/usr/bin/env node
// npm test: the unit, parity and CLI tests (Vitest), then the browser tests (Playwright in Debian's
// Chromium), then one closing line that CI reads: "N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rsr-lens-test-'));
const vitestJson = path.join(dir, 'vitest.json');
const playwrightJson = path.join(dir, 'playwright.json');
const only = process.argv[2]; // 'unit' or 'e2e' to run one half

const run = (cmd, args, env = {}) => spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;

let passed = 0;
let failed = 0;
let skipped = 0;
let exit = 0;

if (only !== 'e2e') {
  const status = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
  if (fs.existsSync(vitestJson)) {
    const r = JSON.parse(fs.readFileSync(vitestJson, 'utf8'));
    passed += r.numPassedTests;
    // A file that fails to load runs no test at all: count it as one failure, not zero.
    const brokenFiles = r.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
    failed += r.numFailedTests + brokenFiles;
    skipped += r.numPendingTests + r.numTodoTests;
    if (status !== 0 && r.numFailedTests + brokenFiles === 0) failed += 1;
  } else if (status !== 0) failed += 1;
  if (status !== 0) exit = 1;
}

if (only !== 'unit') {
  const status = run('npx', ['playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson });
  if (fs.existsSync(playwrightJson)) {
    const s = JSON.parse(fs.readFileSync(playwrightJson, 'utf8')).stats;
    passed += s.expected + s.flaky;
    failed += s.unexpected;
    skipped += s.skipped;
    if (status !== 0 && s.unexpected === 0) failed += 1;
  } else if (status !== 0) failed += 1;
  if (status !== 0) exit = 1;
}

fs.rmSync(dir, { recursive: true, force: true });
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(exit);
