import { useState } from 'react';
import type { Workspace } from '../engine/workspace';
import { GroupsPanel } from './GroupsPanel';
import { Inspector } from './Inspector';
import { NaclEditor } from './NaclEditor';
import { ConnectionTable, ProcessTable } from './Tables';
import { TrafficPanel } from './TrafficPanel';
import { useWorkspace } from './useWorkspace';

type Tab = 'run' | 'inspect' | 'groups' | 'nacls';

const TABS: { id: Tab; label: string }[] = [
  { id: 'run', label: 'Run' },
  { id: 'inspect', label: 'Inspector' },
  { id: 'groups', label: 'Security groups' },
  { id: 'nacls', label: 'Network ACLs' },
];

/** The panel beside the canvas, in tabs: the run (traffic and the two tables), and the groups. */
export function SidePanel({ ws, onMessage, onClassic }: { ws: Workspace; onMessage: (m: string) => void; onClassic: () => void }) {
  useWorkspace(ws);
  const [tab, setTab] = useState<Tab>('run');
  return (
    <aside className="panel" data-testid="side-panel" aria-label="Scenario and tables">
      <div className="tabs" role="tablist" aria-label="Panels">
        {TABS.map((t) => (
          <button key={t.id} type="button" role="tab" id={`tab-${t.id}`} aria-selected={tab === t.id} aria-controls={`tabpanel-${t.id}`} data-testid={`tab-${t.id}`} className={tab === t.id ? 'tab active' : 'tab'} onClick={() => setTab(t.id)}>
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`tabpanel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'run' ? <RunTab ws={ws} onMessage={onMessage} onClassic={onClassic} /> : null}
        {tab === 'inspect' ? <Inspector ws={ws} /> : null}
        {tab === 'groups' ? <GroupsPanel ws={ws} onMessage={onMessage} /> : null}
        {tab === 'nacls' ? <NaclEditor ws={ws} /> : null}
      </div>
    </aside>
  );
}

function RunTab({ ws, onMessage, onClassic }: { ws: Workspace; onMessage: (m: string) => void; onClassic: () => void }) {
  const doc = ws.document;
  const results = ws.expectations();
  return (
    <>
      <p className="panel-description" data-testid="scenario-description">
        {doc.description}
      </p>
      <TrafficPanel ws={ws} onMessage={onMessage} onClassic={onClassic} />
      {results.length > 0 ? (
        <>
          <h2>Expectations</h2>
          <ul className="expectations" data-testid="expectations">
            {results.map((r, i) => (
              <li key={i} className={r.passed ? 'pass' : r.actual === 'never reached a verdict' ? 'pending' : 'fail'}>
                <span className="badge">{r.passed ? 'pass' : r.actual === 'never reached a verdict' ? 'waiting' : 'fail'}</span> {r.expectation.traffic}{' '}
                {r.expectation.packet ?? 'request'} {r.expectation.verdict}
                {r.expectation.hop ? ` at ${r.expectation.hop}` : ''}
                {r.expectation.note ? <span className="note"> {r.expectation.note}</span> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>Process table</h2>
      <ProcessTable rows={ws.sim.processTable()} selected={ws.snapshot.packet} onSelect={(row) => ws.selectPacket(row.packetId, row.hop && row.subjectId ? { hop: row.hop, subjectId: row.subjectId } : null)} />
      <h2>Connection tracking</h2>
      <ConnectionTable rows={ws.sim.connectionTable()} />
    </>
  );
}
