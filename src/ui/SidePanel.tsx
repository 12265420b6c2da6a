import type { Workspace } from '../engine/workspace';
import { GroupsPanel } from './GroupsPanel';
import { ConnectionTable, ProcessTable } from './Tables';
import { TrafficPanel } from './TrafficPanel';
import { useWorkspace } from './useWorkspace';

/** The panel beside the canvas: the scenario, traffic, groups, and the two tables that explain a run. */
export function SidePanel({ ws, onMessage }: { ws: Workspace; onMessage: (m: string) => void }) {
  useWorkspace(ws);
  const doc = ws.document;
  const results = ws.expectations();
  return (
    <aside className="panel" data-testid="side-panel" aria-label="Scenario and tables">
      <p className="panel-description" data-testid="scenario-description">
        {doc.description}
      </p>
      <TrafficPanel ws={ws} onMessage={onMessage} />
      <GroupsPanel ws={ws} onMessage={onMessage} />
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
      <ProcessTable rows={ws.sim.processTable()} />
      <h2>Connection tracking</h2>
      <ConnectionTable rows={ws.sim.connectionTable()} />
    </aside>
  );
}
