/**
 * Colours of the canvas in light and dark. Meaning never rests on colour alone: requests and
 * responses differ in shape, verdicts carry a symbol and a word, so the palette only has to look good.
 */
export type ThemeName = 'light' | 'dark';

export interface Theme {
  name: ThemeName;
  background: number;
  gridDot: number;
  gridAlpha: number;
  text: number;
  textMuted: number;
  vpcFill: number;
  vpcStroke: number;
  subnetFill: number;
  subnetStroke: number;
  cardFill: number;
  cardStroke: number;
  clientAccent: number;
  instanceAccent: number;
  igwFill: number;
  sgRing: number;
  naclFill: number;
  chipFill: number;
  chipText: number;
  selection: number;
  guide: number;
  request: number;
  response: number;
  packetText: number;
  allowed: number;
  dropped: number;
  tracked: number;
  labelFill: number;
}

export const THEMES: Record<ThemeName, Theme> = {
  dark: {
    name: 'dark',
    background: 0x0b1220,
    gridDot: 0x94a3b8,
    gridAlpha: 0.2,
    text: 0xe2e8f0,
    textMuted: 0x94a3b8,
    vpcFill: 0x0f1b33,
    vpcStroke: 0x3b5b9a,
    subnetFill: 0x122440,
    subnetStroke: 0x2f6f8f,
    cardFill: 0x1a2740,
    cardStroke: 0x334766,
    clientAccent: 0xa78bfa,
    instanceAccent: 0xf59e0b,
    igwFill: 0x1e3a5f,
    sgRing: 0xf59e0b,
    naclFill: 0x0e7490,
    chipFill: 0x3a2a10,
    chipText: 0xfcd34d,
    selection: 0x60a5fa,
    guide: 0xf472b6,
    request: 0x3b82f6,
    response: 0x14b8a6,
    packetText: 0xffffff,
    allowed: 0x22c55e,
    dropped: 0xef4444,
    tracked: 0x2dd4bf,
    labelFill: 0x0b1220,
  },
  light: {
    name: 'light',
    background: 0xf6f8fb,
    gridDot: 0x64748b,
    gridAlpha: 0.22,
    text: 0x0f172a,
    textMuted: 0x475569,
    vpcFill: 0xeef4ff,
    vpcStroke: 0x6b8fd6,
    subnetFill: 0xe3f1f7,
    subnetStroke: 0x4b9bbd,
    cardFill: 0xffffff,
    cardStroke: 0xcbd5e1,
    clientAccent: 0x7c3aed,
    instanceAccent: 0xd97706,
    igwFill: 0xdbeafe,
    sgRing: 0xd97706,
    naclFill: 0x0e7490,
    chipFill: 0xfef3c7,
    chipText: 0x92400e,
    selection: 0x2563eb,
    guide: 0xdb2777,
    request: 0x2563eb,
    response: 0x0f766e,
    packetText: 0xffffff,
    allowed: 0x16a34a,
    dropped: 0xdc2626,
    tracked: 0x0d9488,
    labelFill: 0xffffff,
  },
};

export const FONT = 'Inter, "Segoe UI", system-ui, -apple-system, sans-serif';
export const MONO = '"JetBrains Mono", "SFMono-Regular", Menlo, Consolas, monospace';
