import { expect, test } from '@playwright/test';
import { openApp } from './support';

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 900 });
});

test('the classic scenario plays its four steps live, and the tables explain each one', async ({ page }) => {
  await openApp(page);
  expect(await page.evaluate(() => window.__stateful?.documentName())).toBe('Classic: HTTP in, no outbound rule');
  await expect(page.getByTestId('expectations').locator('li.pending')).toHaveCount(4);

  await page.getByTestId('speed').selectOption('10');
  await page.getByTestId('run-timeline').click();
  await expect(page.getByTestId('expectations').locator('li.pass')).toHaveCount(4, { timeout: 20_000 });
  await expect.poll(() => page.evaluate(() => window.__stateful?.liveCount()), { timeout: 10_000 }).toBe(0);

  const rows = await page.evaluate(() => window.__stateful?.processTable() ?? []);
  // The response leaves the web server because of the tracked request, not because of a rule.
  const responseEgress = rows.find((r) => r.kind === 'response' && r.step === 'egress-check' && r.direction === 'outbound');
  expect(responseEgress?.check).toBe('connection state of web (eni-web)');
  expect(responseEgress?.result).toBe('allowed');
  const drops = rows.filter((r) => r.step === 'dropped').map((r) => r.check);
  expect(drops).toEqual(['security group inbound rules (web (eni-web))', 'security group outbound rules (web (eni-web))']);

  // What the hook says is what the page shows.
  await expect(page.getByTestId('process-table').locator('tbody tr')).toHaveCount(rows.length);
  await expect(page.getByTestId('connection-table').locator('tbody tr')).toHaveCount(1);
  await expect(page.getByTestId('connection-table')).toContainText('tracked');
});

test('choosing another scenario loads it on a fresh run, and its timeline meets its expectations', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('scenario-select').selectOption('08-rule-removed-mid-flow');
  await expect.poll(() => page.evaluate(() => window.__stateful?.documentName())).toBe('A rule removed mid-flow: tracked versus untracked');
  expect(await page.evaluate(() => window.__stateful?.processTable().length)).toBe(0);
  await page.getByTestId('speed').selectOption('10');
  await page.getByTestId('run-timeline').click();
  await expect(page.getByTestId('expectations').locator('li.pass')).toHaveCount(8, { timeout: 40_000 });
  await expect(page.getByTestId('expectations').locator('li.fail')).toHaveCount(0);
  await expect(page.getByTestId('connection-table')).toContainText('untracked');
});
