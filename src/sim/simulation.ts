/**
 * The simulation: owns the simulated clock, the compiled model and connection tracking, runs the
 * traffic timeline, and keeps live packets in a registry. A packet's lifecycle runs on the packet
 * machine (see `PacketLifecycles`) and is forgotten the moment it finishes, so the live count
 * returns to zero when traffic stops.
 * Views read the event log, the process table and the connection table, or subscribe to events.
 */
import type { IpAddress } from '../domain/addr';
import { ConntrackTable, expiresAt, isExpired } from '../domain/conntrack';
import type { AddressChoice, NaclChange, NetworkDocument, PacketTraffic, RequestTraffic, TrafficItem } from '../domain/document';
import { addNaclRule, addSgRule, removeNaclRule, removeSgRule, type EditResult } from '../domain/edit';
import { evaluateHop, snapshot, type HopOutcome } from '../domain/evaluate';
import type { NodeId } from '../domain/ids';
import { addressKey, compileModel, type Model, type NodeInfo } from '../domain/model';
import type { Packet } from '../domain/packet';
import { ICMP, ICMPV6, protocolLabel, protocolNumber } from '../domain/protocol';
import { chooseDestination, planRoute, sourceAddress, type Hop, type RouteResult } from '../domain/route';
import { makePacket, packetFields, requestFields, requestTarget, responseFor } from '../domain/traffic';
import { SimClock } from './clock';
import { PacketLifecycles } from './packetLifecycles';
import type { PacketKind, PacketStepEvent, PacketTiming } from './packetMachine';
import { RunLog } from './runLog';
import type { ConnectionRow, ProcessRow } from './tables';
import type { SimEvent, PacketOutcome, LivePacket } from './events';

export interface SimulationOptions {
  clock?: SimClock;
  /** Keep the event log, process table and connection history (off for soak benchmarks). */
  history?: boolean;
}

export type FireResult = { ok: true; packetId: string } | { ok: false; error: string };

/** A live packet's record for the views, and what its steps are announced with. */
interface PacketRun {
  live: LivePacket;
  /** The timing the packet was launched with (a later document may change the settings). */
  timing: PacketTiming;
  trafficId: string | null;
  flowId: string;
  receiverName: string;
}

/** Connection-tracking entries up to which every advance sweeps the table (see `sweep`). */
const SWEEP_EVERY_ADVANCE_UP_TO = 2000;

export class Simulation {
  readonly clock: SimClock;
  readonly conntrack = new ConntrackTable();
  private model: Model;
  /** Live packets by id: what their steps need to know. */
  private readonly packets = new Map<string, PacketRun>();
  /**
   * The same packets' records alone: a frame iterates this map's values directly, which measured
   * twice as fast for 5,000 packets as a generator over `packets`.
   */
  private readonly live = new Map<string, LivePacket>();
  private readonly listeners = new Set<(e: SimEvent) => void>();
  private readonly record: RunLog;
  private readonly ephemeral = new Map<NodeId, number>();
  private nextPacket = 1;
  private readonly freeSlots: number[] = [];
  private nextIcmpId = 1;
  private lastSweep = 0;
  /**
   * Planned routes by sender, source and destination: a route is a pure function of the model,
   * and traffic repeats the same few pairs, so each is planned once per document.
   */
  private routes = new Map<NodeId, Map<string | number, Map<string | number, RouteResult>>>();

  private timing: PacketTiming;
  private readonly lifecycles: PacketLifecycles;
  /** Two checkpoints shared by every packet: a packet costs no closures of its own. */
  private readonly check = (hop: Hop, p: Packet): HopOutcome => this.checkpoint(hop, p, false);
  private readonly checkAutoTracked = (hop: Hop, p: Packet): HopOutcome => this.checkpoint(hop, p, true);

  constructor(doc: NetworkDocument, options: SimulationOptions = {}) {
    this.clock = options.clock ?? new SimClock();
    this.lifecycles = new PacketLifecycles(this.clock, (e) => this.onStep(e), (id) => this.retire(id));
    this.record = new RunLog(options.history ?? true);
    this.model = compileModel(doc);
    this.timing = timingOf(this.model);
  }

  get document(): NetworkDocument {
    return this.model.doc;
  }

  now(): number {
    return this.clock.now();
  }

