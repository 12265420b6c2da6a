/**
 * `npm run simulate -- [--json] [--check] FILE...`: runs scenario files headless and prints what
 * every packet met. `--json` prints one JSON object per packet step; `--check` exits 1 when an
 * expectation fails, naming it. No browser involved.
 */
import { readFileSync } from 'node:fs';
import type { NetworkDocument } from '../domain/document';
import { protocolLabel } from '../domain/protocol';
import { loadScenarioText } from '../io/scenarioFile';
import { checkExpectations, describeExpectation } from '../sim/expectations';
import type { SimEvent } from '../sim/events';
import { Simulation } from '../sim/simulation';
import type { ProcessRow } from '../sim/tables';

interface Options {
  json: boolean;
  check: boolean;
  files: string[];
}

const USAGE = 'usage: npm run simulate -- [--json] [--check] FILE...';

function parseArgs(argv: string[]): Options | string {
  const o: Options = { json: false, check: false, files: [] };
  for (const a of argv) {
    if (a === '--json') o.json = true;
    else if (a === '--check') o.check = true;
    else if (a === '--help' || a === '-h') return USAGE;
    else if (a.startsWith('-')) return `unknown option ${a}\n${USAGE}`;
    else o.files.push(a);
  }
  return o.files.length === 0 ? `no scenario file given\n${USAGE}` : o;
}

function table(rows: readonly ProcessRow[]): string {
  const head = ['time (s)', 'packet', 'step', 'direction', 'check', 'result', 'action', 'deciding rule'];
  const body = rows.map((r) => [
    (r.time / 1000).toFixed(3),
    `${r.packetId} ${r.kind}${r.trafficId ? ` (${r.trafficId})` : ''}`,
    r.step,
    r.direction ?? '',
    r.check,
    r.result ?? '',
    r.action,
    r.decidedBy,
  ]);
  const widths = head.map((h, i) => Math.min(60, Math.max(h.length, ...body.map((b) => (b[i] ?? '').length))));
  const fit = (s: string, w: number) => (s.length > w ? `${s.slice(0, w - 1)}…` : s.padEnd(w));
  const line = (cells: string[]) => cells.map((c, i) => fit(c, widths[i] ?? 10)).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

function jsonStep(e: Extract<SimEvent, { type: 'packet.step' }>): string {
  const s = e.step;
  const p = s.packet;
  const tracking = (s.hop?.tracking ?? s.tracking).map((t) => (t.kind === 'not-recorded' ? { effect: t.kind, why: t.why } : { effect: t.kind, eniId: t.entry.eniId, tracked: t.entry.tracked, state: t.entry.state }));
  return JSON.stringify({
    time: e.time / 1000,
    packetId: s.packetId,
    trafficId: e.trafficId,
    packet: s.kind,
    step: s.step,
    protocol: protocolLabel(p.protocol),
    source: p.src.text,
    sourcePort: p.srcPort || null,
    destination: p.dst.text,
    destinationPort: p.dstPort || null,
    verdict: s.hop ? (s.hop.verdict === 'allow' ? 'allowed' : 'dropped') : s.step === 'dropped' ? 'dropped' : s.step === 'delivered' ? 'allowed' : null,
    hop: s.hop?.hop ?? null,
    decidedBy: s.hop?.decidedBy.text ?? null,
    tracking,
  });
}

function run(doc: NetworkDocument, o: Options, out: (line: string) => void): boolean {
  const sim = new Simulation(doc);
  if (o.json) {
    sim.subscribe((e) => {
      if (e.type === 'packet.step') out(jsonStep(e));
      else if (e.type === 'traffic.error') out(JSON.stringify({ time: e.time / 1000, trafficId: e.trafficId, error: e.error }));
    });
  }
  sim.schedule(doc.traffic);
  sim.runUntilIdle();
  const rows = sim.processTable();
  const errors = sim.eventLog().filter((e): e is Extract<SimEvent, { type: 'traffic.error' }> => e.type === 'traffic.error');
  if (!o.json) {
    out(`\n${doc.name}`);
    if (doc.description) out(doc.description);
    out('');
    out(table(rows));
    const finals = rows.filter((r) => r.step === 'delivered' || r.step === 'dropped');
    const dropped = finals.filter((r) => r.step === 'dropped');
    out(`\n${finals.length} packets: ${finals.length - dropped.length} delivered, ${dropped.length} dropped`);
    for (const r of dropped) out(`  ${r.packetId} ${r.kind}${r.trafficId ? ` (${r.trafficId})` : ''} dropped at ${r.check}: ${r.explanation}`);
    for (const e of errors) out(`  traffic error${e.trafficId ? ` (${e.trafficId})` : ''}: ${e.error}`);
  }
  if (!o.check) return true;
  const results = checkExpectations(sim, doc.expectations);
  let ok = errors.length === 0;
  for (const r of results) {
    if (!r.passed) ok = false;
    if (!o.json) out(`  ${r.passed ? 'pass' : 'FAIL'}  expected ${describeExpectation(r.expectation)}${r.passed ? '' : `, but it was ${r.actual}`}`);
  }
  if (!o.json && errors.length > 0) out('  FAIL  the timeline has traffic errors (above)');
  return ok;
}

function main(argv: string[]): number {
  const o = parseArgs(argv);
  if (typeof o === 'string') {
    console.error(o);
    return o === USAGE ? 0 : 2;
  }
  let failed = 0;
  for (const file of o.files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      console.error(`${file}: can't read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      failed++;
      continue;
    }
    const loaded = loadScenarioText(text);
    if (!loaded.ok) {
      for (const err of loaded.errors) console.error(`${file}: ${err}`);
      failed++;
      continue;
    }
    if (!run(loaded.document, o, (line) => console.log(line))) {
      failed++;
      if (!o.json) console.log(`${file}: expectations failed`);
    }
  }
  if (o.check && !o.json) console.log(`\n${o.files.length - failed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

// A reader that stops early (`| head`, `| jq ... | head`) closes the pipe: that ends the output,
// it is not a failure to report with a stack trace. The status already set stands.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit();
});

process.exitCode = main(process.argv.slice(2));
