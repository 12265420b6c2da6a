#!/usr/bin/env node
// Runs the Playwright suite against a system Chromium (Playwright cannot download browsers here).
// Order: $CHROMIUM_PATH, /usr/bin/chromium, /usr/bin/chromium-browser; if none, install one
// (apt-get on Debian/Ubuntu as root, else Playwright's own download), then run
// `npx playwright test <args>` with CHROMIUM_PATH exported and exit with its code.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
const isWindows = process.platform === 'win32';

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { stdio: 'inherit', env, shell: isWindows });
  if (result.error) {
    console.error(`run-e2e: could not start ${command}: ${result.error.message}`);
    return 1;
  }
  return result.status ?? 1;
}

function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) {
      console.error(`run-e2e: CHROMIUM_PATH=${fromEnv} does not exist.`);
      process.exit(1);
    }
    return fromEnv;
  }
  return CANDIDATES.find((path) => existsSync(path));
}

function isDebianLike() {
  if (existsSync('/etc/debian_version')) return true;
  try {
    const osRelease = readFileSync('/etc/os-release', 'utf8');
    return /^ID(?:_LIKE)?=.*\b(?:debian|ubuntu)\b/m.test(osRelease);
  } catch {
    return false;
  }
}

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

let chromium = findChromium();
if (!chromium) {
  if (process.platform === 'linux' && isDebianLike() && isRoot()) {
    console.log('run-e2e: no Chromium found; installing Debian chromium with apt-get.');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    if (run('apt-get', ['update'], env) !== 0 || run('apt-get', ['install', '-y', 'chromium'], env) !== 0) {
      console.error('run-e2e: apt-get could not install chromium.');
      process.exit(1);
    }
    chromium = CANDIDATES.find((path) => existsSync(path));
    if (!chromium) {
      console.error('run-e2e: chromium was installed but is not at /usr/bin/chromium.');
      process.exit(1);
    }
  } else {
    console.log("run-e2e: no system Chromium found; falling back to Playwright's own download.");
    const status = run('npx', ['playwright', 'install', 'chromium']);
    if (status !== 0) process.exit(status);
  }
}

const env = { ...process.env };
if (chromium) {
  env.CHROMIUM_PATH = chromium;
  console.log(`run-e2e: using ${chromium}`);
}
process.exit(run('npx', ['playwright', 'test', ...process.argv.slice(2)], env));
