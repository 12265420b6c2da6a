import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import type { NetworkDocument } from '../src/domain/document';
import { badFiles } from '../src/io/mistakes.fixture';
import { drag, nodeOnScreen, openApp } from './support';

/**
 * Keeping work: autosave survives a reload in the middle of an edit, a bad file is refused with
 * every field's message and changes nothing, save and open round-trip, and a share link opens
 * as a copy without touching the autosaved work.
 */
test.beforeEach(async ({ page }) => {
  // Every test here starts the app at least twice (a reload, a second tab): on two cores with
  // software WebGL each start can take several seconds.
  test.slow();
  await page.setViewportSize({ width: 1600, height: 900 });
});

function doc(page: Page): Promise<NetworkDocument | null> {
  return page.evaluate(() => window.__stateful?.document() ?? null);
}

/** The autosave record as stored, read straight from IndexedDB (only once the app has opened it). */
function autosaved(page: Page): Promise<{ name: string } | null> {
  return page.evaluate(
    () =>
      new Promise<{ name: string } | null>((resolve, reject) => {
        const open = indexedDB.open('stateful');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const get = db.transaction('autosave').objectStore('autosave').get('current');
          get.onsuccess = () => {
            resolve((get.result as { name: string } | undefined) ?? null);
            db.close();
          };
          get.onerror = () => reject(get.error);
        };
      }),
  );
}

/** Waits for the app after a reload or a navigation: restored document drawn. */
async function appReady(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__stateful?.renderer() != null && window.__stateful.nodeOnScreen('i-web') != null);
}

async function openFile(page: Page, name: string, text: string): Promise<void> {
  await page.getByTestId('file-input').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

test('a reload in the middle of an edit loses nothing', async ({ page }) => {
  await openApp(page);
  // A real drag (many pointer moves, one gesture)...
  const from = await nodeOnScreen(page, 'client');
  await drag(page, from, { x: from.x - 150, y: from.y + 60 });
  // ...then a rename and the reload in the same task: no autosave timer can have fired in
  // between, so only the write on the way out (pagehide) can keep the rename.
  const before = await page.evaluate(() => {
    const hook = window.__stateful;
    const r = hook?.intents.dispatch({ type: 'node.rename', id: 'i-web', name: 'web, renamed just before the reload' });
    if (!r?.ok) throw new Error('rename refused');
    const d = hook?.document() ?? null;
    // Gone once the page has really reloaded, so the checks below cannot read the old page.
    Object.assign(window, { beforeReload: true });
    location.reload();
    return d;
  });
  expect(before?.instances[0]?.name).toBe('web, renamed just before the reload');
  expect(before?.layout['client']).not.toEqual({ x: 380, y: -20 });
  await page.waitForFunction(() => !('beforeReload' in window));
  await appReady(page);
  expect(await doc(page)).toEqual(before);
  // The restored document is where the person left off, not an edit to undo.
  expect(await page.evaluate(() => window.__stateful?.canUndo())).toBe(false);
  await expect(page.getByTestId('share-banner')).toHaveCount(0);
});

test('a file with ten kinds of mistakes is refused with each field named, and nothing changes', async ({ page }) => {
  await openApp(page);
  const before = await doc(page);
  const files = badFiles();
  expect(files.flatMap((f) => f.mistakes)).toHaveLength(10);
  for (const file of files) {
    await openFile(page, file.name, file.text);
    const dialog = page.getByTestId('file-errors');
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText(`“${file.name}” was not opened`);
    await expect(dialog).toContainText('Nothing was changed');
    const items = (await dialog.getByTestId('file-errors-item').allTextContents()).map((t) => t.trim());
    for (const m of file.mistakes) expect(items, m.kind).toContain(m.message);
    expect(items).toHaveLength(file.mistakes.length);
    if (file.mistakes.length === 5) {
      await dialog.screenshot({ path: 'docs/screenshots/file-errors.png' });
    }
    await page.getByTestId('file-errors-close').click();
    await expect(dialog).toBeHidden();
    expect(await doc(page)).toEqual(before);
    expect(await page.evaluate(() => window.__stateful?.canUndo())).toBe(false);
  }
  // Not JSON at all: one message, still nothing changed.
  await openFile(page, 'notes.txt', 'this is not a scenario');
  await expect(page.getByTestId('file-errors-item')).toHaveText([/^the file is not valid JSON: /]);
  await page.keyboard.press('Escape');
  expect(await doc(page)).toEqual(before);
});

test('save then open gives the same document back', async ({ page }) => {
  await openApp(page);
  await page.evaluate(() => {
    window.__stateful?.intents.dispatch({ type: 'nodes.move', ids: ['i-web'], dx: 48, dy: -24 });
    window.__stateful?.intents.dispatch({ type: 'node.rename', id: 'client', name: 'Café laptop' });
  });
  const edited = await doc(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('file-save').click()]);
  expect(download.suggestedFilename()).toBe('classic-http-in-no-outbound-rule.stateful.json');
  const path = await download.path();
  const text = readFileSync(path, 'utf8');
  expect(JSON.parse(text)).toMatchObject({ version: 1, name: edited?.name });

  // Something else on screen, then open the saved file.
  await page.getByTestId('scenario-select').selectOption('02-ssh-from-one-address');
  expect((await doc(page))?.name).not.toBe(edited?.name);
  await openFile(page, download.suggestedFilename(), text);
  await expect.poll(() => doc(page)).toEqual(edited);
  await expect(page.getByTestId('file-errors')).toBeHidden();
  // Opening a file is one edit: undo brings back what was there.
  await page.evaluate(() => window.__stateful?.intents.undo());
  expect((await doc(page))?.name).not.toBe(edited?.name);
});

