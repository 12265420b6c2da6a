/**
 * The packet shapes, baked once into one texture so thousands of packets draw as particles in a
 * single batch. A request is a tag that points where it goes; a response is a rounded capsule
 * marked ↩. Each carries its service or protocol name, in a left- and a right-going version so
 * the words never read upside down.
 */
import { Container, Graphics, Rectangle, Text, Texture, type Renderer } from 'pixi.js';
import { ICMP, ICMPV6, TCP, UDP } from '../domain/protocol';
import type { Packet } from '../domain/packet';
import { FONT, type Theme } from './theme';

export const PACKET_LABELS = ['HTTP', 'HTTPS', 'SSH', 'RDP', 'DNS', 'PG', 'MySQL', 'PING', 'TCP', 'UDP', 'ICMP', 'IP'] as const;
export type PacketLabel = (typeof PACKET_LABELS)[number];

const SERVICE_PORTS: Record<number, PacketLabel> = { 80: 'HTTP', 443: 'HTTPS', 22: 'SSH', 3389: 'RDP', 53: 'DNS', 5432: 'PG', 3306: 'MySQL' };

/** The word a packet shows: its service when the well-known port says it, else its protocol. */
export function packetLabel(p: Packet, kind: 'request' | 'response'): PacketLabel {
  if (p.protocol === TCP || p.protocol === UDP) {
    const port = kind === 'request' ? p.dstPort : p.srcPort;
    return SERVICE_PORTS[port] ?? (p.protocol === TCP ? 'TCP' : 'UDP');
  }
  if (p.protocol === ICMP || p.protocol === ICMPV6) return p.icmpType === 8 || p.icmpType === 0 || p.icmpType === 128 || p.icmpType === 129 ? 'PING' : 'ICMP';
  return 'IP';
}

export const FRAME_W = 64;
export const FRAME_H = 24;

export interface PacketAtlas {
  texture: Texture;
  /** Frame for a label, kind and heading (right or left). */
  frame(label: PacketLabel, kind: 'request' | 'response', leftward: boolean): Texture;
  destroy(): void;
}

function frameIndex(labelIndex: number, response: boolean, leftward: boolean): number {
  return labelIndex * 4 + (response ? 2 : 0) + (leftward ? 1 : 0);
}

const COLUMNS = 8;

function drawShape(g: Graphics, x: number, y: number, response: boolean, leftward: boolean, t: Theme): void {
  const w = FRAME_W - 4;
  const h = FRAME_H - 4;
  const x0 = x + 2;
  const y0 = y + 2;
  if (response) {
    g.roundRect(x0, y0, w, h, h / 2).fill({ color: t.response }).stroke({ width: 2, color: 0xffffff, alpha: 0.85 });
    return;
  }
  const tip = 9;
  if (leftward) {
    g.poly([x0, y0 + h / 2, x0 + tip, y0, x0 + w, y0, x0 + w, y0 + h, x0 + tip, y0 + h]);
  } else {
    g.poly([x0, y0, x0 + w - tip, y0, x0 + w, y0 + h / 2, x0 + w - tip, y0 + h, x0, y0 + h]);
  }
  g.fill({ color: t.request }).stroke({ width: 1.5, color: 0xffffff, alpha: 0.6 });
}

export function bakePacketAtlas(renderer: Renderer, theme: Theme): PacketAtlas {
  const stage = new Container();
  const shapes = new Graphics();
  stage.addChild(shapes);
  const count = PACKET_LABELS.length * 4;
  PACKET_LABELS.forEach((label, li) => {
    for (const response of [false, true]) {
      for (const leftward of [false, true]) {
        const i = frameIndex(li, response, leftward);
        const x = (i % COLUMNS) * FRAME_W;
        const y = Math.floor(i / COLUMNS) * FRAME_H;
        drawShape(shapes, x, y, response, leftward, theme);
        const words = new Text({
          text: response ? `↩ ${label}` : label,
          resolution: 4,
          style: { fontFamily: FONT, fontSize: 10.5, fontWeight: '700', fill: theme.packetText },
        });
        const shift = response ? 0 : leftward ? 3 : -3;
        words.position.set(Math.round(x + FRAME_W / 2 - words.width / 2 + shift), Math.round(y + FRAME_H / 2 - words.height / 2));
        stage.addChild(words);
      }
    }
  });
  const rows = Math.ceil(count / COLUMNS);
  const texture = renderer.generateTexture({ target: stage, frame: new Rectangle(0, 0, COLUMNS * FRAME_W, rows * FRAME_H), resolution: 3, antialias: true });
  stage.destroy({ children: true });
  const frames = Array.from({ length: count }, (_, i) =>
    new Texture({ source: texture.source, frame: new Rectangle((i % COLUMNS) * FRAME_W, Math.floor(i / COLUMNS) * FRAME_H, FRAME_W, FRAME_H) }),
  );
  return {
    texture,
    frame: (label, kind, leftward) => frames[frameIndex(PACKET_LABELS.indexOf(label), kind === 'response', leftward)] ?? (frames[0] as Texture),
    destroy: () => {
      for (const f of frames) f.destroy(false);
      texture.destroy(true);
    },
  };
}
