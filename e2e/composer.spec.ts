import { expect, test } from '@playwright/test';
import { drag, nodeOnScreen, openApp } from './support';

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 900 });
  await openApp(page);
});

test('the fire tool sends the composer’s request by dragging from one node to another', async ({ page }) => {
  await page.getByTestId('traffic-service').selectOption('ssh');
  await page.locator('canvas').focus();
  await page.keyboard.press('f');
  await expect(page.getByTestId('fire-tool')).toHaveAttribute('aria-pressed', 'true');
  const laptop = await nodeOnScreen(page, 'client');
  const web = await nodeOnScreen(page, 'i-web');
  await drag(page, laptop, web);
  await expect.poll(() => page.evaluate(() => window.__stateful?.processTable().filter((r) => r.step === 'created').map((r) => r.packet))).toEqual([expect.stringMatching(/^TCP 203\.0\.113\.5:\d+ → 192\.0\.2\.10:22/)]);
  // Dragging with the fire tool moves nothing.
  expect(await page.evaluate(() => window.__stateful?.canUndo())).toBe(false);
  await page.keyboard.press('v');
  await expect(page.getByTestId('fire-tool')).toHaveAttribute('aria-pressed', 'false');
});

test('the composer starts on a request that meets a security group: an internet client to an instance', async ({ page }) => {
  await expect(page.getByTestId('traffic-from')).toHaveValue('client');
  await expect(page.getByTestId('traffic-to')).toHaveValue('i-web');
  await page.getByTestId('traffic-send').click();
  await expect.poll(() => page.evaluate(() => window.__stateful?.processTable().find((r) => r.step === 'created')?.packet)).toMatch(/^TCP 203\.0\.113\.5:\d+ → 192\.0\.2\.10:80/);
});

test('a series of requests goes out one interval apart', async ({ page }) => {
  await page.getByTestId('speed').selectOption('10');
  await page.getByTestId('traffic-from').selectOption('client');
  await page.getByTestId('traffic-to').selectOption('i-web');
  await page.getByTestId('traffic-count').fill('3');
  await page.getByTestId('traffic-interval').fill('40');
  await page.getByTestId('traffic-send').click();
  await expect.poll(() => page.evaluate(() => window.__stateful?.processTable().filter((r) => r.step === 'created' && r.kind === 'request').map((r) => r.time)), { timeout: 20_000 }).toHaveLength(3);
  const times = await page.evaluate(() => window.__stateful?.processTable().filter((r) => r.step === 'created' && r.kind === 'request').map((r) => r.time) ?? []);
  expect((times[1] ?? 0) - (times[0] ?? 0)).toBeCloseTo(40, 6);
  expect((times[2] ?? 0) - (times[1] ?? 0)).toBeCloseTo(40, 6);
});

test('one click runs the classic four steps, from any scenario', async ({ page }) => {
  await page.getByTestId('scenario-select').selectOption('05-web-to-db-group-reference');
  await page.getByTestId('speed').selectOption('10');
  await page.getByTestId('classic-four-steps').click();
  expect(await page.evaluate(() => window.__stateful?.documentName())).toBe('Classic: HTTP in, no outbound rule');
  await expect(page.getByTestId('expectations').locator('li.pass')).toHaveCount(4, { timeout: 30_000 });
});

test('a custom protocol and port goes out as asked, and a bad port is refused', async ({ page }) => {
  await page.getByTestId('traffic-from').selectOption('client');
  await page.getByTestId('traffic-to').selectOption('i-web');
  await page.getByTestId('traffic-service').selectOption('custom');
  await page.getByTestId('traffic-protocol').selectOption('udp');
  await page.getByTestId('traffic-port').fill('5353');
  await page.getByTestId('traffic-send').click();
  await expect.poll(() => page.evaluate(() => window.__stateful?.processTable().find((r) => r.step === 'created')?.packet)).toMatch(/^UDP 203\.0\.113\.5:\d+ → 192\.0\.2\.10:5353/);
  await page.getByTestId('traffic-port').fill('70000');
  await page.getByTestId('traffic-send').click();
  await expect(page.getByTestId('message')).toContainText('Port 70000 is not a port');
});