  /** Applies a new document at once (rule 16); tracked connections survive, untracked ones are judged anew. */
  setDocument(doc: NetworkDocument): void {
    this.model = compileModel(doc);
    this.timing = timingOf(this.model);
    this.routes = new Map();
  }

  /** Schedules every item of a timeline; `at` is in seconds from now. */
  schedule(items: readonly TrafficItem[]): void {
    const start = this.clock.now();
    for (const item of items) {
      // Rounded to whole microseconds: in binary floating point 2.01 * 1000 is 2009.9999999999998,
      // and a timeline written in decimal seconds should fire on the millisecond it names.
      this.clock.setTimeout(() => this.runItem(item), start + Math.round(item.at * 1e6) / 1e3 - this.clock.now());
    }
  }

  advance(ms: number): void {
    this.clock.advance(ms);
    this.sweep();
  }

  advanceTo(t: number): void {
    this.clock.advanceTo(t);
    this.sweep();
  }

  /** Runs until nothing is scheduled, or until `limitMs` of simulated time has passed. */
  runUntilIdle(limitMs = 10 * 24 * 3600 * 1000): void {
    const stop = this.clock.now() + limitMs;
    for (let next = this.clock.nextDue(); next !== null && next <= stop; next = this.clock.nextDue()) this.clock.advanceTo(next);
    this.sweep();
  }

  liveCount(): number {
    return this.packets.size;
  }

