/**
 * The simulation through its public API only: documents in, timelines scheduled, the clock stepped,
 * and what comes out read from outcomes, the process table, the connection table, the event log
 * and the registry of live packets.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { NetworkDocument, ServiceName, TrafficItem } from '../domain/document';
import type { NodeId } from '../domain/ids';
import type { SimEvent } from './events';
import type { StepName } from './packetMachine';
import { Simulation } from './simulation';
import type { ProcessRow } from './tables';
import {
  APP,
  CLIENT,
  DB,
  ENI_WEB,
  IP,
  NACL_A,
  NACL_B,
  SERVER,
  SG_APP,
  SG_WEB,
  WEB,
  buildDocument,
  classicDocument,
  nacl,
  sg,
  untrackedDocument,
} from './testing/fixtures';

type StepEvent = Extract<SimEvent, { type: 'packet.step' }>;

function stepEvents(sim: Simulation): StepEvent[] {
  return sim.eventLog().filter((e): e is StepEvent => e.type === 'packet.step');
}

function rowsOf(sim: Simulation, trafficId: string, kind: 'request' | 'response' = 'request'): ProcessRow[] {
  return sim.processTable().filter((r) => r.trafficId === trafficId && r.kind === kind);
}

/** The row of the check at one hop of a packet, found by its check label. */
function checkRow(rows: readonly ProcessRow[], check: RegExp): ProcessRow | undefined {
  return rows.find((r) => (r.step === 'egress-check' || r.step === 'ingress-check') && check.test(r.check));
}

/** The classic HTTP request from the internet client to web, with a fixed source port. */
const HTTP: TrafficItem = { kind: 'request', at: 0, id: 'http', from: CLIENT, to: WEB, service: 'http', sourcePort: 50000 };

/** One more packet of the client's HTTP flow (an ACK), as a raw packet nobody answers. */
function clientAck(at: number, id: string): TrafficItem {
  return { kind: 'packet', at, id, from: CLIENT, to: WEB, protocol: 'tcp', sourcePort: 50000, destinationPort: 80, flags: 'A' };
}

/** web's half of the same flow, back to the client. */
function webAck(at: number, id: string): TrafficItem {
  return { kind: 'packet', at, id, from: WEB, to: CLIENT, protocol: 'tcp', sourcePort: 80, destinationPort: 50000, flags: 'A' };
}

function runTimeline(doc: NetworkDocument, items: TrafficItem[], options: { history?: boolean } = {}): Simulation {
  const sim = new Simulation(doc, options);
  sim.schedule(items);
  sim.runUntilIdle();
  return sim;
}

// ====================================================================== the classic example

