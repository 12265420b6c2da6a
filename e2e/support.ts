import { expect, type Page } from '@playwright/test';
// Brings the `window.__stateful` declaration into this file's types.
import type {} from '../src/engine/testHook';

/** Opens the app and waits until the canvas has drawn the document. */
export async function openApp(page: Page, options: { theme?: 'light' | 'dark' } = {}): Promise<void> {
  if (options.theme) {
    await page.addInitScript((t) => localStorage.setItem('stateful.theme', t), options.theme);
  }
  await page.goto('/');
  await page.waitForFunction(() => window.__stateful?.renderer() != null && window.__stateful.nodeOnScreen('i-web') != null);
}

/**
 * Where a node's centre is on the page. A node just added to the document reaches the canvas on a
 * later frame, so this waits for it (up to five seconds) rather than reading once.
 */
export async function nodeOnScreen(page: Page, id: string): Promise<{ x: number; y: number }> {
  const where = (): Promise<{ x: number; y: number } | null> => page.evaluate((nodeId) => window.__stateful?.nodeOnScreen(nodeId) ?? null, id);
  await expect.poll(where, { message: `node ${id} is on the canvas`, timeout: 5_000 }).not.toBeNull();
  const p = await where();
  if (!p) throw new Error(`node ${id} left the canvas`);
  return p;
}

/** A pointer drag in small steps, as a hand would do it. */
export async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }, options: { button?: 'left' | 'middle'; steps?: number } = {}): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down({ button: options.button ?? 'left' });
  await page.mouse.move(to.x, to.y, { steps: options.steps ?? 12 });
  await page.mouse.up({ button: options.button ?? 'left' });
}

/** Lets the page draw a couple of frames. */
export async function frames(page: Page, n = 2): Promise<void> {
  await page.evaluate(
    (count) =>
      new Promise<void>((done) => {
        let left = count;
        const tick = (): void => {
          left -= 1;
          if (left <= 0) done();
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    n,
  );
}
