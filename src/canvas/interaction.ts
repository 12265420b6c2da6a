/**
 * Pointer and wheel input on the canvas: select (click, shift-click, marquee), move (drag with
 * snapping; Alt bypasses it), pan (space-drag, middle button, wheel or two-finger scroll), zoom
 * (ctrl/cmd-wheel, trackpad pinch, two-finger touch pinch) and a click on a group chip to detach
 * it. Every change goes through the workspace's commands; a whole drag is one undo step.
 * The factory returns `{ destroy }`, in the manner of xyflow's controllers.
 */
import type { Rect } from './camera';
import { rectFromCorners, screenToWorld, zoomAt, type Camera } from './camera';
import { centre, nodeAt, nodesInRect, snapPoint, type SceneGeometry, type SceneNode } from './geometry';
import { chipRects, nodeFacts } from './nodeViews';
import type { NodeId } from '../domain/ids';
import type { Workspace } from '../engine/workspace';
import { containsPoint } from './camera';

export interface InteractionHost {
  element: HTMLElement;
  workspace: Workspace;
  geometry(): SceneGeometry;
  camera(): Camera;
  setCamera(c: Camera): void;
  /** Marquee in world coordinates, or null to hide it. */
  showMarquee(r: Rect | null): void;
  showGuides(x: number | null, y: number | null): void;
  showFireLine(line: { from: { x: number; y: number }; to: { x: number; y: number } } | null): void;
  /** A fire-tool drag ended on another node (or was refused): the message to show, if any. */
  fired(error: string | null): void;
  /** The packet drawn under a world point, if any. */
  packetAt(world: { x: number; y: number }): string | null;
  /** Where a click on the overview map points in the world, if the screen point is on it. */
  minimap(screen: { x: number; y: number }): { x: number; y: number } | null;
  /** The pointer moved over the canvas (world point, screen point), or left it (null). */
  hover(world: { x: number; y: number } | null, screen: { x: number; y: number } | null): void;
}

type Gesture =
  | { kind: 'none' }
  | { kind: 'pan'; lastX: number; lastY: number }
  | { kind: 'marquee'; start: { x: number; y: number }; additive: boolean }
  | { kind: 'drag'; id: string; gesture: string; anchor: { x: number; y: number }; grab: { x: number; y: number }; moved: { x: number; y: number }; started: boolean; downAt: { x: number; y: number } }
  | { kind: 'chip'; eniId: string; groupId: string; downAt: { x: number; y: number } }
  | { kind: 'fire'; from: string; start: { x: number; y: number } };

const DRAG_THRESHOLD = 3;
let gestureSerial = 0;

/** The point of a node that snaps: a card's centre, a container's top-left corner. */
function anchorOf(n: SceneNode): { x: number; y: number } {
  return n.kind === 'vpc' || n.kind === 'subnet' ? { x: n.rect.x, y: n.rect.y } : centre(n.rect);
}