describe('the classic example: web allows inbound TCP 80 and has NO outbound rule', () => {
  it('the HTTP request is allowed, and so is the response, by the connection-tracking entry', () => {
    const sim = runTimeline(classicDocument(), [HTTP]);
    expect(sim.outcome('http')).toMatchObject({ verdict: 'allowed', hop: null });
    expect(sim.outcome('http', 'response')).toMatchObject({ verdict: 'allowed', hop: null });

    const egress = checkRow(rowsOf(sim, 'http', 'response'), /web/);
    expect(egress).toMatchObject({
      step: 'egress-check',
      direction: 'outbound',
      check: 'connection state of web (eni-web)',
      result: 'allowed',
      decidedBy: 'tracked connection 203.0.113.5:50000 ↔ 10.0.1.10:80',
    });
    expect(egress?.explanation).toMatch(/^Allowed as a response/);
  });

  it('SSH from the internet is dropped at sg-ingress: no rule matched', () => {
    const sim = runTimeline(classicDocument(), [{ kind: 'request', at: 0, id: 'ssh', from: CLIENT, to: WEB, service: 'ssh' }]);
    expect(sim.outcome('ssh')).toMatchObject({ verdict: 'dropped', hop: 'sg-ingress', decidedBy: 'no rule matched' });
    expect(sim.outcome('ssh', 'response')).toBeUndefined();
    expect(rowsOf(sim, 'ssh').map((r) => r.step)).toEqual(['created', 'in-transit', 'arrived', 'ingress-check', 'ingress-check', 'ingress-check', 'dropped']);
    expect(rowsOf(sim, 'ssh', 'response')).toEqual([]);
    expect(sim.connectionTable()).toEqual([]);
  });

  it('unsolicited outbound from web is dropped at sg-egress, before it leaves', () => {
    const sim = runTimeline(classicDocument(), [{ kind: 'request', at: 0, id: 'out', from: WEB, to: SERVER, service: 'https' }]);
    expect(sim.outcome('out')).toMatchObject({ verdict: 'dropped', hop: 'sg-egress', decidedBy: 'no rule matched' });
    expect(rowsOf(sim, 'out').map((r) => [r.step, r.time])).toEqual([
      ['created', 0],
      ['egress-check', 0],
      ['dropped', 1],
    ]);
  });

  it('the process table tells the request and its response step by step', () => {
    const sim = runTimeline(classicDocument(), [HTTP]);
    const rows = sim.processTable().map((r) => [r.seq, r.time, r.packetId, r.kind, r.step, r.direction, r.check, r.result, r.action, r.decidedBy]);
    const igwIn = 'translates the destination 192.0.2.10 to the private address 10.0.1.10; groups and NACLs see the private address';
    const flow = 'TCP 10.0.1.10:80 ↔ 203.0.113.5:50000';
    // The gateway's name is the domain's wording; the test pins only that it is the gateway of VPC main.
    const igw: unknown = expect.stringMatching(/^internet gateway \(.*\bmain\)$/);
    expect(rows).toEqual([
      [1, 0, 'p1', 'request', 'created', null, '', null, 'send request', ''],
      [2, 0, 'p1', 'request', 'in-transit', null, '', null, 'forward', ''],
      [3, 20, 'p1', 'request', 'arrived', null, '', null, 'arrive at web', ''],
      [4, 20, 'p1', 'request', 'ingress-check', 'inbound', igw, 'allowed', igwIn, `The internet gateway ${igwIn}.`],
      [5, 21, 'p1', 'request', 'ingress-check', 'inbound', 'network ACL inbound rules (A)', 'allowed', 'pass', 'acl-a rule 100 ALLOW All traffic 0.0.0.0/0'],
      [6, 22, 'p1', 'request', 'ingress-check', 'inbound', 'security group inbound rules (web (eni-web))', 'allowed', `record connection ${flow} on eni-web`, 'web-sg inbound rule 1: TCP 80 from 0.0.0.0/0'],
      [7, 23, 'p1', 'request', 'allowed', null, '', 'allowed', 'accept', ''],
      [8, 23, 'p1', 'request', 'state-recorded', null, '', null, `record connection ${flow} on eni-web`, ''],
      [9, 23, 'p1', 'request', 'delivered', null, '', 'allowed', 'deliver to web', ''],
      [10, 24, 'p1', 'request', 'responding', null, '', null, 'send response', ''],
      [11, 24, 'p2', 'response', 'created', null, '', null, 'send response', ''],
      [12, 24, 'p2', 'response', 'egress-check', 'outbound', 'connection state of web (eni-web)', 'allowed', `refresh tracked flow ${flow}`, 'tracked connection 203.0.113.5:50000 ↔ 10.0.1.10:80'],
      [13, 25, 'p2', 'response', 'egress-check', 'outbound', 'network ACL outbound rules (A)', 'allowed', 'pass', 'acl-a rule 100 ALLOW All traffic 0.0.0.0/0'],
      [14, 26, 'p2', 'response', 'egress-check', 'outbound', igw, 'allowed', 'translates the source 10.0.1.10 to the public address 192.0.2.10', 'The internet gateway translates the source 10.0.1.10 to the public address 192.0.2.10.'],
      [15, 27, 'p2', 'response', 'in-transit', null, '', null, 'forward', ''],
      [16, 47, 'p2', 'response', 'arrived', null, '', null, 'arrive at client', ''],
      [17, 47, 'p2', 'response', 'allowed', null, '', 'allowed', 'accept', ''],
      [18, 47, 'p2', 'response', 'state-recorded', null, '', null, `refresh tracked flow ${flow}`, ''],
      [19, 47, 'p2', 'response', 'delivered', null, '', 'allowed', 'deliver to client', ''],
    ]);
    // Addresses as each step saw them: public before the gateway's NAT, private after.
    expect(sim.processTable().map((r) => r.packet)).toEqual([
      ...Array<string>(3).fill('TCP 203.0.113.5:50000 → 192.0.2.10:80 [S]'),
      ...Array<string>(7).fill('TCP 203.0.113.5:50000 → 10.0.1.10:80 [S]'),
      ...Array<string>(3).fill('TCP 10.0.1.10:80 → 203.0.113.5:50000 [SA]'),
      ...Array<string>(6).fill('TCP 192.0.2.10:80 → 203.0.113.5:50000 [SA]'),
    ]);
  });

  it('the connection table shows the tracked flow, counting down as the clock advances', () => {
    const sim = runTimeline(classicDocument(), [HTTP]);
    const [row, ...rest] = sim.connectionTable();
    expect(rest).toEqual([]);
    expect(row).toMatchObject({
      eniId: ENI_WEB,
      protocol: 'TCP',
      local: '10.0.1.10:80',
      remote: '203.0.113.5:50000',
      tracked: true,
      state: 'tcp-established',
      timeoutSeconds: 432000,
      expiresAt: 24 + 432000 * 1000,
    });
    expect(row?.history).toEqual([
      { time: 22, packetId: 'p1', effect: 'created', note: 'TCP 10.0.1.10:80 ↔ 203.0.113.5:50000' },
      { time: 24, packetId: 'p2', effect: 'refreshed', note: 'TCP 10.0.1.10:80 ↔ 203.0.113.5:50000' },
    ]);
    const remaining0 = row?.remainingSeconds ?? NaN;
    expect(remaining0).toBeCloseTo(432000 - (sim.now() - 24) / 1000, 9);
    sim.advance(60_000);
    expect(sim.connectionTable()[0]?.remainingSeconds).toBeCloseTo(remaining0 - 60, 9);
    expect(sim.connectionTable()[0]?.idleSeconds).toBeCloseTo((sim.now() - 24) / 1000, 9);
  });
});

