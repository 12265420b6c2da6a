import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { NetworkDocument } from '../domain/document';
import type { NodeId } from '../domain/ids';
import { parseDocument } from '../domain/schema';
import { Workspace } from './workspace';

function scenario(slug: string): NetworkDocument {
  const parsed = parseDocument(JSON.parse(readFileSync(`assets/scenarios/${slug}.json`, 'utf8')));
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.document;
}

interface Frame {
  now: number;
  rows: unknown;
  connections: unknown;
  live: number;
}

function frame(ws: Workspace): Frame {
  return { now: ws.sim.now(), rows: structuredClone(ws.sim.processTable()), connections: structuredClone(ws.sim.connectionTable()), live: ws.sim.liveCount() };
}

describe('stepping back', () => {
  it('walks the classic example forward and back, with both tables as they were at every step', () => {
    const ws = new Workspace(scenario('01-classic-http-no-outbound'));
    ws.pause();
    ws.runTimeline();
    ws.pause();
    // The first step fires the timeline's items due at 0 s. A step back returns to a time, and
    // "0 s, after those items" is the earliest state a run can return to.
    ws.step();
    expect(ws.sim.now()).toBe(0);
    const forward: Frame[] = [frame(ws)];
    while (ws.step()) forward.push(frame(ws));
    expect(forward.length).toBeGreaterThan(15);
    // Every expectation of the scenario is met by the end.
    expect(ws.expectations().every((r) => r.passed)).toBe(true);

    for (let i = forward.length - 2; i >= 0; i--) {
      expect(ws.stepBack()).toBe(true);
      expect(frame(ws)).toEqual(forward[i]);
    }
    expect(ws.stepBack()).toBe(false);

    // Forward again: the same story, step for step, including the timeline's later requests.
    for (let i = 1; i < forward.length; i++) {
      expect(ws.step()).toBe(true);
      expect(frame(ws)).toEqual(forward[i]);
    }
    expect(ws.step()).toBe(false);
  });

  it('keeps requests fired by hand in the replay, and a new request after a step back starts a new story', () => {
    const ws = new Workspace(scenario('01-classic-http-no-outbound'));
    ws.pause();
    ws.fire({ from: 'client' as NodeId, to: 'i-web' as NodeId, service: 'http' });
    ws.step();
    ws.step();
    const afterTwo = frame(ws);
    ws.step();
    ws.stepBack();
    expect(frame(ws)).toEqual(afterTwo);
    ws.fire({ from: 'client' as NodeId, to: 'i-web' as NodeId, service: 'ssh' });
    while (ws.step());
    const rows = ws.sim.processTable();
    expect(rows.filter((r) => r.step === 'created' && r.kind === 'request')).toHaveLength(2);
    expect(rows.filter((r) => r.step === 'dropped')).toHaveLength(1);
    // The HTTP exchange still completed: the replay carried it past the step back.
    expect(rows.filter((r) => r.step === 'delivered').map((r) => r.kind)).toEqual(['request', 'response']);
  });

  it('replays rule changes made during the run at the time they were made', () => {
    const ws = new Workspace(scenario('01-classic-http-no-outbound'));
    ws.pause();
    ws.fire({ from: 'client' as NodeId, to: 'i-web' as NodeId, service: 'ssh' });
    while (ws.step());
    expect(ws.sim.processTable().some((r) => r.step === 'dropped')).toBe(true);
    ws.dispatch({ type: 'sg-rule.add', groupId: 'sg-web', direction: 'inbound', rule: { protocol: 'tcp', fromPort: 22, toPort: 22, peer: '203.0.113.5/32' } });
    ws.fire({ from: 'client' as NodeId, to: 'i-web' as NodeId, service: 'ssh' });
    while (ws.step());
    const done = frame(ws);
    ws.stepBack();
    ws.step();
    expect(frame(ws)).toEqual(done);
    const delivered = ws.sim.processTable().filter((r) => r.step === 'delivered');
    expect(delivered.map((r) => r.kind)).toEqual(['request', 'response']);
  });
});
