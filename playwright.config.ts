import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

const PORT = 5174;
const BASE_URL = `http://127.0.0.1:${PORT}`;

/**
 * Playwright cannot download its own browsers here, so we use a system Chromium.
 * scripts/run-e2e.mjs finds (or installs) one and exports CHROMIUM_PATH; running
 * `npx playwright test` directly falls back to the usual Debian paths, then to Playwright's own.
 */
function systemChromium(): string | undefined {
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));
}

export default defineConfig({
  testDir: 'e2e',
  // 2 cores and a software rasteriser: one browser at a time is faster than two fighting.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    ...devices['Desktop Chrome'],
    baseURL: BASE_URL,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? systemChromium(),
      // Playwright already adds --headless --no-sandbox --enable-unsafe-swiftshader (software WebGL).
      // Never add --use-gl=angle: WebGL disappears and Pixi silently falls back to its canvas renderer.
      args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  projects: [{ name: 'chromium' }],
  webServer: {
    command: `npx vite --port ${PORT} --strictPort --host 127.0.0.1`,
    url: BASE_URL,
    reuseExistingServer: !process.env.CI,
    // The first start pre-bundles pixi.js and React.
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
