import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
// Brings the `window.__stateful` declaration into this file's types.
import type {} from '../src/engine/testHook';

const SCREENSHOT = resolve('docs/screenshots/smoke.png');

test('the app starts with one WebGL canvas and no errors', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));

  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Stateful' })).toBeVisible();

  // The hook exists in dev/test builds only; Vite's dev server is a dev build.
  await page.waitForFunction(() => window.__stateful?.renderer() != null);
  // A silent fallback to Pixi's canvas renderer would mean software WebGL is not working.
  expect(await page.evaluate(() => window.__stateful?.renderer())).toBe('webgl');

  // StrictMode mounted the host twice; let the discarded engine finish its async init and teardown.
  await page.evaluate(
    () => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 250)))),
  );
  expect(await page.evaluate(() => window.__stateful?.canvasCount())).toBe(1);
  await expect(page.locator('canvas')).toHaveCount(1);

  const box = await page.locator('[data-testid="canvas-host"] canvas').boundingBox();
  expect(box?.width ?? 0).toBeGreaterThan(100);
  expect(box?.height ?? 0).toBeGreaterThan(100);

  // The theme button switches both the page and the canvas, and is remembered.
  const first = await page.evaluate(() => window.__stateful?.theme());
  await page.getByTestId('theme-toggle').click();
  const second = first === 'dark' ? 'light' : 'dark';
  expect(await page.evaluate(() => window.__stateful?.theme())).toBe(second);
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(second);
  expect(await page.evaluate(() => localStorage.getItem('stateful.theme'))).toBe(second);

  // The canvas follows the window.
  await page.setViewportSize({ width: 1100, height: 700 });
  await expect.poll(async () => (await page.locator('[data-testid="canvas-host"] canvas').boundingBox())?.width ?? 0).toBeLessThan((box?.width ?? 0) - 100);
  const host = await page.getByTestId('canvas-host').boundingBox();
  const resized = await page.locator('[data-testid="canvas-host"] canvas').boundingBox();
  expect(resized?.width).toBeCloseTo(host?.width ?? 0, 0);
  expect(resized?.height).toBeCloseTo(host?.height ?? 0, 0);

  mkdirSync(dirname(SCREENSHOT), { recursive: true });
  await page.screenshot({ path: SCREENSHOT });

  expect(errors).toEqual([]);
});
