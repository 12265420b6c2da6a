import { expect, test } from '@playwright/test';
import { frames, openApp } from './support';

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 900 });
  await openApp(page);
});

test('the outline lists the network; keyboard alone selects, nudges and deletes a node', async ({ page }) => {
  const outline = page.getByTestId('canvas-outline');
  await expect(outline).toContainText('EC2 instance web');
  await expect(outline).toContainText('network ACL default');
  await page.getByTestId('outline-toggle').click();
  await page.getByTestId('outline-client').focus();
  await page.keyboard.press('Enter');
  expect(await page.evaluate(() => window.__stateful?.selection())).toEqual(['client']);
  const before = await page.evaluate(() => window.__stateful?.document()?.layout['client']);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  const after = await page.evaluate(() => window.__stateful?.document()?.layout['client']);
  expect(after).toEqual({ x: (before?.x ?? 0) + 24, y: (before?.y ?? 0) + 24 });
  await page.keyboard.press('Delete');
  expect(await page.evaluate(() => window.__stateful?.document()?.externalHosts.map((h) => h.id))).toEqual(['api']);
  await page.keyboard.press('Control+z');
  expect(await page.evaluate(() => window.__stateful?.document()?.externalHosts.map((h) => h.id))).toEqual(['client', 'api']);
});

test('verdicts are announced in words', async ({ page }) => {
  await page.getByTestId('speed').selectOption('10');
  await page.evaluate(() => window.__stateful?.intents.fire({ from: 'client' as never, to: 'i-web' as never, service: 'ssh' }));
  await expect(page.getByTestId('announcer')).toContainText('dropped at the receiver’s security group', { timeout: 15_000 });
  await page.evaluate(() => window.__stateful?.intents.fire({ from: 'client' as never, to: 'i-web' as never, service: 'http' }));
  await expect(page.getByTestId('announcer')).toContainText('delivered', { timeout: 15_000 });
});

test('a row of the process table and a packet on the canvas select each other', async ({ page }) => {
  await page.evaluate(() => {
    window.__stateful?.intents.pause();
    window.__stateful?.intents.fire({ from: 'client' as never, to: 'i-web' as never, service: 'http' });
    window.__stateful?.intents.step();
  });
  const row = page.getByTestId('process-table').locator('tbody tr').first();
  await row.click();
  await expect(row).toHaveClass(/selected/);
  // A row of a check also points at its checkpoint on the canvas.
  await page.evaluate(() => {
    for (let i = 0; i < 3; i++) window.__stateful?.intents.step();
  });
  await page.getByTestId('process-table').locator('tbody tr', { hasText: 'security group inbound rules' }).click();
  expect(await page.evaluate(() => window.__stateful?.followedCheckpoint())).toEqual({ hop: 'sg-ingress', subjectId: 'eni-web' });
  await page.getByTestId('tab-inspect').click();
  await expect(page.getByTestId('inspector-packet')).toContainText('Request p1');
  await expect(page.getByTestId('inspector-packet')).toContainText('ingress-check');

  // The other way: clicking the packet on the canvas follows it and highlights its rows.
  await page.getByTestId('tab-run').click();
  await page.evaluate(() => window.__stateful?.intents.fire({ from: 'client' as never, to: 'i-web' as never, service: 'ping' }));
  await frames(page, 3);
  const drawn = await page.evaluate(() => window.__stateful?.livePackets().find((p) => p.id === 'p2'));
  if (!drawn) throw new Error('p2 is not drawn');
  await page.mouse.click(drawn.x, drawn.y);
  expect(await page.evaluate(() => window.__stateful?.followedPacket())).toBe('p2');
  await expect(page.locator('[data-testid="process-table"] tr.selected').first()).toHaveAttribute('data-packet', 'p2');
});

test.describe('with reduced motion', () => {
  test.use({ reducedMotion: 'reduce' });

  test('packets are shown at their step’s place instead of gliding', async ({ page }) => {
    await page.evaluate(() => {
      window.__stateful?.intents.pause();
      window.__stateful?.intents.fire({ from: 'client' as never, to: 'i-web' as never, service: 'http' });
      // A quarter of the way through the transit to the gateway.
      window.__stateful?.intents.jump(5);
    });
    await frames(page, 3);
    const laptop = await page.evaluate(() => window.__stateful?.nodeOnScreen('client'));
    const igw = await page.evaluate(() => window.__stateful?.nodeOnScreen('igw-main'));
    const p = await page.evaluate(() => window.__stateful?.livePackets()[0]);
    if (!laptop || !igw || !p) throw new Error('missing');
    expect(p.step).toBe('in-transit');
    // Gliding would put it a quarter of the way; without motion it waits half-way.
    expect(p.x).toBeCloseTo((laptop.x + igw.x) / 2, 0);
    expect(p.y).toBeCloseTo((laptop.y + igw.y) / 2, 0);

    // The first instant of the NACL check: a glide would still be at the gateway.
    await page.evaluate(() => {
      window.__stateful?.intents.step();
      window.__stateful?.intents.step();
    });
    await frames(page, 3);
    const q = await page.evaluate(() => window.__stateful?.livePackets()[0]);
    expect([q?.step, q?.checks]).toEqual(['ingress-check', 2]);
    expect((q?.y ?? 0) - igw.y).toBeGreaterThan(20);
  });
});
