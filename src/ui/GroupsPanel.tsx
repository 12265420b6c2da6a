import { useState } from 'react';
import type { Workspace } from '../engine/workspace';
import { GroupEditor } from './GroupEditor';
import { Icon } from './Icon';

export const GROUP_MIME = 'application/x-stateful-group';

/**
 * Security groups as chips, per VPC: drag one onto an instance to attach it; click a chip on an
 * instance (on the canvas) to detach it. Clicking a chip here opens the group in the editor
 * below (a click and a drag don't clash: the browser only starts a drag after a move).
 */
export function GroupsPanel({ ws, onMessage }: { ws: Workspace; onMessage: (m: string) => void }) {
  const doc = ws.document;
  const [draft, setDraft] = useState('');
  const [picked, setPicked] = useState<string | null>(null);
  // The first group until one is picked; a picked group that is gone (deleted, undone) falls back too.
  const selected = doc.securityGroups.find((g) => g.id === picked) ?? doc.securityGroups[0] ?? null;
  return (
    <section className="groups" aria-label="Security groups" data-testid="groups-panel">
      <h2>Security groups</h2>
      <p className="hint">Click a group to edit its rules. Drag a group onto an instance to attach it; click a group badge on an instance to detach it.</p>
      {doc.vpcs.map((vpc) => (
        <div key={vpc.id} className="group-vpc">
          <div className="group-vpc-name">{vpc.name}</div>
          <div className="chips">
            {doc.securityGroups
              .filter((g) => g.vpcId === vpc.id)
              .map((g) => (
                <span
                  key={g.id}
                  className={g.id === selected?.id ? 'chip selected' : 'chip'}
                  draggable
                  role="button"
                  tabIndex={0}
                  aria-pressed={g.id === selected?.id}
                  aria-label={`Edit security group ${g.name}: ${g.inbound.length} inbound, ${g.outbound.length} outbound rules`}
                  data-testid={`group-chip-${g.id}`}
                  title={`${g.id}: ${g.inbound.length} inbound, ${g.outbound.length} outbound rules`}
                  onClick={() => setPicked(g.id)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' || e.key === ' ') {
                      e.preventDefault();
                      setPicked(g.id);
                    }
                  }}
                  onDragStart={(e) => {
                    e.dataTransfer.setData(GROUP_MIME, g.id);
                    e.dataTransfer.effectAllowed = 'link';
                  }}
                >
                  <Icon name="shield" /> {g.name}
                  <span className="chip-count">
                    {g.inbound.length}↓ {g.outbound.length}↑
                  </span>
                </span>
              ))}
          </div>
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              const r = ws.dispatch({ type: 'group.create', vpcId: vpc.id, name: draft.trim() });
              if (r.ok) {
                setDraft('');
                setPicked(r.created[0] ?? null);
              } else onMessage(r.error);
            }}
          >
            <input aria-label={`New security group name in ${vpc.name}`} placeholder="new group name" value={draft} onChange={(e) => setDraft(e.target.value)} />
            <button type="submit">Create</button>
          </form>
        </div>
      ))}
      {selected ? <GroupEditor key={selected.id} ws={ws} group={selected} onDeleted={() => setPicked(null)} /> : null}
    </section>
  );
}
