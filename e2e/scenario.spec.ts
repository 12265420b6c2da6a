import { expect, test } from '@playwright/test';
import type {} from '../src/engine/testHook';

test('the app opens on the classic scenario and explains each step', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 900 });
  await page.goto('/');
  await page.waitForFunction(() => window.__stateful?.documentName() != null);
  expect(await page.evaluate(() => window.__stateful?.documentName())).toBe('Classic: HTTP in, no outbound rule');

  const rows = await page.evaluate(() => window.__stateful?.processTable() ?? []);
  // The response leaves the web server because of the tracked request, not because of a rule.
  const responseEgress = rows.find((r) => r.kind === 'response' && r.step === 'egress-check' && r.direction === 'outbound');
  expect(responseEgress?.check).toBe('connection state of web (eni-web)');
  expect(responseEgress?.result).toBe('allowed');
  const drops = rows.filter((r) => r.step === 'dropped').map((r) => r.check);
  expect(drops).toEqual(['security group inbound rules (web (eni-web))', 'security group outbound rules (web (eni-web))']);
  expect(await page.evaluate(() => window.__stateful?.liveCount())).toBe(0);

  // What the hook says is what the page shows.
  await expect(page.getByTestId('process-table').locator('tbody tr')).toHaveCount(rows.length);
  await expect(page.getByTestId('expectations').locator('li.pass')).toHaveCount(4);
  await expect(page.getByTestId('connection-table').locator('tbody tr')).toHaveCount(1);
  await expect(page.getByTestId('connection-table')).toContainText('tracked');
  await page.screenshot({ path: 'docs/screenshots/classic-scenario.png' });

  await page.getByTestId('scenario-select').selectOption('08-rule-removed-mid-flow');
  await expect.poll(() => page.evaluate(() => window.__stateful?.documentName())).toBe('A rule removed mid-flow: tracked versus untracked');
  await expect(page.getByTestId('expectations').locator('li.fail')).toHaveCount(0);
  await expect(page.getByTestId('expectations').locator('li.pass')).toHaveCount(8);
  await expect(page.getByTestId('connection-table')).toContainText('untracked');
});
