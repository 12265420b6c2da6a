/**
 * Where a packet is at a given simulated time. A packet's path is a polyline from the sender's
 * card through one point per checkpoint (where the path leaves the sender's security group ring,
 * crosses a subnet's edge, passes the internet gateway, enters the receiver's subnet and group)
 * to the receiver. The machine's step and its timestamps say which stretch it is on; the
 * position is interpolated here, so actors never hear about frames.
 */
import type { Route } from '../domain/route';
import type { LivePacket } from '../engine/workspace';
import { centre, exitPoint, type SceneGeometry } from './geometry';

export interface Pt {
  x: number;
  y: number;
}

export interface PacketPath {
  /** Sender centre, one point per hop in route order, receiver centre. */
  points: Pt[];
  /** Hops on the sender's side (checked before transit). */
  senderHops: number;
}

/** Share of a check's time spent gliding to its checkpoint; the rest it visibly waits there. */
const GLIDE = 0.4;

function isReceiverSide(h: Route['hops'][number]): boolean {
  return h.name === 'nacl-in' || h.name === 'sg-ingress' || (h.name === 'igw' && h.way === 'in');
}

export function packetPath(g: SceneGeometry, route: Route, from: string, to: string | null): PacketPath | null {
  const sender = g.nodes.get(from);
  if (!sender) return null;
  const receiver = to ? g.nodes.get(to) : undefined;
  const s = centre(sender.rect);
  const igwOf = (vpcId: string): Pt | null => {
    for (const n of g.nodes.values()) if (n.kind === 'igw' && n.parentId === vpcId) return centre(n.rect);
    return null;
  };
  // Anchors: the sender, each gateway passed, the receiver. Hops sit on the stretch between two.
  const anchors: Pt[] = [s];
  for (const h of route.hops) if (h.name === 'igw') anchors.push(igwOf(h.vpcId) ?? s);
  const r = receiver ? centre(receiver.rect) : { x: s.x + 240, y: s.y };
  anchors.push(r);

  const points: Pt[] = [s];
  let a = 0;
  let senderHops = route.hops.length;
  route.hops.forEach((h, i) => {
    if (senderHops === route.hops.length && isReceiverSide(h)) senderHops = i;
    const A = anchors[a] as Pt;
    const B = anchors[a + 1] as Pt;
    switch (h.name) {
      case 'sg-egress': {
        const card = g.nodes.get(h.eni.instance.id);
        points.push(card ? exitPoint(card.rect, A, B) : A);
        break;
      }
      case 'nacl-out': {
        const sub = g.nodes.get(h.eni.subnetId);
        points.push(sub ? exitPoint(sub.rect, A, B) : A);
        break;
      }
      case 'igw':
        points.push(B);
        a++;
        break;
      case 'nacl-in': {
        const sub = g.nodes.get(h.eni.subnetId);
        points.push(sub ? exitPoint(sub.rect, B, A) : B);
        break;
      }
      case 'sg-ingress': {
        const card = g.nodes.get(h.eni.instance.id);
        points.push(card ? exitPoint(card.rect, B, A) : B);
        break;
      }
    }
  });
  points.push(r);
  return { points, senderHops };
}

export interface Placement {
  x: number;
  y: number;
  /** Travelling right to left, for shapes that point the way they go; standing still, the way it came. */
  leftward: boolean;
  /** Waiting at a checkpoint rather than moving. */
  checking: boolean;
}

/** Places between `a` and `b`, facing the way from `dirFrom` to `dirTo` (by default, a to b). */
function lerp(a: Pt, b: Pt, t: number, checking: boolean, out: Placement, dirFrom: Pt = a, dirTo: Pt = b): Placement {
  const u = t < 0 ? 0 : t > 1 ? 1 : t;
  out.x = a.x + (b.x - a.x) * u;
  out.y = a.y + (b.y - a.y) * u;
  const dx = dirTo.x - dirFrom.x;
  const dy = dirTo.y - dirFrom.y;
  // Left when the way points left by more than a hair; a stretch of no length keeps the default.
  if (dx !== 0 || dy !== 0) out.leftward = dx < -0.01 * Math.sqrt(dx * dx + dy * dy);
  out.checking = checking;
  return out;
}

function at(points: readonly Pt[], i: number): Pt {
  return points[Math.max(0, Math.min(points.length - 1, i))] as Pt;
}

/**
 * Places a live packet on its path at simulated time `now` (`checkMs`: the length of a check).
 * Writes into `out` and returns it: thousands of packets are placed per frame.
 */
export function placePacket(p: LivePacket, path: PacketPath, checkMs: number, now: number, out: Placement): Placement {
  const pts = path.points;
  const k = path.senderHops;
  const last = pts.length - 2;
  const glide = (now - p.stepAt) / Math.max(1e-6, checkMs * GLIDE);
  // By default a packet faces the way its whole path goes.
  out.leftward = at(pts, pts.length - 1).x < at(pts, 0).x;
  switch (p.step) {
    case 'created':
      return lerp(at(pts, 0), at(pts, 0), 0, false, out, at(pts, 0), at(pts, 1));
    case 'egress-check':
    case 'ingress-check': {
      const h = p.checks;
      // The first receiver-side checkpoint is where transit ended: the packet is already there.
      if (p.step === 'ingress-check' && h - 1 === k) return lerp(at(pts, h), at(pts, h), 1, true, out, at(pts, h - 1));
      return lerp(at(pts, h - 1), at(pts, h), glide, glide >= 1, out);
    }
    case 'in-transit':
    case 'arrived': {
      const span = p.arriveAt - p.departAt;
      const t = span > 0 ? (now - p.departAt) / span : 1;
      return lerp(at(pts, k), at(pts, k + 1), t, false, out);
    }
    case 'dropped':
      return lerp(at(pts, p.checks), at(pts, p.checks), 1, true, out, at(pts, p.checks - 1));
    default:
      // Allowed through the last checkpoint: on its way into the receiver.
      return lerp(at(pts, last), at(pts, last + 1), glide, false, out);
  }
}
