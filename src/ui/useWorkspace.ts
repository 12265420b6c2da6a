import { useSyncExternalStore } from 'react';
import type { Workspace, WorkspaceState } from '../engine/workspace';

/**
 * Re-renders on every workspace change (edits, playback, selection; simulation steps at most once
 * per frame). The snapshot is one object replaced on change, so React compares a reference.
 */
export function useWorkspace(ws: Workspace): WorkspaceState {
  return useSyncExternalStore(
    (listener) => ws.subscribe(listener),
    () => ws.snapshot,
  );
}
