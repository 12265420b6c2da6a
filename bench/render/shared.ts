/** Figures both sides of the render benchmark agree on: the pages and the Node harness. */

/** Packets the app keeps in flight, and sprites the bare page moves. */
export const SPRITES = 5000;
/** The size of the app's packet frames (FRAME_W x FRAME_H in src/canvas/packetAtlas.ts). */
export const SPRITE_W = 64;
export const SPRITE_H = 24;
/** Simulated transit time of the app's document (the default is 20 ms): see bench/render/app.ts. */
export const TRANSIT_MS = 200;
