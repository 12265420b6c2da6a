import { expect, test } from '@playwright/test';
import { drag, frames, nodeOnScreen, openApp } from './support';

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 900 });
});

test('palette items dropped on the canvas create a VPC, a subnet in it and an instance in that', async ({ page }) => {
  await openApp(page);
  const host = page.getByTestId('canvas-host');
  const box = await host.boundingBox();
  if (!box) throw new Error('no canvas host');
  // Zoom out first so there is free canvas below the scenario, which ends at y = 600.
  for (let i = 0; i < 4; i++) await page.getByTestId('zoom-out').click();
  const cam = await page.evaluate(() => window.__stateful?.camera());
  if (!cam) throw new Error('no camera');
  const free = { x: cam.x + 680 * cam.zoom, y: cam.y + 870 * cam.zoom };
  expect(free.y).toBeLessThan(box.height - 20);
  await page.dragAndDrop('[data-testid="palette-vpc"]', '[data-testid="canvas-host"]', { targetPosition: free });
  const vpcs = await page.evaluate(() => window.__stateful?.document()?.vpcs ?? []);
  expect(vpcs).toHaveLength(2);
  const vpc = vpcs[1];
  if (!vpc) throw new Error('no new VPC');
  expect(vpc.cidr).toBe('10.1.0.0/16');

  const vpcCentre = await nodeOnScreen(page, vpc.id);
  await page.dragAndDrop('[data-testid="palette-subnet"]', '[data-testid="canvas-host"]', { targetPosition: { x: vpcCentre.x - box.x, y: vpcCentre.y - box.y } });
  const subnet = await page.evaluate((id) => window.__stateful?.document()?.subnets.find((s) => s.vpcId === id) ?? null, vpc.id);
  expect(subnet?.cidr).toBe('10.1.0.0/24');
  if (!subnet) throw new Error('no subnet');

  const subnetCentre = await nodeOnScreen(page, subnet.id);
  await page.dragAndDrop('[data-testid="palette-instance"]', '[data-testid="canvas-host"]', { targetPosition: { x: subnetCentre.x - box.x, y: subnetCentre.y - box.y } });
  const instance = await page.evaluate((sid) => window.__stateful?.document()?.instances.find((i) => i.enis[0]?.subnetId === sid) ?? null, subnet.id);
  expect(instance?.enis[0]?.privateIp).toMatch(/^10\.1\.0\.\d+$/);
  // The new instance gets its VPC's default group, like the console does.
  const defaultGroup = await page.evaluate((id) => window.__stateful?.document()?.securityGroups.find((g) => g.vpcId === id && g.isDefault)?.id, vpc.id);
  expect(instance?.enis[0]?.securityGroupIds).toEqual([defaultGroup]);

  // An instance dropped on free canvas is refused with a message, and nothing changes.
  const before = await page.evaluate(() => window.__stateful?.document()?.instances.length);
  await page.dragAndDrop('[data-testid="palette-instance"]', '[data-testid="canvas-host"]', { targetPosition: { x: 30, y: 30 } });
  await expect(page.getByTestId('message')).toContainText('must be dropped inside a subnet');
  expect(await page.evaluate(() => window.__stateful?.document()?.instances.length)).toBe(before);
});

test('dragging a node moves it on the grid, and one undo puts it back', async ({ page }) => {
  await openApp(page);
  const before = await page.evaluate(() => window.__stateful?.document()?.layout['client']);
  const start = await nodeOnScreen(page, 'client');
  await drag(page, start, { x: start.x - 130, y: start.y + 37 });
  const after = await page.evaluate(() => window.__stateful?.document()?.layout['client']);
  if (!before || !after) throw new Error('no layout');
  expect(after.x).not.toBe(before.x);
  expect(after.x % 24).toBe(0);
  expect(after.y % 24).toBe(0);
  expect(await page.evaluate(() => window.__stateful?.selection())).toEqual(['client']);
  // The whole drag is one step of history.
  await page.keyboard.press('Control+z');
  expect(await page.evaluate(() => window.__stateful?.document()?.layout['client'])).toEqual(before);
  await page.keyboard.press('Control+Shift+z');
  expect(await page.evaluate(() => window.__stateful?.document()?.layout['client'])).toEqual(after);
});

