import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { NetworkDocument } from '../domain/document';
import type { NodeId } from '../domain/ids';
import { parseDocument } from '../domain/schema';
import { IDLE_SKIP_MS, SLOW_MOTION, Workspace } from './workspace';

function classic(): NetworkDocument {
  const parsed = parseDocument(JSON.parse(readFileSync('assets/scenarios/01-classic-http-no-outbound.json', 'utf8')));
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.document;
}

const CLIENT = 'client' as NodeId;
const WEB = 'i-web' as NodeId;

describe('Workspace playback', () => {
  it('advances simulated time by real time, slowed down and scaled by the speed', () => {
    const ws = new Workspace(classic());
    ws.fire({ from: CLIENT, to: WEB, service: 'http' });
    ws.tick(16);
    expect(ws.sim.now()).toBeCloseTo(16 / SLOW_MOTION, 9);
    ws.setSpeed(10);
    ws.tick(16);
    expect(ws.sim.now()).toBeCloseTo(16 / SLOW_MOTION + 160 / SLOW_MOTION, 9);
  });

  it('freezes while paused, and a step moves to the next scheduled step of a packet', () => {
    const ws = new Workspace(classic());
    ws.fire({ from: CLIENT, to: WEB, service: 'http' });
    ws.pause();
    ws.tick(500);
    expect(ws.sim.now()).toBe(0);
    const before = ws.sim.processTable().length;
    expect(ws.step()).toBe(true);
    expect(ws.sim.now()).toBeGreaterThan(0);
    expect(ws.sim.processTable().length).toBeGreaterThan(before);
    expect(ws.snapshot.playing).toBe(false);
  });

  it('steps a whole exchange to its end and then reports nothing left to step', () => {
    const ws = new Workspace(classic());
    ws.fire({ from: CLIENT, to: WEB, service: 'http' });
    let steps = 0;
    while (ws.step()) steps++;
    expect(steps).toBeGreaterThan(5);
    expect(ws.sim.liveCount()).toBe(0);
    const kinds = ws.sim.processTable().filter((r) => r.step === 'delivered').map((r) => r.kind);
    expect(kinds).toEqual(['request', 'response']);
  });

  it('clamps a long stall to one short frame instead of fast-forwarding the story', () => {
    const ws = new Workspace(classic());
    ws.fire({ from: CLIENT, to: WEB, service: 'http' });
    ws.tick(60_000);
    expect(ws.sim.now()).toBeCloseTo(100 / SLOW_MOTION, 9);
  });

  it('skips an idle gap of the timeline after a moment of nothing happening', () => {
    const ws = new Workspace(classic());
    ws.runTimeline();
    // The first exchange runs out, then nothing moves until the next item at 1 s of simulated
    // time, which at 1x would be 50 s of real time away.
    let realMs = 0;
    let exchangeOver = Number.NaN;
    while (ws.sim.now() < 1000 && realMs < SLOW_MOTION * 1000) {
      ws.tick(16);
      realMs += 16;
      if (Number.isNaN(exchangeOver) && ws.sim.liveCount() === 0) exchangeOver = ws.sim.now();
    }
    expect(ws.sim.now()).toBeGreaterThanOrEqual(1000);
    expect(exchangeOver).toBeLessThan(200);
    // Real time spent: the exchange in slow motion, then one idle pause, then the jump.
    expect(realMs).toBeLessThan(exchangeOver * SLOW_MOTION + IDLE_SKIP_MS + 100);
  });

  it('applies edits to the running simulation and keeps undo free of runs', () => {
    const ws = new Workspace(classic());
    ws.fire({ from: CLIENT, to: WEB, service: 'http' });
    while (ws.step());
    expect(ws.store.canUndo).toBe(false);
    const r = ws.dispatch({ type: 'sg-rule.add', groupId: 'sg-web', direction: 'inbound', rule: { protocol: 'tcp', fromPort: 22, toPort: 22, peer: '0.0.0.0/0' } });
    expect(r.ok).toBe(true);
    expect(ws.sim.document).toBe(ws.document);
    ws.fire({ from: CLIENT, to: WEB, service: 'ssh' });
    while (ws.step());
    expect(ws.sim.processTable().some((row) => row.step === 'dropped')).toBe(false);
    ws.undo();
    expect(ws.sim.document).toBe(ws.document);
  });

  it('forgets selected nodes that an edit deleted', () => {
    const ws = new Workspace(classic());
    ws.select(['i-web', 'client']);
    expect(ws.dispatch({ type: 'nodes.delete', ids: ['client'] }).ok).toBe(true);
    expect([...ws.snapshot.selection]).toEqual(['i-web']);
  });

  it('loads another document on a fresh run', () => {
    const ws = new Workspace(classic());
    ws.fire({ from: CLIENT, to: WEB, service: 'http' });
    while (ws.step());
    const other = { ...classic(), name: 'Another' };
    expect(ws.load(other).ok).toBe(true);
    expect(ws.document.name).toBe('Another');
    expect(ws.sim.now()).toBe(0);
    expect(ws.sim.processTable()).toHaveLength(0);
  });

  it('remembers the last decision of each checkpoint for its tooltip', () => {
    const ws = new Workspace(classic());
    ws.fire({ from: CLIENT, to: WEB, service: 'ssh' });
    while (ws.step());
    expect(ws.lastDecision('eni-web')).toMatchObject({ hop: 'sg-ingress', verdict: 'drop' });
  });
});