  subscribe(listener: (e: SimEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  eventLog(): readonly SimEvent[] {
    return this.record.events;
  }

  processTable(): readonly ProcessRow[] {
    return this.record.rows;
  }

  /** What happened to each identified traffic item's request and response. */
  outcome(trafficId: string, kind: PacketKind = 'request'): PacketOutcome | undefined {
    return this.record.outcome(trafficId, kind);
  }

  /**
   * Live packets with the times the canvas needs to interpolate their motion. The records are
   * updated in place as packets move on, so a frame can read them without allocating.
   */
  inFlight(): IterableIterator<LivePacket> {
    return this.live.values();
  }

  /** One live packet's record, or undefined once its life has ended. */
  livePacket(id: string): LivePacket | undefined {
    return this.live.get(id);
  }

  connectionTable(): ConnectionRow[] {
    const now = this.clock.now();
    const rows: ConnectionRow[] = [];
    for (const eniId of this.conntrack.eniIds()) {
      const eni = this.model.enis.get(eniId);
      if (!eni) continue;
      for (const e of this.conntrack.entries(eniId)) {
        // A large table is swept once per simulated second; the table shows what a new packet would find now.
        if (isExpired(e, now, eni.timeouts, this.model.settings)) continue;
        const snap = snapshot(e, eni, this.model);
        rows.push({
          eniId, key: e.key, protocol: protocolLabel(e.protocol),
          local: snap.localPort ? `${snap.local}:${snap.localPort}` : snap.local,
          remote: snap.remotePort ? `${snap.remote}:${snap.remotePort}` : snap.remote,
          tracked: snap.tracked, state: snap.state,
          idleSeconds: (now - snap.lastSeen) / 1000,
          timeoutSeconds: snap.timeoutSeconds,
          remainingSeconds: Math.max(0, (snap.expiresAt - now) / 1000),
          expiresAt: snap.expiresAt,
          history: this.record.entryHistory(eniId, e.key),
        });
      }
    }
    return rows;
  }

  /** Sends a request between two nodes; the receiver answers when it is delivered. */
  fireRequest(req: Omit<RequestTraffic, 'kind' | 'at'>): FireResult {
    const target = requestTarget(req);
    if (!target) return this.fail(req.id, `a request needs a service or a protocol (tcp, udp, icmp or a number)`);
    const ends = this.ends(req);
    if (!ends.ok) return this.fail(req.id, ends.error);
    const { sender, src, dst } = ends;
    const srcPort = req.sourcePort ?? this.nextEphemeral(req.from);
    const fields = requestFields(target.protocol, dst.family, srcPort, target.port, this.nextIcmpId++);
    return this.launch('request', req.id ?? null, null, sender, makePacket(src, dst, fields), true);
  }

  /** Sends one packet exactly as described; nobody answers it. */
  firePacket(item: Omit<PacketTraffic, 'kind' | 'at'>): FireResult {
    const fields = packetFields(item);
    if (!fields) return this.fail(item.id, `"${item.protocol}" is not a protocol`);
    const ends = this.ends(item);
    if (!ends.ok) return this.fail(item.id, ends.error);
    const { sender, src, dst } = ends;
    const fixedIcmp = fields.protocol === ICMP && dst.family === 6 ? { ...fields, protocol: ICMPV6 } : fields;
    return this.launch('request', item.id ?? null, null, sender, makePacket(src, dst, fixedIcmp), false);
  }

  /** The sending node and the two addresses of traffic from `from` to `to`. */
  private ends(t: { from: NodeId; to: NodeId; address?: AddressChoice | undefined }):
    | { ok: true; sender: NodeInfo; src: IpAddress; dst: IpAddress }
    | { ok: false; error: string } {
    const dest = chooseDestination(this.model, t.from, t.to, t.address);
    if (!dest.ok) return dest;
    const sender = this.model.nodes.get(t.from) as NodeInfo;
    const src = sourceAddress(this.model, sender, dest.address);
    if (!src) return { ok: false, error: `"${sender.name}" has no IPv${dest.address.family} address to send from` };
    return { ok: true, sender, src, dst: dest.address };
  }

  /** Stops every live packet (their lives end where they are). */
  stop(): void {
    this.lifecycles.stopAll();
    this.packets.clear();
    this.live.clear();
    this.freeSlots.length = 0;
  }

  private runItem(item: TrafficItem): void {
    switch (item.kind) {
      case 'request':
        this.fireRequest(item);
        return;
      case 'packet':
        this.firePacket(item);
        return;
      case 'add-rule':
      case 'remove-rule':
      case 'add-nacl-rule':
      case 'remove-nacl-rule':
        this.applyChange(item);
    }
  }

  private applyChange(item: Extract<TrafficItem, { kind: 'add-rule' | 'remove-rule' | 'add-nacl-rule' | 'remove-nacl-rule' }>): void {
    const doc = this.model.doc;
    let r: EditResult;
    if (item.kind === 'add-rule' || item.kind === 'remove-rule') {
      r = item.kind === 'remove-rule'
        ? removeSgRule(doc, item.groupId, item.direction, item.index ?? -1)
        : item.rule ? addSgRule(doc, item.groupId, item.direction, item.rule) : { ok: false, error: 'add-rule needs a rule' };
    } else {
      // RuleChange and NaclChange each carry two kinds, which TypeScript can't narrow apart.
      const change = item as NaclChange;
      r = change.kind === 'remove-nacl-rule'
        ? removeNaclRule(doc, change.networkAclId, change.direction, change.ruleNumber ?? -1)
        : change.rule ? addNaclRule(doc, change.networkAclId, change.direction, change.rule) : { ok: false, error: 'add-nacl-rule needs a rule' };
    }
    if (!r.ok) {
      this.publish({ type: 'traffic.error', time: this.clock.now(), trafficId: item.id ?? null, error: r.error });
      return;
    }
    this.setDocument(r.document);
    this.publish({ type: 'document.changed', time: this.clock.now(), change: item });
  }

  private fail(trafficId: string | undefined, error: string): FireResult {
    this.publish({ type: 'traffic.error', time: this.clock.now(), trafficId: trafficId ?? null, error });
    return { ok: false, error };
  }

  private nextEphemeral(node: NodeId): number {
    const { ephemeralFrom, ephemeralTo } = this.model.settings;
    const port = this.ephemeral.get(node) ?? ephemeralFrom;
    this.ephemeral.set(node, port >= ephemeralTo ? ephemeralFrom : port + 1);
    return port;
  }

  private launch(kind: PacketKind, trafficId: string | null, flowId: string | null, sender: NodeInfo, packet: Packet, answers: boolean): FireResult {
    const planned = this.planRoute(sender, packet.src, packet.dst);
    if (!planned.ok) return this.fail(trafficId ?? undefined, planned.error);
    const route = planned.route;
    const serial = this.nextPacket++;
    const id = `p${serial}`;
    const receiver = route.receiver;
    const expectsResponse = answers && kind === 'request' && receiver !== null && listensFor(receiver, packet);
    const live: LivePacket = {
      id, serial, slot: this.freeSlots.pop() ?? this.packets.size, kind, from: sender.id, to: receiver?.id ?? null, route, step: 'created', stepAt: this.clock.now(),
      checks: 0, departAt: Number.NaN, arriveAt: Number.NaN, packet,
    };
    this.live.set(id, live);
    this.packets.set(id, { live, timing: this.timing, trafficId, flowId: flowId ?? id, receiverName: receiver?.name ?? route.notFiltered ?? packet.dst.text });
    this.lifecycles.start({
      id, kind, flowId: flowId ?? id, trafficId, packet, route, expectsResponse, timing: this.timing,
      checkpoint: route.autoTracked ? this.checkAutoTracked : this.check,
    });
    return { ok: true, packetId: id };
  }

  /** Runs one checkpoint against the model and connection tracking as they stand now. */
  private checkpoint(hop: Hop, p: Packet, peerAutoTracked: boolean): HopOutcome {
    return evaluateHop({ model: this.model, ct: this.conntrack, now: this.clock.now(), peerAutoTracked }, hop, p);
  }

  private planRoute(sender: NodeInfo, src: IpAddress, dst: IpAddress): RouteResult {
    let bySrc = this.routes.get(sender.id);
    if (!bySrc) this.routes.set(sender.id, (bySrc = new Map()));
    const srcKey = addressKey(src);
    let byDst = bySrc.get(srcKey);
    if (!byDst) bySrc.set(srcKey, (byDst = new Map()));
    const dstKey = addressKey(dst);
    let planned = byDst.get(dstKey);
    if (!planned) byDst.set(dstKey, (planned = planRoute(this.model, sender, src, dst)));
    return planned;
  }

  private retire(id: string): void {
    const run = this.packets.get(id);
    if (!run) return;
    this.packets.delete(id);
    this.freeSlots.push(run.live.slot);
    this.live.delete(id);
  }

  private onStep(e: PacketStepEvent): void {
    const run = this.packets.get(e.packetId);
    if (!run) return;
    const { live, timing, trafficId, flowId, receiverName } = run;
    const time = this.clock.now();
    live.step = e.step;
    live.stepAt = time;
    live.packet = e.packet;
    if (e.step === 'egress-check' || e.step === 'ingress-check') live.checks++;
    if (e.step === 'in-transit') {
      live.departAt = time;
      live.arriveAt = time + timing.transitMs;
    }
    this.record.step(e, time, trafficId, receiverName);
    this.publish({ type: 'packet.step', time, trafficId, flowId, step: e });
    if (e.step === 'responding') {
      const ctx = this.lifecycles.context(e.packetId);
      if (!ctx) return;
      const answer = responseFor(ctx.current);
      const responder = ctx.route.receiver;
      if (answer && responder) this.launch('response', trafficId, flowId, responder, answer, false);
    }
  }

  /**
   * Drops expired entries and announces them. Verdicts don't depend on it (the domain checks expiry
   * on lookup) and the connection table hides expired entries itself; the canvas's badges count
   * what is left. A sweep reads every entry, so a small table (what people build to learn) is swept
   * on every advance and its counts are exact, and a large one (load tests, benchmarks) once per
   * simulated second.
   */
  private sweep(): void {
    const now = this.clock.now();
    if (now - this.lastSweep < 1000 && this.conntrack.size() > SWEEP_EVERY_ADVANCE_UP_TO) return;
    this.lastSweep = now;
    const { enis, settings } = this.model;
    for (const e of this.conntrack.dropExpired(this.conntrack.eniIds(), now, (id) => enis.get(id)?.timeouts, settings)) {
      const eni = enis.get(e.eniId);
      if (eni) this.publish({ type: 'conntrack.expired', time: now, eniId: e.eniId, key: e.key, expiredAt: expiresAt(e, eni.timeouts, settings) });
    }
  }

  private publish(e: SimEvent): void {
    this.record.event(e);
    for (const l of this.listeners) l(e);
  }
}

function timingOf(model: Model): PacketTiming {
  const { checkMs, transitMs, responseDelayMs } = model.settings;
  return { checkMs, transitMs, responseDelayMs };
}

/** A host with no list of listeners answers everything; ICMP echo is always answered. */
function listensFor(node: NodeInfo, p: Packet): boolean {
  if (p.protocol === ICMP || p.protocol === ICMPV6) return true;
  if (!node.listens) return true;
  return node.listens.some((l) => protocolNumber(l.protocol) === p.protocol && l.port === p.dstPort);
}
