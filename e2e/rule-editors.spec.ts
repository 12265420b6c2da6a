import { expect, test, type Page } from '@playwright/test';
import { openApp } from './support';

test.beforeEach(async ({ page }) => {
  // The app boots a software-WebGL canvas first; on a loaded 2-core machine that alone can take 20 s.
  test.setTimeout(60_000);
  await page.setViewportSize({ width: 1600, height: 900 });
});

const doc = (page: Page) => page.evaluate(() => window.__stateful?.document() ?? null);
const inbound = async (page: Page) => (await doc(page))?.securityGroups.find((g) => g.id === 'sg-web')?.inbound;

async function openGroups(page: Page): Promise<void> {
  await page.getByTestId('tab-groups').click();
  await page.getByTestId('group-chip-sg-web').click();
  await expect(page.getByTestId('sg-editor')).toBeVisible();
}

/** Adds an inbound SSH rule to the web group through the preset, as a person would. */
async function addSsh(page: Page, source: string): Promise<void> {
  await page.getByTestId('sg-rule-add-inbound').click();
  await page.getByTestId('sg-rule-type-inbound-1').selectOption('ssh');
  await page.getByTestId('sg-rule-peer-inbound-1').fill(source);
  await page.getByTestId('sg-rule-peer-inbound-1').press('Enter');
}

test('an SSH rule open to the internet is flagged, narrowing it to one address clears the flag, and SSH then passes', async ({ page }) => {
  await openApp(page);
  await openGroups(page);
  await addSsh(page, '0.0.0.0/0');
  expect((await inbound(page))?.[1]).toEqual({ protocol: 'tcp', fromPort: 22, toPort: 22, peer: '0.0.0.0/0' });
  await expect(page.getByTestId('sg-rule-warning-inbound-1')).toContainText('SSH (port 22) is open to 0.0.0.0/0');

  await page.getByTestId('sg-rule-peer-inbound-1').fill('203.0.113.5/32');
  await page.getByTestId('sg-rule-peer-inbound-1').press('Enter');
  await expect(page.getByTestId('sg-rule-warning-inbound-1')).toHaveCount(0);
  expect((await inbound(page))?.[1]?.peer).toBe('203.0.113.5/32');

  await page.evaluate(() => window.__stateful?.intents.fire({ from: 'client' as never, to: 'i-web' as never, service: 'ssh' }));
  await expect
    .poll(() => page.evaluate(() => (window.__stateful?.processTable() ?? []).some((r) => r.kind === 'request' && r.step === 'delivered')), { timeout: 15_000 })
    .toBe(true);
  const rows = await page.evaluate(() => window.__stateful?.processTable() ?? []);
  expect(rows.some((r) => r.step === 'dropped')).toBe(false);
  expect(rows.find((r) => r.kind === 'request' && r.step === 'ingress-check' && r.check.startsWith('security group'))?.result).toBe('allowed');
});

test('a reversed port range shows its message and changes nothing', async ({ page }) => {
  await openApp(page);
  await openGroups(page);
  const before = await doc(page);
  // HTTP to Custom TCP keeps port 80, so picking the type alone is no edit.
  await page.getByTestId('sg-rule-type-inbound-0').selectOption('custom-tcp');
  await page.getByTestId('sg-rule-ports-inbound-0').fill('8080-80');
  await page.getByTestId('sg-rule-ports-inbound-0').press('Enter');
  const error = page.getByTestId('sg-rule-error-ports-inbound-0');
  await expect(error).toContainText('The port range is reversed: 8080 is above 80');
  // The message is tied to the field for screen readers.
  await expect(page.getByTestId('sg-rule-ports-inbound-0')).toHaveAttribute('aria-describedby', (await error.getAttribute('id')) ?? 'none');
  expect(await doc(page)).toEqual(before);
  expect(await page.evaluate(() => window.__stateful?.canUndo())).toBe(false);
  // Fixing the range clears the message as the person types.
  await page.getByTestId('sg-rule-ports-inbound-0').fill('80-8080');
  await expect(error).toHaveCount(0);
});

