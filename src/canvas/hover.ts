/**
 * What a tooltip says about the thing under the pointer: a packet (its 5-tuple and step), a
 * checkpoint (the NACL badge on a subnet's edge or the group ring around an instance, with the
 * decision on the last packet it checked) or a node (addresses, groups, tracked connections).
 */
import { describePacket } from '../domain/packet';
import type { Workspace } from '../engine/workspace';
import { containsPoint, type Rect } from './camera';
import type { SceneGeometry } from './geometry';
import { naclBadgeRect, nodeFacts } from './nodeViews';
import type { PacketLayer } from './packetLayer';

export interface HoverInfo {
  kind: 'packet' | 'checkpoint' | 'node';
  id: string;
  /** Position for the tooltip, relative to the canvas host. */
  x: number;
  y: number;
  title: string;
  lines: string[];
}

const STEP_WORDS: Record<string, string> = {
  created: 'created',
  'egress-check': 'being checked on the way out',
  'in-transit': 'in transit',
  arrived: 'arrived',
  'ingress-check': 'being checked on the way in',
  allowed: 'allowed',
  dropped: 'dropped',
  'state-recorded': 'connection recorded',
  delivered: 'delivered',
  responding: 'answered',
};

function grow(r: Rect, by: number): Rect {
  return { x: r.x - by, y: r.y - by, w: r.w + 2 * by, h: r.h + 2 * by };
}

function decisionLines(ws: Workspace, subjectIds: readonly string[]): string[] {
  for (const id of subjectIds) {
    const d = ws.lastDecision(id);
    if (d) return [`Last packet: ${d.verdict === 'allow' ? 'allowed' : 'dropped'} (${d.hop})`, `Decided by: ${d.decidedBy}`];
  }
  return ['No packet checked here yet'];
}

export function describeHover(ws: Workspace, g: SceneGeometry, packets: PacketLayer | null, w: { x: number; y: number }, s: { x: number; y: number }, zoom: number): HoverInfo | null {
  const near = packets?.packetNear(w.x, w.y, 14 / zoom);
  const at = { x: s.x + 14, y: s.y + 14 };
  if (near) {
    const p = near.packet;
    return { kind: 'packet', id: p.id, ...at, title: `${p.kind === 'request' ? 'Request' : 'Response'} ${p.id}`, lines: [describePacket(p.packet), `Step: ${STEP_WORDS[p.step] ?? p.step}`] };
  }
  const doc = ws.document;
  for (const n of g.nodes.values()) {
    if (n.kind === 'subnet') {
      const f = nodeFacts(doc, n);
      if (f.nacl && containsPoint(naclBadgeRect(n.rect, `NACL ${f.nacl}`), w)) {
        return { kind: 'checkpoint', id: `nacl:${n.id}`, ...at, title: `Network ACL ${f.nacl} (stateless)`, lines: ['Checks every packet entering or leaving this subnet', ...decisionLines(ws, [n.id])] };
      }
    }
  }
  for (const n of g.nodes.values()) {
    if (n.kind !== 'instance') continue;
    const ring = grow(n.rect, 7);
    if (containsPoint(ring, w) && !containsPoint(grow(n.rect, -2), w)) {
      const inst = doc.instances.find((i) => i.id === n.id);
      const enis = inst?.enis.map((e) => e.id) ?? [];
      const f = nodeFacts(doc, n);
      return { kind: 'checkpoint', id: `sg:${n.id}`, ...at, title: `Security groups of ${f.title} (stateful)`, lines: [f.chips.map((c) => c.name).join(', ') || 'no group', ...decisionLines(ws, enis)] };
    }
  }
  for (const kind of ['igw', 'instance', 'client', 'subnet', 'vpc'] as const) {
    for (const n of g.nodes.values()) {
      if (n.kind !== kind || !containsPoint(n.rect, w)) continue;
      const f = nodeFacts(doc, n);
      const lines = [...f.lines];
      if (n.kind === 'instance') {
        lines.push(`Groups: ${f.chips.map((c) => c.name).join(', ') || 'none'}`);
        lines.push(`Tracked connections: ${ws.trackedCount(n.id)}`);
      }
      if (f.nacl) lines.push(`Network ACL: ${f.nacl}`);
      return { kind: 'node', id: n.id, ...at, title: f.title, lines: lines.filter((l) => l !== '') };
    }
  }
  return null;
}
