/**
 * One drawing per kind of node. Each view is built once and rebuilt only when what it shows
 * changes (its `signature`); a move only sets its position. Hit testing does not use Pixi's event
 * system: the interaction controller asks the geometry, so what is clickable is what tests see.
 */
import { Container, Graphics, Text } from 'pixi.js';
import type { NetworkDocument } from '../domain/document';
import type { Rect } from './camera';
import type { SceneNode } from './geometry';
import { FONT, MONO, type Theme } from './theme';

export interface GroupChip {
  groupId: string;
  eniId: string;
  name: string;
}

/** What a node shows, in words: drawn by the views, also read by tooltips and tests. */
export interface NodeFacts {
  title: string;
  lines: string[];
  chips: GroupChip[];
  /** The NACL a subnet's edge applies. */
  nacl: string | null;
}

export function nodeFacts(doc: NetworkDocument, n: SceneNode): NodeFacts {
  const groupName = (id: string): string => doc.securityGroups.find((g) => g.id === id)?.name ?? id;
  switch (n.kind) {
    case 'vpc': {
      const v = doc.vpcs.find((x) => x.id === n.id);
      return { title: `VPC ${v?.name ?? n.id}`, lines: [v ? v.cidr + (v.ipv6Cidr ? `  ${v.ipv6Cidr}` : '') : ''], chips: [], nacl: null };
    }
    case 'subnet': {
      const s = doc.subnets.find((x) => x.id === n.id);
      const acl = s ? doc.networkAcls.find((a) => a.id === s.networkAclId) : undefined;
      return { title: `Subnet ${s?.name ?? n.id}`, lines: [s?.cidr ?? ''], chips: [], nacl: acl ? acl.name : null };
    }
    case 'instance': {
      const inst = doc.instances.find((x) => x.id === n.id);
      const lines: string[] = [];
      const chips: GroupChip[] = [];
      for (const e of inst?.enis ?? []) {
        lines.push(e.privateIp);
        if (e.publicIp) lines.push(`public ${e.publicIp}`);
        for (const g of e.securityGroupIds) chips.push({ groupId: g, eniId: e.id, name: groupName(g) });
      }
      return { title: inst?.name ?? n.id, lines, chips, nacl: null };
    }
    case 'client': {
      const h = doc.externalHosts.find((x) => x.id === n.id);
      return { title: h?.name ?? n.id, lines: [[h?.ipv4, h?.ipv6].filter(Boolean).join(' · ')], chips: [], nacl: null };
    }
    case 'igw':
      return { title: 'Internet gateway', lines: [], chips: [], nacl: null };
  }
}

const CHIP_H = 18;
const CHIP_GAP = 4;
const CHIP_CHAR = 6.2;

/** Where an instance's group chips sit (below its card), for drawing and for clicks alike. */
export function chipRects(card: Rect, chips: readonly GroupChip[]): Rect[] {
  const out: Rect[] = [];
  let x = card.x;
  let y = card.y + card.h + 6;
  for (const c of chips) {
    const w = Math.min(card.w, 22 + c.name.length * CHIP_CHAR);
    if (x > card.x && x + w > card.x + card.w) {
      x = card.x;
      y += CHIP_H + CHIP_GAP;
    }
    out.push({ x, y, w, h: CHIP_H });
    x += w + CHIP_GAP;
  }
  return out;
}

/** Where a subnet's NACL badge sits on its top edge: the checkpoint of traffic crossing it. */
export function naclBadgeRect(subnet: Rect, label: string): Rect {
  const w = 30 + label.length * CHIP_CHAR;
  return { x: subnet.x + subnet.w - w - 10, y: subnet.y - 10, w, h: 20 };
}

function text(value: string, size: number, color: number, opts: { bold?: boolean; mono?: boolean } = {}): Text {
  return new Text({
    text: value,
    // Rendered at twice the screen density so labels stay crisp when people zoom in.
    resolution: Math.max(2, (globalThis.devicePixelRatio || 1) * 2),
    style: { fontFamily: opts.mono ? MONO : FONT, fontSize: size, fill: color, fontWeight: opts.bold ? '600' : '400' },
  });
}

export function signature(n: SceneNode, f: NodeFacts, selected: boolean, theme: Theme): string {
  const sized = n.kind === 'vpc' || n.kind === 'subnet' ? `${n.rect.w}x${n.rect.h}` : '';
  return [theme.name, n.kind, sized, f.title, f.lines.join('|'), f.chips.map((c) => c.name).join('|'), f.nacl, selected].join('~');
}

/**
 * Builds a node's view in its own coordinates (top-left at 0,0); the caller positions it. An
 * instance's connection-tracking badge is not part of it: it changes with traffic, so it lives in
 * its own layer (see ConntrackBadges) and a busy card is never rebuilt.
 */