test('pan with the middle button and with space-drag, zoom with ctrl-wheel, zoom to fit', async ({ page }) => {
  await openApp(page);
  const cam0 = await page.evaluate(() => window.__stateful?.camera());
  if (!cam0) throw new Error('no camera');
  await drag(page, { x: 500, y: 700 }, { x: 600, y: 650 }, { button: 'middle' });
  await frames(page);
  const cam1 = await page.evaluate(() => window.__stateful?.camera());
  expect(cam1?.x).toBeCloseTo(cam0.x + 100, 0);
  expect(cam1?.y).toBeCloseTo(cam0.y - 50, 0);

  await page.locator('canvas').focus();
  await page.keyboard.down('Space');
  await drag(page, { x: 500, y: 700 }, { x: 450, y: 700 });
  await page.keyboard.up('Space');
  const cam2 = await page.evaluate(() => window.__stateful?.camera());
  expect(cam2?.x).toBeCloseTo((cam1?.x ?? 0) - 50, 0);
  // Panning moved nothing in the document.
  expect(await page.evaluate(() => window.__stateful?.canUndo())).toBe(false);

  const web = await nodeOnScreen(page, 'i-web');
  await page.mouse.move(web.x, web.y);
  await page.keyboard.down('Control');
  await page.mouse.wheel(0, -200);
  await page.keyboard.up('Control');
  const cam3 = await page.evaluate(() => window.__stateful?.camera());
  expect(cam3?.zoom).toBeGreaterThan((cam2?.zoom ?? 1) * 1.5);
  // The point under the pointer stays under it.
  const webAfter = await nodeOnScreen(page, 'i-web');
  // Within a few pixels: the pointer sits on whole pixels and the zoom multiplies the rounding.
  expect(Math.abs(webAfter.x - web.x)).toBeLessThan(5);
  expect(Math.abs(webAfter.y - web.y)).toBeLessThan(5);

  await page.getByTestId('zoom-fit').click();
  const cam4 = await page.evaluate(() => window.__stateful?.camera());
  expect(cam4?.zoom).toBeLessThan(cam3?.zoom ?? 0);
});

test('dragging a group chip onto an instance attaches it; clicking its badge detaches it', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('tab-groups').click();
  await page.getByLabel('New security group name in main').fill('admin');
  await page.getByLabel('New security group name in main').press('Enter');
  const groupId = await page.evaluate(() => window.__stateful?.document()?.securityGroups.find((g) => g.name === 'admin')?.id);
  if (!groupId) throw new Error('group not created');
  const web = await nodeOnScreen(page, 'i-web');
  const box = await page.getByTestId('canvas-host').boundingBox();
  if (!box) throw new Error('no host');
  await page.dragAndDrop(`[data-testid="group-chip-${groupId}"]`, '[data-testid="canvas-host"]', { targetPosition: { x: web.x - box.x, y: web.y - box.y } });
  const groups = await page.evaluate(() => window.__stateful?.document()?.instances.find((i) => i.id === 'i-web')?.enis[0]?.securityGroupIds);
  expect(groups).toEqual(['sg-web', groupId]);
  await page.keyboard.press('Control+z');
  expect(await page.evaluate(() => window.__stateful?.document()?.instances.find((i) => i.id === 'i-web')?.enis[0]?.securityGroupIds)).toEqual(['sg-web']);
  await page.keyboard.press('Control+Shift+z');

  // Dropped on empty canvas: refused, with a message.
  await page.dragAndDrop(`[data-testid="group-chip-${groupId}"]`, '[data-testid="canvas-host"]', { targetPosition: { x: 20, y: 20 } });
  await expect(page.getByTestId('message')).toContainText('Drop a security group on an EC2 instance');
});