// ====================================================================== connection tracking over time

describe('connection tracking over time', () => {
  /** web may send DNS over UDP to anywhere; nothing is allowed in. */
  const dnsDoc = () => buildDocument({ web: { inbound: [], outbound: [sg.udp(53, '0.0.0.0/0')] } });
  const DNS: TrafficItem = { kind: 'request', at: 0, id: 'dns', from: WEB, to: SERVER, service: 'dns', sourcePort: 53000 };
  /** The server's reply packet, sent on its own later. */
  const lateReply = (at: number, id: string): TrafficItem => ({ kind: 'packet', at, id, from: SERVER, to: WEB, protocol: 'udp', sourcePort: 53, destinationPort: 53000 });

  it('a UDP entry counts down from 30 s and is removed once the clock passes its expiry', () => {
    const sim = runTimeline(dnsDoc(), [DNS]);
    expect(sim.outcome('dns', 'response')).toMatchObject({ verdict: 'allowed' });
    const row = sim.connectionTable()[0];
    expect(row).toMatchObject({ protocol: 'UDP', local: '10.0.1.10:53000', remote: '198.51.100.20:53', tracked: true, state: 'udp', timeoutSeconds: 30 });
    expect(row?.history.map((h) => [h.effect, h.packetId])).toEqual([
      ['created', 'p1'],
      ['refreshed', 'p2'],
    ]);
    const expiresAt = row?.expiresAt ?? NaN;
    // The reply refreshed it when it reached web's group.
    expect(expiresAt).toBe((row?.history[1]?.time ?? NaN) + 30_000);

    const seen: number[] = [];
    for (let i = 0; i < 28; i++) {
      sim.advance(1000);
      seen.push(Math.round((sim.connectionTable()[0]?.remainingSeconds ?? NaN) * 1000));
    }
    expect(seen).toEqual(seen.map((_, i) => seen[0] as number - i * 1000));

    // AWS leaves the exact boundary open; the default setting keeps the entry at its expiry instant.
    sim.advanceTo(expiresAt - 1);
    sim.advanceTo(expiresAt);
    expect(sim.connectionTable()).toHaveLength(1);
    expect(sim.connectionTable()[0]?.remainingSeconds).toBe(0);
    sim.advanceTo(expiresAt + 1);
    expect(sim.connectionTable()).toEqual([]);
    sim.advance(1000);
    expect(sim.connectionTable()).toEqual([]);
    const expired = sim.eventLog().filter((e) => e.type === 'conntrack.expired');
    expect(expired).toHaveLength(1);
    expect(expired[0]).toMatchObject({ eniId: ENI_WEB, expiredAt: expiresAt });
  });

  it('an entry leaves the tracked count as soon as it idles out, not at the next whole simulated second', () => {
    const sim = runTimeline(dnsDoc(), [DNS]);
    const row = sim.connectionTable()[0];
    const expiresAt = row?.expiresAt ?? NaN;
    expect(sim.conntrack.trackedCount([ENI_WEB])).toBe(1);
    // A sweep just before the expiry, then a step of a few milliseconds past it.
    sim.advanceTo(expiresAt - 5);
    expect(sim.conntrack.trackedCount([ENI_WEB])).toBe(1);
    sim.advanceTo(expiresAt + 3);
    expect(sim.conntrack.trackedCount([ENI_WEB])).toBe(0);
    expect(sim.eventLog().filter((e) => e.type === 'conntrack.expired')).toEqual([
      expect.objectContaining({ time: expiresAt + 3, eniId: ENI_WEB, expiredAt: expiresAt }),
    ]);
  });

  it('the UDP reply 31 s later is dropped: the entry idled out and no inbound rule allows it', () => {
    const sim = runTimeline(dnsDoc(), [DNS, lateReply(31, 'late')]);
    expect(sim.outcome('dns')).toMatchObject({ verdict: 'allowed' });
    expect(sim.outcome('dns', 'response')).toMatchObject({ verdict: 'allowed' });
    expect(sim.outcome('late')).toMatchObject({ verdict: 'dropped', hop: 'sg-ingress', decidedBy: 'no rule matched' });
    const check = checkRow(rowsOf(sim, 'late'), /security group/);
    expect(check?.action).toBe('drop');
    expect(check?.explanation).toMatch(/no tracked connection/);
    expect(sim.connectionTable()).toEqual([]);
  });

  it('the same reply 29 s later is still admitted by the tracked entry', () => {
    const sim = runTimeline(dnsDoc(), [DNS, lateReply(29, 'late')]);
    expect(sim.outcome('late')).toMatchObject({ verdict: 'allowed' });
    expect(checkRow(rowsOf(sim, 'late'), /web/)?.check).toBe('connection state of web (eni-web)');
  });

  it('an entry that idled out is recorded once in its flow history, and a new packet of the flow starts it again', () => {
    const again: TrafficItem = { ...DNS, at: 40, id: 'again' };
    const sim = runTimeline(dnsDoc(), [DNS, lateReply(31, 'late'), again]);
    expect(sim.outcome('again')).toMatchObject({ verdict: 'allowed' });
    const [row] = sim.connectionTable();
    expect(row?.history.map((h) => [h.effect, h.packetId])).toEqual([
      ['created', 'p1'],
      ['refreshed', 'p2'],
      ['expired', 'p3'],
      ['created', 'p4'],
      ['refreshed', 'p5'],
    ]);
  });
});