export function buildNodeView(n: SceneNode, f: NodeFacts, selected: boolean, t: Theme): Container {
  const c = new Container({ label: `node:${n.id}` });
  const { w, h } = n.rect;
  const sel = { width: 2.5, color: t.selection, alpha: 1 };
  switch (n.kind) {
    case 'vpc': {
      c.addChild(new Graphics().roundRect(0, 0, w, h, 16).fill({ color: t.vpcFill, alpha: 0.9 }).stroke(selected ? sel : { width: 1.5, color: t.vpcStroke }));
      const label = text(f.title, 14, t.text, { bold: true });
      label.position.set(16, 10);
      const cidr = text(f.lines[0] ?? '', 12, t.textMuted, { mono: true });
      cidr.position.set(24 + label.width, 12);
      c.addChild(label, cidr);
      break;
    }
    case 'subnet': {
      c.addChild(new Graphics().roundRect(0, 0, w, h, 12).fill({ color: t.subnetFill, alpha: 0.95 }).stroke(selected ? sel : { width: 2, color: t.subnetStroke }));
      const label = text(f.title, 13, t.text, { bold: true });
      label.position.set(14, 9);
      const cidr = text(f.lines[0] ?? '', 11, t.textMuted, { mono: true });
      cidr.position.set(22 + label.width, 11);
      c.addChild(label, cidr);
      if (f.nacl) {
        // The NACL sits on the subnet's edge: that is where it checks what crosses.
        const b = naclBadgeRect({ x: 0, y: 0, w, h }, `NACL ${f.nacl}`);
        const badge = new Graphics().roundRect(b.x, b.y, b.w, b.h, 10).fill({ color: t.naclFill }).stroke({ width: 1.5, color: t.background });
        const shield = new Graphics().roundRect(b.x + 8, b.y + 5, 9, 10, 3).fill({ color: 0xffffff, alpha: 0.9 });
        const bt = text(`NACL ${f.nacl}`, 10.5, 0xffffff, { bold: true });
        bt.position.set(b.x + 22, b.y + 3);
        c.addChild(badge, shield, bt);
      }
      break;
    }
    case 'instance': {
      // The dashed-looking amber ring is the security group: the checkpoint every packet crosses.
      c.addChild(new Graphics().roundRect(-5, -5, w + 10, h + 10, 14).stroke({ width: 2, color: t.sgRing, alpha: 0.55 }));
      c.addChild(new Graphics().roundRect(0, 0, w, h, 10).fill({ color: t.cardFill }).stroke(selected ? sel : { width: 1, color: t.cardStroke }));
      c.addChild(new Graphics().roundRect(10, 12, 30, 30, 7).fill({ color: t.instanceAccent }));
      const chipIcon = new Graphics().rect(18, 20, 14, 14).stroke({ width: 2, color: 0xffffff });
      const ec2 = text('EC2', 9, t.textMuted, { bold: true });
      ec2.position.set(12, 45);
      const title = text(f.title, 13, t.text, { bold: true });
      title.position.set(50, 10);
      c.addChild(chipIcon, ec2, title);
      f.lines.slice(0, 2).forEach((line, i) => {
        const l = text(line, 10, t.textMuted, { mono: true });
        l.position.set(50, 29 + i * 14);
        c.addChild(l);
      });
      const chips = chipRects({ x: 0, y: 0, w, h }, f.chips);
      f.chips.forEach((chip, i) => {
        const r = chips[i];
        if (!r) return;
        c.addChild(new Graphics().roundRect(r.x, r.y, r.w, r.h, 9).fill({ color: t.chipFill }).stroke({ width: 1, color: t.sgRing, alpha: 0.7 }));
        const shield = new Graphics()
          .poly([r.x + 11, r.y + 4, r.x + 16, r.y + 6, r.x + 16, r.y + 10, r.x + 11, r.y + 15, r.x + 6, r.y + 10, r.x + 6, r.y + 6])
          .fill({ color: t.sgRing });
        const ct = text(chip.name, 10, t.chipText, { bold: true });
        ct.position.set(r.x + 20, r.y + 3);
        c.addChild(shield, ct);
      });
      break;
    }
    case 'client': {
      c.addChild(new Graphics().roundRect(0, 0, w, h, 28).fill({ color: t.cardFill }).stroke(selected ? sel : { width: 1, color: t.cardStroke }));
      const globe = new Graphics().circle(28, h / 2, 15).fill({ color: t.clientAccent });
      globe.ellipse(28, h / 2, 6, 15).stroke({ width: 1.5, color: 0xffffff }).moveTo(13, h / 2).lineTo(43, h / 2).stroke({ width: 1.5, color: 0xffffff });
      const title = text(f.title, 13, t.text, { bold: true });
      title.position.set(52, 9);
      const ip = text(f.lines[0] ?? '', 10.5, t.textMuted, { mono: true });
      ip.position.set(52, 29);
      c.addChild(globe, title, ip);
      break;
    }
    case 'igw': {
      c.addChild(new Graphics().roundRect(0, 0, w, h, 12).fill({ color: t.igwFill }).stroke(selected ? sel : { width: 1.5, color: t.vpcStroke }));
      const arrows = new Graphics()
        .moveTo(14, 22).lineTo(42, 22).stroke({ width: 2.5, color: t.text })
        .moveTo(36, 16).lineTo(42, 22).lineTo(36, 28).stroke({ width: 2.5, color: t.text })
        .moveTo(42, 34).lineTo(14, 34).stroke({ width: 2.5, color: t.text })
        .moveTo(20, 28).lineTo(14, 34).lineTo(20, 40).stroke({ width: 2.5, color: t.text });
      const label = text('IGW', 10, t.text, { bold: true });
      label.position.set(w / 2 - label.width / 2, h + 3);
      c.addChild(arrows, label);
      break;
    }
  }
  return c;
}
