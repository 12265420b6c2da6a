/**
 * `npm run bench`: runs each benchmark in its own Node process (a clean heap for the soak, no JIT
 * state shared between them, `--expose-gc` for the heap figures), prints one table of figures
 * against their baselines and targets, and exits non-zero if any target is missed.
 *
 *   npm run bench                 all four
 *   npm run bench -- evaluator    only some: evaluator, frame, soak, render
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluatorBench } from './evaluator';
import { frameBench } from './frame';
import { soakBench } from './soak';
import type { BenchReport, Figure } from './stats';

const BENCHES: Record<string, () => BenchReport | Promise<BenchReport>> = {
  evaluator: evaluatorBench,
  frame: frameBench,
  soak: soakBench,
  // Loaded only in its own child: Vite and Playwright are heavy to import for the other three.
  render: async () => (await import('./render')).renderBench(),
};
const MARK = '@@bench-report ';
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');

async function child(name: string): Promise<void> {
  const run = BENCHES[name];
  if (!run) throw new Error(`unknown benchmark ${name}`);
  process.stdout.write(`${MARK}${JSON.stringify(await run())}\n`);
}

function spawnBench(name: string): { report: BenchReport | null; error: string | null; seconds: number } {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(here, 'run.ts'), '--child', name], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  const seconds = (Date.now() - t0) / 1000;
  const line = r.stdout.split('\n').find((l) => l.startsWith(MARK));
  if (r.status !== 0 || !line) {
    const why = (r.stderr || r.stdout || `exit ${r.status}`).split('\n').filter((l) => l.trim() && !l.includes('Unknown user config')).slice(-6).join('\n');
    return { report: null, error: why, seconds };
  }
  return { report: JSON.parse(line.slice(MARK.length)) as BenchReport, error: null, seconds };
}

function table(figures: readonly Figure[]): string {
  const head = ['bench', 'figure', 'value', 'baseline (same run)', 'target', 'result'];
  const rows = figures.map((f) => [f.bench, f.name, f.value, f.baseline, f.target, f.pass === null ? 'info' : f.pass ? 'PASS' : 'FAIL']);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i] as number)).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function main(): void {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    child(args[1] ?? '').catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
    return;
  }
  const names = args.length > 0 ? args : Object.keys(BENCHES);
  const unknown = names.filter((n) => !BENCHES[n]);
  if (unknown.length > 0) {
    console.error(`unknown benchmark(s): ${unknown.join(', ')}; choose from ${Object.keys(BENCHES).join(', ')}`);
    process.exit(2);
  }
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`Stateful benchmarks — Node ${process.version}, ${os.cpus().length} cores (${cpu}), load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const figures: Figure[] = [];
  let failed = false;
  for (const name of names) {
    process.stdout.write(`\n[${name}] running...`);
    const r = spawnBench(name);
    process.stdout.write(` ${r.seconds.toFixed(1)} s\n`);
    if (!r.report) {
      failed = true;
      console.log(`  FAILED to complete:\n${r.error ?? ''}`.replace(/\n/g, '\n    '));
      figures.push({ bench: name, name: 'benchmark completed', value: 'no', baseline: '-', target: 'yes', pass: false });
      continue;
    }
    for (const note of r.report.notes) console.log(`  ${note}`);
    figures.push(...r.report.figures);
  }
  console.log(`\n${table(figures)}`);
  const missed = figures.filter((f) => f.pass === false);
  if (missed.length > 0 || failed) {
    console.log(`\n${missed.length} target(s) missed: ${missed.map((f) => `${f.bench}: ${f.name}`).join('; ')}`);
    process.exit(1);
  }
  console.log('\nall targets met');
}

main();
