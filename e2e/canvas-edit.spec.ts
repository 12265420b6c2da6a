import { expect, test } from '@playwright/test';
import { drag, frames, nodeOnScreen, openApp } from './support';

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 900 });
  await openApp(page);
});

test('a marquee selects the two internet hosts; Delete removes them; undo brings them back', async ({ page }) => {
  const laptop = await nodeOnScreen(page, 'client');
  const api = await nodeOnScreen(page, 'api');
  await drag(page, { x: laptop.x - 110, y: laptop.y - 50 }, { x: api.x + 110, y: api.y + 40 });
  expect((await page.evaluate(() => window.__stateful?.selection()))?.sort()).toEqual(['api', 'client']);
  await page.keyboard.press('Delete');
  expect(await page.evaluate(() => window.__stateful?.document()?.externalHosts.length)).toBe(0);
  // Traffic that named them went with them.
  expect(await page.evaluate(() => window.__stateful?.document()?.traffic.length)).toBe(0);
  await page.keyboard.press('Control+z');
  expect(await page.evaluate(() => window.__stateful?.document()?.externalHosts.map((h) => h.id))).toEqual(['client', 'api']);
});

test('shift-click adds to the selection and Ctrl+D duplicates the instance with the next free address', async ({ page }) => {
  const web = await nodeOnScreen(page, 'i-web');
  await page.mouse.click(web.x, web.y);
  const laptop = await nodeOnScreen(page, 'client');
  await page.keyboard.down('Shift');
  await page.mouse.click(laptop.x, laptop.y);
  await page.keyboard.up('Shift');
  expect((await page.evaluate(() => window.__stateful?.selection()))?.sort()).toEqual(['client', 'i-web']);
  // A plain click on a node already selected keeps the selection (it may start a drag of both).
  await page.mouse.click(web.x, web.y);
  expect((await page.evaluate(() => window.__stateful?.selection()))?.sort()).toEqual(['client', 'i-web']);
  await page.keyboard.press('Escape');
  await page.mouse.click(web.x, web.y);
  await page.keyboard.press('Control+d');
  const instances = await page.evaluate(() => window.__stateful?.document()?.instances ?? []);
  expect(instances).toHaveLength(2);
  const copy = instances[1];
  expect(copy?.enis[0]?.subnetId).toBe('subnet-public');
  expect(copy?.enis[0]?.privateIp).not.toBe('10.0.1.10');
  expect(copy?.enis[0]?.securityGroupIds).toEqual(['sg-web']);
  expect(await page.evaluate(() => window.__stateful?.selection())).toEqual([copy?.id]);
});

test('a sixth security group is refused with a message that says why', async ({ page }) => {
  const ids = await page.evaluate(() => {
    const hook = window.__stateful;
    if (!hook) return [];
    const made: string[] = [];
    for (const name of ['a', 'b', 'c', 'd', 'e']) {
      const r = hook.intents.dispatch({ type: 'group.create', vpcId: 'vpc-main', name });
      if (r.ok) made.push(...r.created);
    }
    for (const id of made.slice(0, 4)) hook.intents.dispatch({ type: 'group.attach', target: 'i-web', groupId: id });
    return made;
  });
  expect(ids).toHaveLength(5);
  await page.getByTestId('tab-groups').click();
  const web = await nodeOnScreen(page, 'i-web');
  const box = await page.getByTestId('canvas-host').boundingBox();
  if (!box) throw new Error('no host');
  await page.dragAndDrop(`[data-testid="group-chip-${ids[4]}"]`, '[data-testid="canvas-host"]', { targetPosition: { x: web.x - box.x, y: web.y - box.y } });
  await expect(page.getByTestId('message')).toContainText('at most 5 security groups');
  expect(await page.evaluate(() => window.__stateful?.document()?.instances[0]?.enis[0]?.securityGroupIds.length)).toBe(5);
});

test('tooltips explain an instance, a packet in flight and the security group checkpoint', async ({ page }) => {
  const web = await nodeOnScreen(page, 'i-web');
  await page.mouse.move(web.x + 10, web.y + 5);
  await expect(page.getByTestId('tooltip')).toContainText('10.0.1.10');
  await expect(page.getByTestId('tooltip')).toContainText('Tracked connections: 0');

  await page.evaluate(() => {
    window.__stateful?.intents.pause();
    window.__stateful?.intents.fire({ from: 'client' as never, to: 'i-web' as never, service: 'http' });
    // Created and sent at once (a client has no checks of its own), then one step: it arrives
    // at the gateway and is being checked there.
    window.__stateful?.intents.step();
  });
  await frames(page, 3);
  const packets = await page.evaluate(() => window.__stateful?.livePackets() ?? []);
  const p = packets[0];
  if (!p) throw new Error('no packet drawn');
  await page.mouse.move(p.x, p.y);
  await expect(page.getByTestId('tooltip')).toContainText('Request');
  await expect(page.getByTestId('tooltip')).toContainText('TCP 203.0.113.5:');
  expect(p.step).toBe('ingress-check');
  await expect(page.getByTestId('tooltip')).toContainText('Step: being checked on the way in');

  // Through the subnet's edge and the group: the ring around the card then names the decision.
  await page.evaluate(() => {
    for (let i = 0; i < 3; i++) window.__stateful?.intents.step();
  });
  // Just outside the card's left edge (156 wide), on the ring, at the canvas's zoom.
  const zoom = (await page.evaluate(() => window.__stateful?.camera()?.zoom)) ?? 1;
  await page.mouse.move(web.x - (78 + 3) * zoom, web.y);
  await expect(page.getByTestId('tooltip')).toContainText('Security groups of web (stateful)');
  await expect(page.getByTestId('tooltip')).toContainText('Last packet: allowed (sg-ingress)');
  await expect(page.getByTestId('tooltip')).toContainText('Decided by:');
});

test('pause freezes the clock; step moves one lifecycle step at a time', async ({ page }) => {
  await page.getByTestId('play-pause').click();
  expect(await page.evaluate(() => window.__stateful?.playback().playing)).toBe(false);
  await page.evaluate(() => window.__stateful?.intents.fire({ from: 'client' as never, to: 'i-web' as never, service: 'http' }));
  const t0 = await page.evaluate(() => window.__stateful?.simTime());
  await frames(page, 10);
  expect(await page.evaluate(() => window.__stateful?.simTime())).toBe(t0);
  const rows0 = await page.evaluate(() => window.__stateful?.processTable().length ?? 0);
  await page.getByTestId('step').click();
  await expect.poll(() => page.evaluate(() => window.__stateful?.processTable().length ?? 0)).toBeGreaterThan(rows0);
  expect(await page.evaluate(() => window.__stateful?.simTime())).toBeGreaterThan(t0 ?? 0);
  await page.keyboard.press('k');
  expect(await page.evaluate(() => window.__stateful?.playback().playing)).toBe(true);
});