// ====================================================================== changes on the timeline

describe('rule changes on the timeline', () => {
  const removeInbound = (at: number): TrafficItem => ({ kind: 'remove-rule', at, id: 'rm', groupId: SG_WEB, direction: 'inbound', index: 0 });

  it('removing the rule leaves a tracked flow running, but a new flow needs a rule', () => {
    const sim = runTimeline(classicDocument(), [
      HTTP,
      removeInbound(5),
      clientAck(6, 'ack-in'),
      webAck(6.5, 'ack-out'),
      { kind: 'request', at: 7, id: 'new', from: CLIENT, to: WEB, service: 'http', sourcePort: 50001 },
    ]);
    expect(sim.document.securityGroups.find((g) => g.id === SG_WEB)?.inbound).toEqual([]);
    expect(sim.eventLog().filter((e) => e.type === 'document.changed').map((e) => e.time)).toEqual([5000]);
    expect(sim.outcome('ack-in')).toMatchObject({ verdict: 'allowed' });
    expect(checkRow(rowsOf(sim, 'ack-in'), /web/)?.check).toBe('connection state of web (eni-web)');
    expect(sim.outcome('ack-out')).toMatchObject({ verdict: 'allowed' });
    expect(checkRow(rowsOf(sim, 'ack-out'), /web/)?.check).toBe('connection state of web (eni-web)');
    expect(sim.outcome('new')).toMatchObject({ verdict: 'dropped', hop: 'sg-ingress' });
  });

  it('removing the rule cuts an untracked flow at once (inbound 0.0.0.0/0 + outbound all traffic)', () => {
    const sim = runTimeline(untrackedDocument(), [HTTP, removeInbound(5), clientAck(5, 'ack-in'), webAck(6, 'ack-out')]);
    expect(sim.outcome('http')).toMatchObject({ verdict: 'allowed' });
    expect(sim.outcome('http', 'response')).toMatchObject({ verdict: 'allowed' });
    // The flow was never tracked: the response went out on the outbound rule.
    expect(checkRow(rowsOf(sim, 'http', 'response'), /web/)?.decidedBy).toBe('web-sg outbound rule 1: All traffic to 0.0.0.0/0');
    const [row] = sim.connectionTable();
    expect(row).toMatchObject({ tracked: false, local: '10.0.1.10:80', remote: '203.0.113.5:50000' });
    expect(row?.history[0]?.effect).toBe('untracked');

    // The very same instant the rule goes, the client's next packet is judged by the rules: dropped.
    expect(sim.outcome('ack-in')).toMatchObject({ verdict: 'dropped', hop: 'sg-ingress', decidedBy: 'no rule matched' });
    expect(sim.outcome('ack-in')?.explanation).toMatch(/untracked/);
    // web's half still passes the open outbound rule, but the connection is broken.
    expect(sim.outcome('ack-out')).toMatchObject({ verdict: 'allowed' });
    expect(checkRow(rowsOf(sim, 'ack-out'), /web/)?.decidedBy).toBe('web-sg outbound rule 1: All traffic to 0.0.0.0/0');
  });

  it('a rule removed while a request is in flight drops it at the check that comes after', () => {
    const sim = runTimeline(classicDocument(), [HTTP, removeInbound(0.01)]);
    expect(sim.outcome('http')).toMatchObject({ verdict: 'dropped', hop: 'sg-ingress' });
    expect(sim.outcome('http', 'response')).toBeUndefined();
  });

  it('a NACL deny added mid-flow cuts a tracked connection: NACLs are stateless', () => {
    const deny: TrafficItem = { kind: 'add-nacl-rule', at: 5, id: 'deny', networkAclId: NACL_A, direction: 'inbound', rule: nacl.deny(50, 'tcp', '203.0.113.0/24', [0, 65535]) };
    const sim = runTimeline(classicDocument(), [HTTP, clientAck(4, 'before'), deny, clientAck(6, 'after')]);
    expect(sim.outcome('before')).toMatchObject({ verdict: 'allowed' });
    expect(sim.outcome('after')).toMatchObject({ verdict: 'dropped', hop: 'nacl-in', decidedBy: 'acl-a rule 50 DENY TCP 0-65535 203.0.113.0/24' });
    // The group would still admit it: the entry is alive.
    expect(sim.connectionTable()[0]).toMatchObject({ tracked: true, remote: '203.0.113.5:50000' });
  });

  it('a NACL outbound rule removed while the request is in flight drops the response at nacl-out', () => {
    const rm: TrafficItem = { kind: 'remove-nacl-rule', at: 0.01, networkAclId: NACL_A, direction: 'outbound', ruleNumber: 100 };
    const sim = runTimeline(classicDocument(), [HTTP, rm]);
    expect(sim.outcome('http')).toMatchObject({ verdict: 'allowed' });
    expect(sim.outcome('http', 'response')).toMatchObject({ verdict: 'dropped', hop: 'nacl-out', decidedBy: 'acl-a rule * (deny)' });
  });

  it('a change that does not apply is reported and leaves the document as it was', () => {
    const doc = classicDocument();
    const sim = runTimeline(doc, [
      { kind: 'remove-rule', at: 1, id: 'bad-index', groupId: SG_WEB, direction: 'outbound', index: 0 },
      { kind: 'add-nacl-rule', at: 2, id: 'dup', networkAclId: NACL_B, direction: 'inbound', rule: nacl.allowAll(100) },
    ]);
    expect(sim.document).toBe(doc);
    expect(sim.eventLog().map((e) => [e.type, e.time, e.type === 'traffic.error' ? e.trafficId : null])).toEqual([
      ['traffic.error', 1000, 'bad-index'],
      ['traffic.error', 2000, 'dup'],
    ]);
  });
});