test('the classic HTTP request is delivered and its response passes because of the tracked entry', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('traffic-from').selectOption('client');
  await page.getByTestId('traffic-to').selectOption('i-web');
  await page.getByTestId('traffic-service').selectOption('http');
  await page.getByTestId('traffic-send').click();

  // The request is drawn on its way, then a response comes back.
  await expect.poll(() => page.evaluate(() => window.__stateful?.livePackets().some((p) => p.kind === 'request')), { timeout: 5000 }).toBe(true);
  await expect.poll(() => page.evaluate(() => window.__stateful?.effects().some((e) => e.kind === 'recorded')), { timeout: 10_000 }).toBe(true);
  await expect.poll(() => page.evaluate(() => window.__stateful?.livePackets().some((p) => p.kind === 'response')), { timeout: 10_000 }).toBe(true);
  await expect.poll(() => page.evaluate(() => window.__stateful?.liveCount()), { timeout: 15_000 }).toBe(0);

  const rows = await page.evaluate(() => window.__stateful?.processTable() ?? []);
  expect(rows.filter((r) => r.kind === 'request' && r.step === 'delivered')).toHaveLength(1);
  const out = rows.find((r) => r.kind === 'response' && r.step === 'egress-check' && r.direction === 'outbound');
  expect(out?.check).toBe('connection state of web (eni-web)');
  expect(out?.result).toBe('allowed');
  expect(rows.filter((r) => r.kind === 'response' && r.step === 'delivered')).toHaveLength(1);
  const table = await page.evaluate(() => window.__stateful?.connectionTable() ?? []);
  expect(table.map((c) => [c.eniId, c.tracked])).toEqual([['eni-web', true]]);
});

test('SSH from the internet is dropped at the receiver’s security group, with the reason on the canvas', async ({ page }) => {
  await openApp(page);
  await page.evaluate(() => window.__stateful?.intents.fire({ from: 'client' as never, to: 'i-web' as never, service: 'ssh' }));
  await expect.poll(() => page.evaluate(() => window.__stateful?.effects().some((e) => e.kind === 'dropped')), { timeout: 10_000 }).toBe(true);
  const rows = await page.evaluate(() => window.__stateful?.processTable() ?? []);
  const dropped = rows.find((r) => r.step === 'dropped');
  expect(dropped?.check).toBe('security group inbound rules (web (eni-web))');
  expect(rows.some((r) => r.kind === 'response')).toBe(false);
  // The cross is drawn at the web server's group ring, not at the gateway or the subnet edge.
  const web = await nodeOnScreen(page, 'i-web');
  const mark = await page.evaluate(() => window.__stateful?.effects().find((e) => e.kind === 'dropped'));
  expect(Math.abs((mark?.x ?? 0) - web.x)).toBeLessThan(120);
  expect(Math.abs((mark?.y ?? 0) - web.y)).toBeLessThan(80);
});

test('the node views are drawn from a texture at the camera scale, redrawn when the zoom settles and when a node changes', async ({ page }) => {
  await openApp(page);
  const scale = async (): Promise<number> => page.evaluate(() => window.__stateful?.nodeCacheScale() ?? -1);
  const zoom = async (): Promise<number> => page.evaluate(() => window.__stateful?.camera()?.zoom ?? -1);
  const dpr = await page.evaluate(() => window.devicePixelRatio);
  // Twice the screen's density (see RenderEngine.followScale).
  await expect.poll(scale).toBeCloseTo(2 * (await zoom()) * dpr, 6);

  await page.getByTestId('zoom-in').click();
  await page.getByTestId('zoom-in').click();
  const zoomed = await zoom();
  await expect.poll(scale).toBeCloseTo(2 * zoomed * dpr, 6);

  // A change to a node shows at once: the texture is redrawn, not left stale. A deliberate pixel
  // check: the selection outline must appear around the card.
  const web = await nodeOnScreen(page, 'i-web');
  const clip = { x: web.x - 110, y: web.y - 50, width: 220, height: 100 };
  await page.mouse.move(5, 5);
  await frames(page);
  const before = await page.screenshot({ clip });
  await page.mouse.click(web.x, web.y);
  await page.mouse.move(5, 5);
  await frames(page, 3);
  expect(await page.evaluate(() => window.__stateful?.selection())).toEqual(['i-web']);
  const after = await page.screenshot({ clip });
  expect(before.equals(after)).toBe(false);
  expect(await scale()).toBeCloseTo(2 * zoomed * dpr, 6);
});
