/** What the simulation tells its views. Event names are dotted: `packet.step`, `conntrack.expired`. */
import type { HopName, TrafficItem } from '../domain/document';
import type { Packet } from '../domain/packet';
import type { Route } from '../domain/route';
import type { PacketKind, PacketStepEvent } from './packetMachine';

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

export interface LivePacket {
  id: string;
  kind: PacketKind;
  state: string;
  hopIndex: number;
  route: Route;
  packet: Packet;
}