test('a rule edited in place is one undo step away from where it was', async ({ page }) => {
  await openApp(page);
  await openGroups(page);
  const before = await inbound(page);
  const description = page.getByTestId('sg-rule-description-inbound-0');
  await description.fill('public web');
  await description.press('Enter');
  expect((await inbound(page))?.[0]?.description).toBe('public web');
  await page.getByTestId('sg-rule-type-inbound-0').selectOption('https');
  expect((await inbound(page))?.[0]).toEqual({ protocol: 'tcp', fromPort: 443, toPort: 443, peer: '0.0.0.0/0', description: 'public web' });

  // Ctrl+Z inside a text field is the field's own undo; the document's undo is outside them.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Control+z');
  expect((await inbound(page))?.[0]?.fromPort).toBe(80);
  await expect(page.getByTestId('sg-rule-type-inbound-0')).toHaveValue('http');
  await page.keyboard.press('Control+z');
  expect(await inbound(page)).toEqual(before);
  await expect(description).toHaveValue('HTTP from anywhere');
});

test('a NACL deny rule takes its place in evaluation order, above the * rule', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('tab-nacls').click();
  await expect(page.getByTestId('nacl-editor')).toBeVisible();
  await expect(page.getByTestId('nacl-subnets')).toContainText('public (10.0.1.0/24)');
  await page.getByTestId('nacl-rule-add-inbound').click();
  await page.getByTestId('nacl-rule-number-inbound-1').fill('90');
  await page.getByTestId('nacl-rule-type-inbound-1').selectOption('custom-tcp');
  await page.getByTestId('nacl-rule-ports-inbound-1').fill('23');
  await page.getByTestId('nacl-rule-action-inbound-1').selectOption('deny');
  await page.getByTestId('nacl-rule-cidr-inbound-1').fill('0.0.0.0/0');
  await page.getByTestId('nacl-rule-cidr-inbound-1').press('Enter');

  const acl = (await doc(page))?.networkAcls.find((a) => a.id === 'acl-default');
  expect(acl?.inbound).toContainEqual({ ruleNumber: 90, protocol: '6', action: 'deny', cidr: '0.0.0.0/0', fromPort: 23, toPort: 23 });
  const order = await page
    .getByTestId('nacl-rules-inbound')
    .locator('[data-testid^="nacl-rule-row-"], [data-testid^="nacl-star-"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-rule-number') ?? e.getAttribute('data-testid')));
  expect(order).toEqual(['90', '100', 'nacl-star-inbound']);
  await expect(page.getByTestId('nacl-rule-action-inbound-0')).toHaveValue('deny');
  // The * row is shown, and nothing in it can be edited.
  await expect(page.getByTestId('nacl-star-inbound').locator('input, select, button')).toHaveCount(0);
});

for (const theme of ['light', 'dark'] as const) {
  test(`screenshot of the group editor in the ${theme} theme`, async ({ page }) => {
    await openApp(page, { theme });
    await openGroups(page);
    await addSsh(page, '0.0.0.0/0');
    await page.getByTestId('sg-rule-add-inbound').click();
    await page.getByTestId('sg-rule-ports-inbound-2').fill('8080-80');
    await page.getByTestId('sg-rule-peer-inbound-2').fill('10.0.0.300/33');
    await page.getByTestId('sg-rule-peer-inbound-2').press('Enter');
    await expect(page.getByTestId('sg-rule-error-peer-inbound-2')).toBeVisible();
    await page.getByTestId('side-panel').screenshot({ path: `docs/screenshots/sg-editor-${theme}.png` });
    await page.getByTestId('tab-nacls').click();
    await page.getByTestId('side-panel').screenshot({ path: `docs/screenshots/nacl-editor-${theme}.png` });
  });
}