describe('the timeline', () => {
  it('runs items in time order, and items due at the same time in the order given', () => {
    const items: TrafficItem[] = [
      { kind: 'request', at: 2, id: 'c', from: CLIENT, to: WEB, service: 'http' },
      { kind: 'request', at: 0.5, id: 'a', from: CLIENT, to: WEB, service: 'http' },
      { kind: 'request', at: 1, id: 'b1', from: CLIENT, to: WEB, service: 'http' },
      { kind: 'remove-rule', at: 1, id: 'rm', groupId: SG_WEB, direction: 'inbound', index: 0 },
      { kind: 'request', at: 1, id: 'b2', from: CLIENT, to: WEB, service: 'http' },
    ];
    const sim = runTimeline(classicDocument(), items);
    const order = sim.eventLog().flatMap((e): [string | null | undefined, number][] => {
      if (e.type === 'document.changed') return [[e.change.id, e.time]];
      if (e.type === 'packet.step' && e.step.step === 'created' && e.step.kind === 'request') return [[e.trafficId, e.time]];
      return [];
    });
    expect(order).toEqual([
      ['a', 500],
      ['b1', 1000],
      ['rm', 1000],
      ['b2', 1000],
      ['c', 2000],
    ]);
    // Rules are read at each check, not when a packet is sent: b1 was in flight when the rule went.
    expect(['a', 'b1', 'b2', 'c'].map((t) => sim.outcome(t)?.verdict)).toEqual(['allowed', 'dropped', 'dropped', 'dropped']);
  });

  it('measures `at` from the time the timeline is scheduled, to the millisecond it names', () => {
    const sim = new Simulation(classicDocument());
    sim.schedule([{ kind: 'request', at: 2.01, id: 'x', from: CLIENT, to: WEB, service: 'http' }]);
    sim.advance(5000);
    sim.schedule([{ kind: 'request', at: 1.001, id: 'y', from: CLIENT, to: WEB, service: 'http' }]);
    sim.runUntilIdle();
    expect(rowsOf(sim, 'x').map((r) => r.time)).toEqual([2010, 2010, 2030, 2030, 2031, 2032, 2033, 2033, 2033, 2034]);
    expect(rowsOf(sim, 'y')[0]?.time).toBe(6001);
  });

  it('events and step times never go back', () => {
    const sim = runTimeline(classicDocument(), [HTTP, clientAck(0.001, 'x'), webAck(0.002, 'y'), { kind: 'request', at: 0.003, id: 'ssh', from: CLIENT, to: WEB, service: 'ssh' }]);
    const times = sim.eventLog().map((e) => e.time);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(sim.processTable().map((r) => r.seq)).toEqual(sim.processTable().map((_, i) => i + 1));
  });
});

