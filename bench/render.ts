/**
 * Benchmark 4: script time per frame of the app's canvas with 300 nodes and 5,000 packets in
 * flight (bench/render/app.html), against a bare PixiJS page that moves 5,000 sprites
 * (bench/render/bare.html), both in one headless Chromium. Chromium draws in software here, so
 * frames per second say more about SwiftShader than about our code: the figure is the main
 * thread's script time per frame (see bench/render/measure.ts), and the pages alternate, so that a
 * busy neighbour on the shared cores slows both alike.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright';
import { createServer, type ViteDevServer } from 'vite';
import { SPRITES } from './render/shared';
import { fmt, median, percentile, type BenchReport, type Figure } from './stats';

const PORT = 5175;
const ORIGIN = `http://127.0.0.1:${PORT}`;
/** `RENDER_ROUNDS=1 npm run bench -- render` gives a quick reading while working; the figures use 3. */
const ROUNDS = Number(process.env.RENDER_ROUNDS ?? 3);
/**
 * Software WebGL draws the app page one to three times a second at 1600x900 on two shared cores,
 * so 3 x 60 frames per page already take two to three minutes.
 */
const FRAMES_PER_ROUND = 60;
const WARM_MS = 2000;
export const TARGET_RATIO = 1.5;
const MIN_LIVE = 4500;
const NODES = 300;

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');

type PageName = 'bare' | 'app';

interface Sample {
  frames: number[];
  intervals: number[];
  series: Record<string, number[]>;
  info: Record<string, number | string>;
}

function chromiumPath(): string | undefined {
  return process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
}

async function startServer(): Promise<ViteDevServer> {
  const server = await createServer({
    root,
    configFile: path.join(root, 'vite.config.ts'),
    // Its own dependency cache: a dev server of another session (npm start, the e2e suite) may be
    // optimising into the default one at the same moment.
    cacheDir: path.join(root, 'node_modules/.vite-bench'),
    logLevel: 'warn',
    clearScreen: false,
    server: {
      port: PORT, strictPort: true, host: '127.0.0.1', open: false, hmr: false,
      // Cross-origin isolation: Chromium then gives performance.now() 5 us steps instead of 100 us,
      // which matters for the bare page's frames of well under a millisecond.
      headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
    },
  });
  await server.listen();
  return server;
}

