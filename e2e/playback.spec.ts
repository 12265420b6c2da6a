import { expect, test, type Page } from '@playwright/test';
import { openApp } from './support';

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 900 });
  await openApp(page);
});

interface Tables {
  time: number;
  rows: readonly unknown[];
  connections: readonly unknown[];
}

const tables = (page: Page): Promise<Tables> =>
  page.evaluate(() => ({ time: window.__stateful?.simTime() ?? -1, rows: window.__stateful?.processTable() ?? [], connections: window.__stateful?.connectionTable() ?? [] }));

/** The page shows what the engine holds: as many rows in each table, the latest step last. */
async function expectPageShows(page: Page, t: Tables): Promise<void> {
  await expect(page.getByTestId('process-table').locator('tbody tr')).toHaveCount(t.rows.length);
  await expect(page.getByTestId('connection-table').locator('tbody tr')).toHaveCount(t.connections.length);
  await expect(page.getByTestId('sim-time')).toContainText(`t = ${(t.time / 1000).toFixed(3)} s`);
}

test('stepping forward and back through the classic example shows both tables as they were at each step', async ({ page }) => {
  // About forty steps, each checked in the engine and on the page.
  test.setTimeout(120_000);
  // Start the timeline and pause in the same task, so no frame runs in between.
  await page.evaluate(() => {
    window.__stateful?.intents.runTimeline();
    window.__stateful?.intents.pause();
  });
  await page.getByTestId('step').click();
  const forward: Tables[] = [await tables(page)];
  for (let i = 0; i < 60; i++) {
    const before = forward[forward.length - 1];
    await page.getByTestId('step').click();
    const now = await tables(page);
    if (now.time === before?.time && now.rows.length === before.rows.length) break;
    await expectPageShows(page, now);
    forward.push(now);
  }
  expect(forward.length).toBeGreaterThan(15);
  await expect(page.getByTestId('expectations').locator('li.pass')).toHaveCount(4);

  for (let i = forward.length - 2; i >= 0; i--) {
    await page.getByTestId('step-back').click();
    const back = await tables(page);
    expect(back).toEqual(forward[i]);
    await expectPageShows(page, back);
  }
  // Forward again with the keyboard: the same story.
  await page.locator('canvas').focus();
  for (let i = 1; i < 4; i++) {
    await page.keyboard.press('.');
    expect(await tables(page)).toEqual(forward[i]);
  }
});

test('jumping ahead ages the connection table; reset empties it', async ({ page }) => {
  await page.getByTestId('speed').selectOption('10');
  await page.evaluate(() => window.__stateful?.intents.fire({ from: 'client' as never, to: 'i-web' as never, service: 'http' }));
  await expect.poll(() => page.evaluate(() => window.__stateful?.liveCount() === 0 && (window.__stateful?.connectionTable().length ?? 0) === 1), { timeout: 15_000 }).toBe(true);
  await page.getByTestId('play-pause').click();
  const before = await page.evaluate(() => window.__stateful?.connectionTable()[0]?.remainingSeconds ?? 0);
  await page.getByTestId('jump-30s').click();
  const after = await page.evaluate(() => window.__stateful?.connectionTable()[0]?.remainingSeconds ?? 0);
  expect(before - after).toBeCloseTo(30, 3);
  await page.getByTestId('reset-run').click();
  expect(await page.evaluate(() => window.__stateful?.connectionTable().length)).toBe(0);
  expect(await page.evaluate(() => window.__stateful?.simTime())).toBe(0);
});

test('speed runs from 0.1x to 10x', async ({ page }) => {
  const speeds = await page.getByTestId('speed').locator('option').evaluateAll((options) => options.map((o) => Number((o as HTMLOptionElement).value)));
  expect(speeds[0]).toBe(0.1);
  expect(speeds[speeds.length - 1]).toBe(10);
  await page.getByTestId('speed').selectOption('0.5');
  expect(await page.evaluate(() => window.__stateful?.playback().speed)).toBe(0.5);
});

test('the gallery loads a scenario with a word on what to watch', async ({ page }) => {
  await page.getByTestId('open-gallery').click();
  await expect(page.getByTestId('gallery')).toBeVisible();
  await expect(page.getByTestId('gallery-06-nacl-without-ephemeral-ports')).toContainText('stateless');
  await page.getByTestId('gallery-06-nacl-without-ephemeral-ports').click();
  await expect(page.getByTestId('gallery')).toBeHidden();
  expect(await page.evaluate(() => window.__stateful?.documentName())).toBe('A network ACL without ephemeral ports kills the response');
  // Loading is one edit: undo brings the classic example back.
  await page.keyboard.press('Control+z');
  expect(await page.evaluate(() => window.__stateful?.documentName())).toBe('Classic: HTTP in, no outbound rule');
});

test('playback has keys: K, J, R and the speed brackets', async ({ page }) => {
  await page.locator('canvas').focus();
  await page.keyboard.press('k');
  expect(await page.evaluate(() => window.__stateful?.playback().playing)).toBe(false);
  const t0 = (await page.evaluate(() => window.__stateful?.simTime())) ?? 0;
  await page.keyboard.press('j');
  expect(await page.evaluate(() => window.__stateful?.simTime())).toBeCloseTo(t0 + 30_000, 6);
  await page.keyboard.press('Shift+J');
  expect(await page.evaluate(() => window.__stateful?.simTime())).toBeCloseTo(t0 + 330_000, 6);
  await page.keyboard.press(']');
  expect(await page.evaluate(() => window.__stateful?.playback().speed)).toBe(2);
  await page.keyboard.press('[');
  await page.keyboard.press('[');
  expect(await page.evaluate(() => window.__stateful?.playback().speed)).toBe(0.5);
  await page.keyboard.press('r');
  expect(await page.evaluate(() => window.__stateful?.simTime())).toBe(0);
});

test('the inspector shows the selected instance: addresses, subnet, groups, timeouts', async ({ page }) => {
  await page.evaluate(() => window.__stateful?.intents.select(['i-web']));
  await page.getByTestId('tab-inspect').click();
  const facts = page.getByTestId('inspector-node');
  await expect(facts).toContainText('EC2 instance web');
  await expect(facts).toContainText('10.0.1.10');
  await expect(facts).toContainText('192.0.2.10 (through the internet gateway)');
  await expect(facts).toContainText('public (10.0.1.0/24)');
  await expect(facts).toContainText('TCP established 432000 s · UDP 30 s · UDP stream 180 s');
  await page.screenshot({ path: 'docs/screenshots/inspector.png' });
});