export function createInteraction(host: InteractionHost): { destroy(): void; spaceHeld(): boolean } {
  const el = host.element;
  const ws = host.workspace;
  let gesture: Gesture = { kind: 'none' };
  let space = false;
  const touches = new Map<number, { x: number; y: number }>();
  let pinchDistance = 0;

  const local = (e: { clientX: number; clientY: number }): { x: number; y: number } => {
    const r = el.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };
  const world = (p: { x: number; y: number }) => screenToWorld(host.camera(), p);

  const chipAt = (p: { x: number; y: number }): { eniId: string; groupId: string } | null => {
    const g = host.geometry();
    for (const n of g.nodes.values()) {
      if (n.kind !== 'instance') continue;
      const facts = nodeFacts(ws.document, n);
      const rects = chipRects(n.rect, facts.chips);
      for (let i = 0; i < rects.length; i++) {
        const chip = facts.chips[i];
        if (chip && containsPoint(rects[i] as Rect, p)) return { eniId: chip.eniId, groupId: chip.groupId };
      }
    }
    return null;
  };

  const onPointerDown = (e: PointerEvent): void => {
    el.focus({ preventScroll: true });
    const s = local(e);
    if (e.pointerType === 'touch') {
      touches.set(e.pointerId, s);
      if (touches.size === 2) {
        const [a, b] = [...touches.values()] as [{ x: number; y: number }, { x: number; y: number }];
        pinchDistance = Math.hypot(a.x - b.x, a.y - b.y);
        gesture = { kind: 'none' };
        return;
      }
    }
    el.setPointerCapture?.(e.pointerId);
    if (e.button === 1 || (e.button === 0 && space)) {
      e.preventDefault();
      gesture = { kind: 'pan', lastX: s.x, lastY: s.y };
      return;
    }
    if (e.button !== 0) return;
    const onMap = host.minimap(s);
    if (onMap) {
      // A click on the overview map brings that place to the middle of the view.
      const c = host.camera();
      const r = el.getBoundingClientRect();
      host.setCamera({ ...c, x: r.width / 2 - onMap.x * c.zoom, y: r.height / 2 - onMap.y * c.zoom });
      return;
    }
    const w = world(s);
    const packet = host.packetAt(w);
    if (packet) {
      ws.selectPacket(packet);
      return;
    }
    const chip = chipAt(w);
    if (chip) {
      gesture = { kind: 'chip', ...chip, downAt: s };
      return;
    }
    const hit = nodeAt(host.geometry(), w);
    if (ws.snapshot.composer.tool === 'fire') {
      // The fire tool: drag from a sender to a receiver to send the composer's request.
      if (hit && (hit.kind === 'instance' || hit.kind === 'client')) gesture = { kind: 'fire', from: hit.id, start: centre(hit.rect) };
      return;
    }
    if (!hit) {
      if (!e.shiftKey) ws.select([]);
      gesture = { kind: 'marquee', start: w, additive: e.shiftKey };
      return;
    }
    if (e.shiftKey) ws.select([hit.id], 'toggle');
    else if (!ws.snapshot.selection.has(hit.id)) ws.select([hit.id]);
    const anchor = anchorOf(hit);
    gesture = { kind: 'drag', id: hit.id, gesture: `drag-${++gestureSerial}`, anchor, grab: { x: w.x - anchor.x, y: w.y - anchor.y }, moved: { x: 0, y: 0 }, started: false, downAt: s };
  };

  const onPointerMove = (e: PointerEvent): void => {
    const s = local(e);
    if (e.pointerType === 'touch' && touches.has(e.pointerId)) {
      touches.set(e.pointerId, s);
      if (touches.size === 2) {
        const [a, b] = [...touches.values()] as [{ x: number; y: number }, { x: number; y: number }];
        const d = Math.hypot(a.x - b.x, a.y - b.y);
        if (pinchDistance > 0) host.setCamera(zoomAt(host.camera(), { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 }, d / pinchDistance));
        pinchDistance = d;
        return;
      }
    }
    const w = world(s);
    switch (gesture.kind) {
      case 'none':
        host.hover(w, s);
        return;
      case 'pan': {
        const c = host.camera();
        host.setCamera({ ...c, x: c.x + s.x - gesture.lastX, y: c.y + s.y - gesture.lastY });
        gesture.lastX = s.x;
        gesture.lastY = s.y;
        return;
      }
      case 'marquee':
        host.showMarquee(rectFromCorners(gesture.start, w));
        return;
      case 'chip':
        return;
      case 'fire':
        host.showFireLine({ from: gesture.start, to: w });
        return;
      case 'drag': {
        if (!gesture.started && Math.hypot(s.x - gesture.downAt.x, s.y - gesture.downAt.y) < DRAG_THRESHOLD) return;
        gesture.started = true;
        host.hover(null, null);
        const g = host.geometry();
        const selection = ws.snapshot.selection;
        const wanted = { x: w.x - gesture.grab.x, y: w.y - gesture.grab.y };
        let target = wanted;
        if (!e.altKey) {
          const others: { x: number; y: number }[] = [];
          for (const n of g.nodes.values()) if (!selection.has(n.id) && n.kind !== 'vpc' && n.kind !== 'subnet') others.push(centre(n.rect));
          const snapped = snapPoint(wanted, others, 8 / host.camera().zoom);
          target = snapped;
          host.showGuides(snapped.guideX, snapped.guideY);
        } else host.showGuides(null, null);
        const dx = target.x - gesture.anchor.x - gesture.moved.x;
        const dy = target.y - gesture.anchor.y - gesture.moved.y;
        if (dx === 0 && dy === 0) return;
        const ids = [...selection];
        const r = ws.dispatch({ type: 'nodes.move', ids, dx, dy }, { gesture: gesture.gesture });
        if (r.ok) {
          gesture.moved.x += dx;
          gesture.moved.y += dy;
        }
        return;
      }
    }
  };

  const onPointerUp = (e: PointerEvent): void => {
    touches.delete(e.pointerId);
    if (touches.size < 2) pinchDistance = 0;
    const s = local(e);
    if (gesture.kind === 'marquee') {
      const r = rectFromCorners(gesture.start, world(s));
      const ids = r.w > 2 || r.h > 2 ? nodesInRect(host.geometry(), r) : [];
      if (ids.length > 0) ws.select(ids, gesture.additive ? 'add' : 'replace');
      host.showMarquee(null);
    }
    if (gesture.kind === 'fire') {
      host.showFireLine(null);
      const target = nodeAt(host.geometry(), world(s));
      if (target && target.id !== gesture.from && (target.kind === 'instance' || target.kind === 'client')) {
        const r = ws.send(gesture.from as NodeId, target.id as NodeId);
        host.fired(r.ok ? null : r.error);
      } else if (target?.id !== gesture.from) {
        host.fired('Drop the request on an EC2 instance or an internet host');
      }
    }
    if (gesture.kind === 'chip' && Math.hypot(s.x - gesture.downAt.x, s.y - gesture.downAt.y) < DRAG_THRESHOLD) {
      ws.dispatch({ type: 'group.detach', target: gesture.eniId, groupId: gesture.groupId });
    }
    host.showGuides(null, null);
    gesture = { kind: 'none' };
  };

  const onWheel = (e: WheelEvent): void => {
    e.preventDefault();
    const s = local(e);
    if (e.ctrlKey || e.metaKey) {
      // Trackpad pinches arrive as ctrl-wheel with small deltas; mouse wheels with ctrl as big ones.
      host.setCamera(zoomAt(host.camera(), s, Math.exp(-e.deltaY * 0.01)));
      return;
    }
    const c = host.camera();
    host.setCamera({ ...c, x: c.x - e.deltaX, y: c.y - e.deltaY });
  };

  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.code === 'Space' && !space) {
      space = true;
      el.style.cursor = 'grab';
    }
  };
  const onKeyUp = (e: KeyboardEvent): void => {
    if (e.code === 'Space') {
      space = false;
      el.style.cursor = '';
    }
  };
  const onLeave = (): void => host.hover(null, null);

  el.addEventListener('pointerdown', onPointerDown);
  el.addEventListener('pointermove', onPointerMove);
  el.addEventListener('pointerup', onPointerUp);
  el.addEventListener('pointercancel', onPointerUp);
  el.addEventListener('pointerleave', onLeave);
  el.addEventListener('wheel', onWheel, { passive: false });
  window.addEventListener('keydown', onKeyDown);
  window.addEventListener('keyup', onKeyUp);
  return {
    spaceHeld: () => space,
    destroy: () => {
      el.removeEventListener('pointerdown', onPointerDown);
      el.removeEventListener('pointermove', onPointerMove);
      el.removeEventListener('pointerup', onPointerUp);
      el.removeEventListener('pointercancel', onPointerUp);
      el.removeEventListener('pointerleave', onLeave);
      el.removeEventListener('wheel', onWheel);
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('keyup', onKeyUp);
    },
  };
}