// ====================================================================== errors

describe('traffic errors', () => {
  const ghost = 'i-ghost' as NodeId;

  it('a request to an unknown node publishes one traffic.error and nothing else happens', () => {
    const sim = new Simulation(classicDocument());
    const seen: SimEvent[] = [];
    sim.subscribe((e) => seen.push(e));
    const r = sim.fireRequest({ id: 'bad', from: CLIENT, to: ghost, service: 'http' });
    expect(r).toEqual({ ok: false, error: 'no node has id "i-ghost"' });
    expect(seen).toEqual([{ type: 'traffic.error', time: 0, trafficId: 'bad', error: 'no node has id "i-ghost"' }]);
    expect(sim.eventLog()).toEqual(seen);
    expect(sim.liveCount()).toBe(0);
    expect([...sim.inFlight()]).toEqual([]);
    expect(sim.clock.pending()).toBe(0);
    sim.runUntilIdle();
    expect(sim.eventLog()).toEqual(seen);
    expect(sim.processTable()).toEqual([]);
    expect(sim.connectionTable()).toEqual([]);
    expect(sim.outcome('bad')).toBeUndefined();
  });

  it('errors on the timeline carry the item id and the time', () => {
    const sim = runTimeline(classicDocument(), [
      { kind: 'request', at: 1, id: 'from-ghost', from: ghost, to: WEB, service: 'http' },
      { kind: 'request', at: 2, id: 'self', from: WEB, to: WEB, service: 'http' },
      { kind: 'request', at: 3, id: 'outside', from: CLIENT, to: SERVER, service: 'http' },
      { kind: 'request', at: 4, id: 'no-protocol', from: CLIENT, to: WEB },
      { kind: 'packet', at: 5, id: 'bad-protocol', from: CLIENT, to: WEB, protocol: 'tcpp' },
    ]);
    const errors = sim.eventLog();
    expect(errors.map((e) => e.type)).toEqual(Array<string>(5).fill('traffic.error'));
    expect(errors.map((e) => [e.type === 'traffic.error' ? e.trafficId : null, e.time])).toEqual([
      ['from-ghost', 1000],
      ['self', 2000],
      ['outside', 3000],
      ['no-protocol', 4000],
      ['bad-protocol', 5000],
    ]);
    expect(sim.processTable()).toEqual([]);
    expect(sim.liveCount()).toBe(0);
  });
});

// ====================================================================== the registry of live packets

