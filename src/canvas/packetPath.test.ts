import { describe, expect, it } from 'vitest';
import { parseIp } from '../domain/addr';
import type { NodeId } from '../domain/ids';
import { compileModel } from '../domain/model';
import { planRoute } from '../domain/route';
import type { LivePacket } from '../engine/workspace';
import { containsPoint } from './camera';
import { centre, sceneGeometry } from './geometry';
import { scenario } from './geometry.test';
import { packetPath, placePacket, type Placement } from './packetPath';

const doc = scenario('01-classic-http-no-outbound');
const model = compileModel(doc);
const g = sceneGeometry(doc);

function routeOf(from: string, src: string, dst: string) {
  const sender = model.nodes.get(from as NodeId);
  const s = parseIp(src);
  const d = parseIp(dst);
  if (!sender || !s.ok || !d.ok) throw new Error('bad test input');
  const r = planRoute(model, sender, s.value, d.value);
  if (!r.ok) throw new Error(r.error);
  return r.route;
}

function live(over: Partial<LivePacket>, route = routeOf('client', '203.0.113.5', '192.0.2.10')): LivePacket {
  return { id: 'p1', serial: 1, slot: 0, kind: 'request', from: 'client' as NodeId, to: 'i-web' as NodeId, route, step: 'created', stepAt: 0, checks: 0, departAt: Number.NaN, arriveAt: Number.NaN, packet: {} as LivePacket['packet'], ...over };
}

const out = (): Placement => ({ x: 0, y: 0, leftward: false, checking: false });

describe('packet paths', () => {
  const route = routeOf('client', '203.0.113.5', '192.0.2.10');
  const path = packetPath(g, route, 'client', 'i-web');
  if (!path) throw new Error('no path');
  const [start, igw, naclIn, sgIn, end] = path.points;

  it('runs from the client through the gateway, the subnet edge and the group ring to the instance', () => {
    expect(route.hops.map((h) => h.name)).toEqual(['igw', 'nacl-in', 'sg-ingress']);
    expect(path.points).toHaveLength(5);
    expect(path.senderHops).toBe(0);
    expect(start).toEqual(centre(g.nodes.get('client')?.rect ?? { x: 0, y: 0, w: 0, h: 0 }));
    expect(igw).toEqual(centre(g.nodes.get('igw-main')?.rect ?? { x: 0, y: 0, w: 0, h: 0 }));
    const subnet = g.nodes.get('subnet-public')?.rect;
    const card = g.nodes.get('i-web')?.rect;
    if (!subnet || !card || !naclIn || !sgIn || !end) throw new Error('missing');
    // On the subnet's edge and on the card's edge, in that order along the way in.
    expect(containsPoint(subnet, naclIn)).toBe(true);
    expect(Math.min(Math.abs(naclIn.x - subnet.x), Math.abs(naclIn.x - subnet.x - subnet.w), Math.abs(naclIn.y - subnet.y), Math.abs(naclIn.y - subnet.y - subnet.h))).toBeLessThan(1e-9);
    expect(containsPoint(card, sgIn)).toBe(true);
    expect(end).toEqual(centre(card));
  });

  it('puts a response’s checks on the sender side before transit', () => {
    const back = routeOf('i-web', '10.0.1.10', '203.0.113.5');
    const p = packetPath(g, back, 'i-web', 'client');
    expect(back.hops.map((h) => h.name)).toEqual(['sg-egress', 'nacl-out', 'igw']);
    expect(p?.senderHops).toBe(3);
  });

  it('interpolates transit from the times in the record', () => {
    const p = placePacket(live({ step: 'in-transit', stepAt: 0, departAt: 0, arriveAt: 20 }), path, 6, 10, out());
    expect(p.x).toBeCloseTo(((start?.x ?? 0) + (igw?.x ?? 0)) / 2, 9);
    expect(p.y).toBeCloseTo(((start?.y ?? 0) + (igw?.y ?? 0)) / 2, 9);
    expect(p.checking).toBe(false);
  });

  it('waits at the checkpoint it is being checked at, after gliding to it', () => {
    const gliding = placePacket(live({ step: 'ingress-check', stepAt: 100, checks: 2 }), path, 10, 101, out());
    expect(gliding.checking).toBe(false);
    const waiting = placePacket(live({ step: 'ingress-check', stepAt: 100, checks: 2 }), path, 10, 108, out());
    expect(waiting).toMatchObject({ x: naclIn?.x, y: naclIn?.y, checking: true });
    // The first check after transit happens where transit ended: no glide.
    const first = placePacket(live({ step: 'ingress-check', stepAt: 100, checks: 1 }), path, 10, 100, out());
    expect(first).toMatchObject({ x: igw?.x, y: igw?.y, checking: true });
  });

  it('faces the way it goes, and a packet standing still does not take the direction of the one placed before it', () => {
    const back = routeOf('i-web', '10.0.1.10', '203.0.113.5');
    const p = packetPath(g, back, 'i-web', 'client');
    if (!p || !start || !igw) throw new Error('missing');
    const shared = out();
    // In transit, the request runs from the client to the gateway and the response back.
    const request = placePacket(live({ step: 'in-transit', departAt: 0, arriveAt: 20 }), path, 6, 10, shared).leftward;
    expect(request).toBe(igw.x < start.x);
    const response = placePacket(live({ step: 'in-transit', kind: 'response', departAt: 0, arriveAt: 20 }, back), p, 6, 10, shared).leftward;
    expect(response).toBe(!request);
    // Standing still where it was dropped: the same answer after either of them.
    const dropped = live({ step: 'dropped', checks: 3 });
    const alone = placePacket(dropped, path, 6, 10, out()).leftward;
    expect(placePacket(dropped, path, 6, 10, shared).leftward).toBe(alone);
    placePacket(live({ step: 'in-transit', departAt: 0, arriveAt: 20 }), path, 6, 10, shared);
    expect(placePacket(dropped, path, 6, 10, shared).leftward).toBe(alone);
  });

  it('stays where it was dropped', () => {
    const p = placePacket(live({ step: 'dropped', stepAt: 50, checks: 3 }), path, 10, 80, out());
    expect(p).toMatchObject({ x: sgIn?.x, y: sgIn?.y });
  });
});