async function openPage(browser: Browser, name: PageName): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 }, deviceScaleFactor: 1 });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${ORIGIN}/bench/render/${name}.html`);
  await page.waitForFunction(() => window.__bench?.ready || window.__bench?.error, undefined, { timeout: 120_000, polling: 100 });
  const error = await page.evaluate(() => window.__bench.error);
  if (error || errors.length > 0) throw new Error(`${name} page failed: ${error ?? errors.join('; ')}`);
  return page;
}

async function measure(browser: Browser, name: PageName, frames: number): Promise<Sample> {
  const page = await openPage(browser, name);
  try {
    await page.waitForTimeout(WARM_MS);
    await page.evaluate(() => {
      window.__bench.recording = true;
    });
    await page.waitForFunction((n) => window.__bench.frames.length >= n || window.__bench.error, frames, { timeout: 180_000, polling: 250 });
    const s = await page.evaluate((n) => {
      const b = window.__bench;
      b.recording = false;
      const series: Record<string, number[]> = {};
      for (const [k, v] of Object.entries(b.series)) series[k] = v.slice(0, n);
      return { error: b.error, frames: b.frames.slice(0, n), intervals: b.intervals.slice(0, n), series, info: b.info };
    }, frames);
    if (s.error) throw new Error(`${name} page failed: ${s.error}`);
    return s;
  } finally {
    await page.close();
  }
}

function merge(samples: readonly Sample[]): Sample {
  const out: Sample = { frames: [], intervals: [], series: {}, info: samples[0]?.info ?? {} };
  for (const s of samples) {
    out.frames.push(...s.frames);
    out.intervals.push(...s.intervals);
    for (const [k, v] of Object.entries(s.series)) (out.series[k] ??= []).push(...v);
  }
  return out;
}

export async function renderBench(): Promise<BenchReport> {
  let server: ViteDevServer | null = null;
  let browser: Browser | null = null;
  try {
    server = await startServer();
    browser = await chromium.launch({
      executablePath: chromiumPath(),
      // As in playwright.config.ts: Playwright adds --enable-unsafe-swiftshader; --use-gl=angle would lose WebGL.
      args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    // One throw-away load of each page: Vite transforms the modules and pre-bundles Pixi on first request.
    for (const name of ['bare', 'app'] as const) await (await openPage(browser, name)).close();
    const runs: Record<PageName, Sample[]> = { bare: [], app: [] };
    for (let r = 0; r < ROUNDS; r++) {
      // Alternating which goes first keeps a slow start or end of the run from landing on one page.
      const order: PageName[] = r % 2 === 0 ? ['bare', 'app'] : ['app', 'bare'];
      for (const name of order) runs[name].push(await measure(browser, name, FRAMES_PER_ROUND));
    }
    return report(runs);
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
  }
}

function report(runs: Record<PageName, Sample[]>): BenchReport {
  const bare = merge(runs.bare);
  const app = merge(runs.app);
  const ms = (v: number): string => `${v.toFixed(2)} ms`;
  const mp = (v: readonly number[]): string => `median ${ms(median(v))}, p95 ${ms(percentile(v, 0.95))}`;
  // Means, unlike medians, add up: the breakdown of the app's frame is given in both.
  const mean = (v: readonly number[]): string => ms(v.reduce((a, b) => a + b, 0) / Math.max(1, v.length));
  const mpm = (v: readonly number[]): string => `${mp(v)}, mean ${mean(v)}`;
  const appMed = median(app.frames);
  const bareMed = median(bare.frames);
  const appP95 = percentile(app.frames, 0.95);
  const bareP95 = percentile(bare.frames, 0.95);
  const ratio = appMed / bareMed;
  const ratioP95 = appP95 / bareP95;
  const live = app.series.live ?? [];
  const minLive = live.length > 0 ? Math.min(...live) : 0;
  const nodes = Number(app.info.nodes ?? 0);
  const fps = (s: Sample): string => fmt(1000 / median(s.intervals.filter((v) => Number.isFinite(v))), 1);
  const rest = app.frames.map((f, i) => f - (app.series.fire?.[i] ?? 0) - (app.series.engine?.[i] ?? 0));
  const engineOnly = (app.series.engine ?? []).map((e, i) => e - (app.series.tick?.[i] ?? 0));
  const canvasMed = median(app.frames.map((f, i) => f - (app.series.fire?.[i] ?? 0) - (app.series.tick?.[i] ?? 0)));
  const figures: Figure[] = [
    {
      bench: 'render', name: 'app/bare script per frame, median', value: `${ratio.toFixed(2)}x (app ${ms(appMed)})`,
      baseline: `bare ${fmt(SPRITES)} sprites ${ms(bareMed)}`, target: `<= ${TARGET_RATIO}x`, pass: ratio <= TARGET_RATIO,
    },
    { bench: 'render', name: 'app/bare script per frame, p95', value: `${ratioP95.toFixed(2)}x (app ${ms(appP95)})`, baseline: `bare ${ms(bareP95)}`, target: 'info', pass: null },
    {
      // The app's frame without the simulation's share (firing and workspace.tick, which benchmark 2
      // budgets on its own): what the canvas adds to drawing 5,000 sprites.
      bench: 'render', name: 'canvas part of the app frame / bare, median', value: `${(canvasMed / bareMed).toFixed(2)}x (canvas ${ms(canvasMed)})`,
      baseline: `bare ${ms(bareMed)}`, target: 'info', pass: null,
    },
    { bench: 'render', name: 'live packets during the app run, min', value: fmt(minLive), baseline: `median ${fmt(median(live))}`, target: `>= ${fmt(MIN_LIVE)}`, pass: minLive >= MIN_LIVE },
    { bench: 'render', name: 'nodes on the app canvas', value: fmt(nodes), baseline: '-', target: fmt(NODES), pass: nodes === NODES },
  ];
  const perRound = runs.app.map((a, i) => {
    const b = runs.bare[i] as Sample;
    return `${(median(a.frames) / median(b.frames)).toFixed(2)}x (${ms(median(a.frames))} / ${ms(median(b.frames))})`;
  });
  return {
    bench: 'render',
    figures,
    notes: [
      `${ROUNDS} rounds of ${FRAMES_PER_ROUND} frames per page after ${WARM_MS / 1000} s of warm-up, 1600x900 at DPR 1, renderer ${app.info.renderer} / ${bare.info.renderer}, cross-origin isolated ${app.info.isolated} / ${bare.info.isolated}`,
      `app: ${mp(app.frames)}; ${fps(app)} frames/s; ${fmt(median(app.series.fired ?? []), 1)} requests fired per frame (median; each frame ticks the workspace by one 60 Hz frame), ${fmt(Number(app.info.filled ?? 0))} fired to fill, lifecycle ${fmt(Number(app.info.lifecycleMs ?? 0), 1)} simulated ms`,
      `  app frame mean ${mean(app.frames)} = fire ${mpm(app.series.fire ?? [])}; workspace.tick ${mpm(app.series.tick ?? [])}; rest of the engine's frame ${mpm(engineOnly)}; app.render() and the rest ${mpm(rest)}`,
      `bare: ${mp(bare.frames)}; ${fps(bare)} frames/s`,
      `ratio per round (app / bare medians): ${perRound.join(', ')}`,
    ],
  };
}
