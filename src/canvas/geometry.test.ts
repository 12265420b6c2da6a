import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { NetworkDocument } from '../domain/document';
import { parseDocument } from '../domain/schema';
import { containsPoint } from './camera';
import { CARD, centre, containerAt, exitPoint, nodeAt, nodesInRect, sceneGeometry, snapPoint } from './geometry';

export function scenario(slug: string): NetworkDocument {
  const parsed = parseDocument(JSON.parse(readFileSync(`assets/scenarios/${slug}.json`, 'utf8')));
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.document;
}

const inside = (outer: { x: number; y: number; w: number; h: number }, inner: { x: number; y: number; w: number; h: number }): boolean =>
  inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h;

describe('scene geometry', () => {
  const doc = scenario('01-classic-http-no-outbound');
  const g = sceneGeometry(doc);

  it('centres cards on their layout point', () => {
    const web = g.nodes.get('i-web');
    const p = doc.layout['i-web'] ?? { x: Number.NaN, y: Number.NaN };
    expect(web?.rect).toEqual({ x: p.x - CARD.instance.w / 2, y: p.y - CARD.instance.h / 2, w: CARD.instance.w, h: CARD.instance.h });
    expect(web?.parentId).toBe('subnet-public');
  });

  it('grows every subnet around its instances and every VPC around its subnets', () => {
    for (const built of [doc, scenario('05-web-to-db-group-reference')]) {
      const geo = sceneGeometry(built);
      for (const inst of built.instances) {
        const subnet = geo.nodes.get(inst.enis[0]?.subnetId ?? '');
        const card = geo.nodes.get(inst.id);
        expect(subnet && card && inside(subnet.rect, card.rect)).toBe(true);
      }
      for (const s of built.subnets) {
        const vpc = geo.nodes.get(s.vpcId);
        const sub = geo.nodes.get(s.id);
        expect(vpc && sub && inside(vpc.rect, sub.rect)).toBe(true);
      }
    }
  });

  it('hits the card before the subnet and the subnet before the VPC', () => {
    const web = g.nodes.get('i-web');
    const subnet = g.nodes.get('subnet-public');
    const vpc = g.nodes.get('vpc-main');
    if (!web || !subnet || !vpc) throw new Error('scenario changed');
    expect(nodeAt(g, centre(web.rect))?.id).toBe('i-web');
    expect(nodeAt(g, { x: subnet.rect.x + 5, y: subnet.rect.y + 5 })?.id).toBe('subnet-public');
    expect(nodeAt(g, { x: vpc.rect.x + 3, y: vpc.rect.y + 3 })?.id).toBe('vpc-main');
    expect(nodeAt(g, { x: -5000, y: -5000 })).toBeNull();
    expect(containerAt(g, centre(web.rect), 'subnet')?.id).toBe('subnet-public');
    expect(containerAt(g, centre(web.rect), 'vpc')?.id).toBe('vpc-main');
  });

  it('selects with a marquee the cards it touches and only the containers it encloses', () => {
    const web = g.nodes.get('i-web');
    if (!web) throw new Error('scenario changed');
    const around = { x: web.rect.x - 2, y: web.rect.y - 2, w: 20, h: 20 };
    expect(nodesInRect(g, around)).toEqual(['i-web']);
    const all = nodesInRect(g, { x: -10_000, y: -10_000, w: 20_000, h: 20_000 });
    expect(all.sort()).toEqual(['api', 'client', 'i-web', 'igw-main', 'subnet-public', 'vpc-main']);
  });

  it('snaps to another node’s centre line before the grid, and to the grid otherwise', () => {
    expect(snapPoint({ x: 103, y: 50 }, [{ x: 100, y: 500 }], 6)).toEqual({ x: 100, y: 48, guideX: 100, guideY: null });
    expect(snapPoint({ x: 110, y: 50 }, [{ x: 100, y: 500 }], 6)).toEqual({ x: 120, y: 48, guideX: null, guideY: null });
    expect(snapPoint({ x: 13, y: 11 }, [], 6)).toEqual({ x: 24, y: 0, guideX: null, guideY: null });
  });

  it('finds where a segment leaves a rectangle', () => {
    const r = { x: 0, y: 0, w: 100, h: 50 };
    expect(exitPoint(r, { x: 50, y: 25 }, { x: 250, y: 25 })).toEqual({ x: 100, y: 25 });
    expect(exitPoint(r, { x: 50, y: 25 }, { x: 50, y: -100 })).toEqual({ x: 50, y: 0 });
    const p = exitPoint(r, { x: 10, y: 10 }, { x: 300, y: 300 });
    expect(containsPoint(r, p)).toBe(true);
    expect(p.y).toBeCloseTo(50, 9);
  });
});
