import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { frames, openApp } from './support';

/**
 * The front-page pictures: the classic exchange at three moments, in both themes, at device
 * pixel ratios 1 and 2. Each moment is reached by stepping the paused simulation, so every run
 * draws the same picture; the assertions say what the picture must show.
 */
mkdirSync('docs/screenshots', { recursive: true });

/** Moves a little into the current step, so a checked packet sits at its checkpoint. */
async function settleIntoCheck(page: Page): Promise<void> {
  await page.evaluate(() => {
    const t = window.__stateful?.timing();
    if (t) window.__stateful?.intents.jump(t.checkMs * 0.8);
  });
  await frames(page, 3);
}

for (const theme of ['light', 'dark'] as const) {
  for (const dpr of [1, 2]) {
    test.describe(`${theme}, DPR ${dpr}`, () => {
      test.use({ deviceScaleFactor: dpr, viewport: { width: 1440, height: 860 } });

      test(`the classic exchange, ${theme} at DPR ${dpr}`, async ({ page }) => {
        // Software rendering of a 2880 x 1720 page is slow on two cores.
        test.setTimeout(90_000);
        await openApp(page, { theme });
        expect(await page.evaluate(() => window.__stateful?.theme())).toBe(theme);
        await page.evaluate(() => {
          window.__stateful?.intents.pause();
          window.__stateful?.intents.fire({ from: 'client' as never, to: 'i-web' as never, service: 'http' });
        });
        // 1. The request being checked by the web server's security group.
        await page.evaluate(() => {
          const hook = window.__stateful;
          if (!hook) return;
          for (let i = 0; i < 40 && !hook.processTable().some((r) => r.step === 'ingress-check' && r.check.startsWith('security group')); i++) hook.intents.step();
        });
        await settleIntoCheck(page);
        const checking = await page.evaluate(() => window.__stateful?.livePackets() ?? []);
        expect(checking.map((p) => [p.kind, p.step, p.checks])).toEqual([['request', 'ingress-check', 3]]);
        await page.screenshot({ path: `docs/screenshots/canvas-request-checked-${theme}-dpr${dpr}.png` });

        // 2. The response leaving through the group because of the tracked connection: stepped
        // until its next check (the subnet's NACL), so the group's verdict shows on the ring.
        await page.evaluate(() => {
          const hook = window.__stateful;
          const reached = (): boolean => hook?.processTable().some((r) => r.kind === 'response' && r.check.startsWith('network ACL outbound')) ?? true;
          for (let i = 0; i < 40 && hook && !reached(); i++) hook.intents.step();
        });
        await settleIntoCheck(page);
        const rows = await page.evaluate(() => window.__stateful?.processTable() ?? []);
        expect(rows.find((r) => r.kind === 'response' && r.step === 'egress-check')?.check).toBe('connection state of web (eni-web)');
        expect(await page.evaluate(() => window.__stateful?.effects().some((e) => e.kind === 'allowed'))).toBe(true);
        const response = await page.evaluate(() => window.__stateful?.livePackets().find((p) => p.kind === 'response'));
        expect(response?.step).toBe('egress-check');
        await page.screenshot({ path: `docs/screenshots/canvas-response-tracked-${theme}-dpr${dpr}.png` });

        // 3. SSH dropped at the web server's group, with the reason.
        await page.evaluate(() => {
          const hook = window.__stateful;
          for (let i = 0; i < 40 && hook && hook.liveCount() > 0; i++) hook.intents.step();
          hook?.intents.fire({ from: 'client' as never, to: 'i-web' as never, service: 'ssh' });
          for (let i = 0; i < 40 && hook && hook.liveCount() > 0; i++) hook.intents.step();
        });
        await frames(page, 3);
        expect(await page.evaluate(() => window.__stateful?.effects().some((e) => e.kind === 'dropped'))).toBe(true);
        await page.screenshot({ path: `docs/screenshots/canvas-ssh-dropped-${theme}-dpr${dpr}.png` });
      });
    });
  }
}