describe('live packets', () => {
  it('inFlight() reports each packet mid-way, with its step, checks passed, travel times and the packet as it stands', () => {
    const sim = new Simulation(classicDocument());
    sim.schedule([HTTP]);
    sim.advance(10);
    expect(sim.liveCount()).toBe(1);
    const [p] = sim.inFlight();
    expect(p).toMatchObject({ id: 'p1', kind: 'request', from: CLIENT, to: WEB, step: 'in-transit', stepAt: 0, checks: 0, departAt: 0, arriveAt: 20 });
    expect(p?.route.hops.map((h) => h.name)).toEqual(['igw', 'nacl-in', 'sg-ingress']);
    expect(p?.packet.dst.text).toBe(IP.webPublic);

    sim.advanceTo(21);
    const [q] = sim.inFlight();
    expect(q).toMatchObject({ id: 'p1', step: 'ingress-check', stepAt: 21, checks: 2 });
    // Past the internet gateway, the packet carries web's private address.
    expect(q?.packet.dst.text).toBe(IP.web);

    sim.advanceTo(25);
    expect([...sim.inFlight()].map((x) => [x.id, x.kind, x.step, x.from, x.to])).toEqual([['p2', 'response', 'egress-check', WEB, CLIENT]]);
    expect(sim.liveCount()).toBe(1);

    sim.runUntilIdle();
    expect([...sim.inFlight()]).toEqual([]);
    expect(sim.liveCount()).toBe(0);
  });

  it('gives live packets distinct small slots and reuses a slot once its packet has ended', () => {
    const sim = new Simulation(classicDocument());
    sim.schedule(Array.from({ length: 40 }, (_, i): TrafficItem => ({ kind: 'request', at: i * 0.007, id: `r${i}`, from: CLIENT, to: WEB, service: i % 3 ? 'http' : 'ssh' })));
    const serialsBySlot = new Map<number, Set<number>>();
    for (let t = 1; t < 400; t += 3) {
      sim.advanceTo(t);
      const live = [...sim.inFlight()];
      const slots = live.map((p) => p.slot);
      expect(new Set(slots).size).toBe(slots.length);
      for (const p of live) {
        expect(p.slot).toBeLessThan(live.length + 40);
        serialsBySlot.set(p.slot, (serialsBySlot.get(p.slot) ?? new Set()).add(p.serial));
      }
    }
    expect(Math.max(...serialsBySlot.keys())).toBeLessThan(20);
    expect([...serialsBySlot.values()].some((serials) => serials.size > 1)).toBe(true);
  });

  it('liveCount() returns to 0 after runUntilIdle, with many packets in flight together', () => {
    const sim = new Simulation(classicDocument());
    const items: TrafficItem[] = Array.from({ length: 50 }, (_, i) => ({ kind: 'request', at: i * 0.001, id: `r${i}`, from: CLIENT, to: WEB, service: i % 2 ? 'http' : 'ssh' }));
    sim.schedule(items);
    sim.advance(30);
    expect(sim.liveCount()).toBeGreaterThan(10);
    expect(sim.liveCount()).toBe([...sim.inFlight()].length);
    sim.runUntilIdle();
    expect(sim.liveCount()).toBe(0);
    expect(sim.clock.pending()).toBe(0);
  });

  it('stop() ends every live packet where it is and leaves no timers', () => {
    const sim = new Simulation(classicDocument());
    sim.schedule([HTTP]);
    sim.advance(10);
    sim.stop();
    expect(sim.liveCount()).toBe(0);
    expect(sim.clock.pending()).toBe(0);
    sim.runUntilIdle();
    expect(sim.outcome('http')).toBeUndefined();
  });

  /** Nodes and services the random lifecycles choose from; pairs that can't talk are errors. */
  const NODES: NodeId[] = [WEB, APP, DB, CLIENT, SERVER];
  const SERVICES: ServiceName[] = ['http', 'https', 'ssh', 'rdp', 'dns', 'ping', 'postgresql', 'mysql'];

  /** Groups and NACLs that allow some of this traffic, track some, leave some untracked, drop the rest. */
  const mixedDocument = (naclBOpen: boolean) =>
    buildDocument({
      web: { inbound: [sg.tcp(80, '0.0.0.0/0'), sg.tcp(443, '0.0.0.0/0'), sg.icmp('0.0.0.0/0')], outbound: [sg.udp(53, '0.0.0.0/0')] },
      app: { inbound: [sg.all(SG_WEB), sg.tcp(22, '203.0.113.0/24')], outbound: [sg.all('0.0.0.0/0')] },
      db: { inbound: [sg.tcp(5432, SG_APP), sg.tcp(3306, '10.0.1.0/24'), sg.tcp([0, 65535], '0.0.0.0/0')], outbound: [sg.all('0.0.0.0/0')] },
      naclB: naclBOpen
        ? undefined
        : { inbound: [nacl.allow(100, '6', '0.0.0.0/0', [1024, 65535]), nacl.allow(110, '6', '10.0.0.0/16', [0, 65535])], outbound: [nacl.allow(100, '6', '0.0.0.0/0', [0, 65535])] },
    });

  const request = fc.record({
    from: fc.constantFrom(...NODES),
    to: fc.constantFrom(...NODES),
    service: fc.constantFrom(...SERVICES),
    atMs: fc.integer({ min: 0, max: 5000 }),
  });

  it('every packet of 1,000 random request/response lifecycles ends exactly once, and liveCount() returns to 0', () => {
    fc.assert(
      fc.property(fc.array(request, { minLength: 1000, maxLength: 1000 }), fc.boolean(), (reqs, naclBOpen) => {
        const sim = new Simulation(mixedDocument(naclBOpen));
        let peak = 0;
        sim.subscribe(() => (peak = Math.max(peak, sim.liveCount())));
        sim.schedule(reqs.map((r, i) => ({ kind: 'request', at: r.atMs / 1000, id: `r${i}`, from: r.from, to: r.to, service: r.service })));
        sim.runUntilIdle();
        expect(sim.liveCount()).toBe(0);
        expect([...sim.inFlight()]).toEqual([]);
        expect(sim.clock.pending()).toBe(0);
        expect(peak).toBeGreaterThan(1);

        const steps = stepEvents(sim);
        const byPacket = new Map<string, StepName[]>();
        for (const e of steps) {
          const list = byPacket.get(e.step.packetId) ?? [];
          list.push(e.step.step);
          byPacket.set(e.step.packetId, list);
        }
        for (const [, list] of byPacket) {
          const ends = list.filter((s) => s === 'delivered' || s === 'dropped');
          expect(ends).toHaveLength(1);
          expect(list[0]).toBe('created');
          const last = list.at(-1);
          expect(last === 'delivered' || last === 'dropped' || last === 'responding').toBe(true);
        }

        // Each request either failed with an error and sent nothing, or was one packet; each
        // answered request has exactly one response packet in its flow.
        const errors = new Set(sim.eventLog().flatMap((e) => (e.type === 'traffic.error' ? [e.trafficId] : [])));
        for (let i = 0; i < reqs.length; i++) {
          const id = `r${i}`;
          const own = steps.filter((e) => e.trafficId === id && e.step.step === 'created');
          if (errors.has(id)) {
            expect(own).toEqual([]);
            continue;
          }
          const requests = own.filter((e) => e.step.kind === 'request');
          const responses = own.filter((e) => e.step.kind === 'response');
          expect(requests).toHaveLength(1);
          const answered = steps.some((e) => e.trafficId === id && e.step.step === 'responding');
          expect(responses).toHaveLength(answered ? 1 : 0);
          expect(sim.outcome(id)?.verdict).toBeDefined();
          if (answered) expect(sim.outcome(id, 'response')?.verdict).toBeDefined();
        }
        // Internet-to-internet and self pairs are the only errors.
        const external = new Set<NodeId>([CLIENT, SERVER]);
        const expectedErrors = reqs.filter((r) => r.from === r.to || (external.has(r.from) && external.has(r.to))).length;
        expect(errors.size).toBe(expectedErrors);
      }),
      { numRuns: 4 },
    );
  });
});

