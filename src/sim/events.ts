/** What the simulation tells its views. Event names are dotted: `packet.step`, `conntrack.expired`. */
import type { HopName, TrafficItem } from '../domain/document';
import type { Packet } from '../domain/packet';
import type { Route } from '../domain/route';
import type { NodeId } from '../domain/ids';
import type { PacketKind, PacketStepEvent, StepName } from './packetMachine';

export type SimEvent =
  | { type: 'packet.step'; time: number; trafficId: string | null; flowId: string; step: PacketStepEvent }
  | { type: 'conntrack.expired'; time: number; eniId: string; key: string; expiredAt: number }
  | { type: 'document.changed'; time: number; change: TrafficItem }
  | { type: 'traffic.error'; time: number; trafficId: string | null; error: string };

export interface PacketOutcome {
  packetId: string;
  kind: PacketKind;
  verdict: 'allowed' | 'dropped';
  hop: HopName | null;
  decidedBy: string | null;
  explanation: string | null;
  time: number;
}

/**
 * A packet in flight, as the canvas needs it to draw motion without asking the actor: the step it
 * is in since when, and the times it leaves its sender and reaches its receiver. The simulation
 * updates these records in place on each step and drops them when the packet's life ends.
 */
export interface LivePacket {
  id: string;
  /** Increases with each packet the simulation creates: tells a reused slot's packets apart. */
  serial: number;
  /**
   * A small integer, unique among live packets and reused after a packet ends, so that a view can
   * keep per-packet data in typed arrays indexed by it instead of in maps.
   */
  slot: number;
  kind: PacketKind;
  from: NodeId;
  /** Null when the destination is an AWS service address rather than a node. */
  to: NodeId | null;
  route: Route;
  step: StepName;
  /** Simulated ms at which the current step began. */
  stepAt: number;
  /** Checkpoints passed so far. */
  checks: number;
  /** Simulated ms of departure from the sender's side and arrival at the receiver's; NaN before departure. */
  departAt: number;
  arriveAt: number;
  /** The packet as it stands (after any address translation so far). */
  packet: Packet;
}