test('a share link opens as a copy, and the autosaved work is still there after "Back to my work"', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openApp(page);
  const rename = (name: string) => page.evaluate((n) => window.__stateful?.intents.dispatch({ type: 'node.rename', id: 'i-web', name: n }), name);
  await rename('shared web server');
  const shared = await doc(page);
  await page.getByTestId('share-copy').click();
  const link = await page.getByTestId('share-link').inputValue();
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#doc=[A-Za-z0-9_-]+$/);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('share-popover')).toHaveCount(0);

  // The person's own work moves on after the link was made.
  await rename('my own web server');
  const mine = await doc(page);
  await expect.poll(async () => (await autosaved(page))?.name).toBe(mine?.name);
  await expect.poll(async () => JSON.stringify(await autosaved(page))).toContain('my own web server');
  // The link is opened later, in a new tab; two software-rendered canvases at once would only be slow.
  await page.close();

  const other = await context.newPage();
  await other.setViewportSize({ width: 1600, height: 900 });
  await other.goto(link);
  await appReady(other);
  await expect(other.getByTestId('share-banner')).toContainText('Opened from a link. Your autosaved work is kept');
  expect(await doc(other)).toEqual(shared);
  expect(await other.evaluate(() => window.__stateful?.canUndo())).toBe(false);
  // Looking is not editing: the autosave still holds the person's own work.
  await other.waitForTimeout(600);
  expect(JSON.stringify(await autosaved(other))).toContain('my own web server');

  await other.getByTestId('share-back').click();
  await expect(other.getByTestId('share-banner')).toHaveCount(0);
  expect(await doc(other)).toEqual(mine);
  expect(await other.evaluate(() => location.hash)).toBe('');
  await other.reload();
  await appReady(other);
  expect(await doc(other)).toEqual(mine);
  await other.close();
});

test('"Keep this one" makes the linked document the autosaved work', async ({ page, context }) => {
  await openApp(page);
  await page.evaluate(() => window.__stateful?.intents.dispatch({ type: 'node.rename', id: 'i-web', name: 'linked' }));
  const linked = await doc(page);
  await page.getByTestId('share-copy').click();
  const link = await page.getByTestId('share-link').inputValue();
  await page.evaluate(() => window.__stateful?.intents.dispatch({ type: 'node.rename', id: 'i-web', name: 'mine' }));
  await expect.poll(async () => JSON.stringify(await autosaved(page))).toContain('"mine"');
  await page.close();

  const other = await context.newPage();
  await other.setViewportSize({ width: 1600, height: 900 });
  await other.goto(link);
  await appReady(other);
  await other.getByTestId('share-keep').click();
  await expect(other.getByTestId('share-banner')).toHaveCount(0);
  await expect.poll(async () => JSON.stringify(await autosaved(other))).toContain('"linked"');
  await other.reload();
  await appReady(other);
  expect(await doc(other)).toEqual(linked);
  await other.close();
});

test('a damaged share link is refused with a message, and the autosaved work shows', async ({ page }) => {
  await openApp(page);
  await page.evaluate(() => window.__stateful?.intents.dispatch({ type: 'node.rename', id: 'i-web', name: 'still mine' }));
  const mine = await doc(page);
  await expect.poll(async () => JSON.stringify(await autosaved(page))).toContain('still mine');
  await page.goto('/#doc=AAAAthis-is-not-a-document');
  await appReady(page);
  await expect(page.getByTestId('link-errors')).toBeVisible();
  await expect(page.getByTestId('link-errors-item').first()).toHaveText(/^the share link is damaged: /);
  expect(await doc(page)).toEqual(mine);
});