// ====================================================================== history, determinism, stateless bits

describe('history and determinism', () => {
  const timeline = (): TrafficItem[] => [
    HTTP,
    { kind: 'request', at: 0.5, id: 'ssh', from: CLIENT, to: WEB, service: 'ssh' },
    { kind: 'request', at: 1, id: 'out', from: WEB, to: SERVER, service: 'https' },
    { kind: 'add-rule', at: 2, id: 'open', groupId: SG_WEB, direction: 'outbound', rule: sg.tcp(443, '0.0.0.0/0') },
    { kind: 'request', at: 3, id: 'out2', from: WEB, to: SERVER, service: 'https' },
    { kind: 'request', at: 3, id: 'app-db', from: APP, to: DB, service: 'postgresql' },
    clientAck(4, 'ack'),
  ];

  it('with history: false it keeps no event log, process table or flow history, but still decides and notifies', () => {
    const sim = new Simulation(classicDocument(), { history: false });
    let notified = 0;
    sim.subscribe(() => (notified += 1));
    sim.schedule(timeline());
    sim.runUntilIdle();
    expect(sim.eventLog()).toEqual([]);
    expect(sim.processTable()).toEqual([]);
    expect(notified).toBeGreaterThan(30);
    expect(sim.outcome('http', 'response')).toMatchObject({ verdict: 'allowed' });
    expect(sim.outcome('out2')).toMatchObject({ verdict: 'allowed' });
    const rows = sim.connectionTable();
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.history).toEqual([]);
    expect(sim.liveCount()).toBe(0);
  });

  it('the same document and timeline give the same process table, connection table and event log', () => {
    const a = runTimeline(classicDocument(), timeline());
    const b = runTimeline(classicDocument(), timeline());
    expect(a.processTable().length).toBeGreaterThan(40);
    expect(b.processTable()).toEqual(a.processTable());
    expect(b.connectionTable()).toEqual(a.connectionTable());
    expect(b.eventLog()).toEqual(a.eventLog());
    expect(a.outcome('out')?.verdict).toBe('dropped');
    expect(a.outcome('out2')?.verdict).toBe('allowed');
  });

  it('an ICMP error admitted by a rule records no state, so its life has no state-recorded step', () => {
    const sim = runTimeline(buildDocument({ web: { inbound: [sg.icmp('0.0.0.0/0')], outbound: [] } }), [
      { kind: 'packet', at: 0, id: 'unreachable', from: SERVER, to: WEB, protocol: 'icmp', icmpType: 3, icmpCode: 4 },
    ]);
    expect(sim.outcome('unreachable')).toMatchObject({ verdict: 'allowed' });
    expect(rowsOf(sim, 'unreachable').map((r) => r.step)).not.toContain('state-recorded');
    expect(checkRow(rowsOf(sim, 'unreachable'), /security group/)?.action).toMatch(/never start tracking/);
    expect(sim.connectionTable()).toEqual([]);
  });
});
