import type { ConnectionRow, ProcessRow } from '../engine/workspace';

/** Simulated ms as seconds with millisecond precision, as the CLI prints them. */
function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** Rows shown at most: a long run keeps its latest steps on screen. */
const MAX_ROWS = 200;

export interface ProcessTableProps {
  rows: readonly ProcessRow[];
  /** The packet being followed: its rows are highlighted. */
  selected?: string | null;
  /** A row was chosen (click or Enter): follow its packet, show its checkpoint. */
  onSelect?: (row: ProcessRow) => void;
}

export function ProcessTable({ rows, selected = null, onSelect }: ProcessTableProps) {
  const shown = rows.length > MAX_ROWS ? rows.slice(rows.length - MAX_ROWS) : rows;
  return (
    <div className="table-wrap">
      <table data-testid="process-table">
        <thead>
          <tr>
            <th>time (s)</th>
            <th>packet</th>
            <th>step</th>
            <th>direction</th>
            <th>check</th>
            <th>result</th>
            <th>action</th>
            <th>deciding rule</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr
              key={r.seq}
              className={[r.result === 'dropped' ? 'dropped' : '', r.packetId === selected ? 'selected' : ''].join(' ').trim() || undefined}
              title={r.explanation || undefined}
              tabIndex={onSelect ? 0 : undefined}
              aria-selected={onSelect ? r.packetId === selected : undefined}
              data-packet={r.packetId}
              onClick={onSelect ? () => onSelect(r) : undefined}
              onKeyDown={
                onSelect
                  ? (e) => {
                      if (e.key === 'Enter' || e.key === ' ') {
                        e.preventDefault();
                        onSelect(r);
                      }
                    }
                  : undefined
              }
            >
              <td>{seconds(r.time)}</td>
              <td>
                {r.packetId} {r.kind}
              </td>
              <td>{r.step}</td>
              <td>{r.direction ?? ''}</td>
              <td>{r.check}</td>
              <td>{r.result ?? ''}</td>
              <td>{r.action}</td>
              <td>{r.decidedBy}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The status tracker: per ENI, each flow's 5-tuple, tracked or not, its idle timer counting down
 * and when it expires, and under it how each step changed it.
 */
export function ConnectionTable({ rows }: { rows: readonly ConnectionRow[] }) {
  return (
    <div className="table-wrap">
      <table data-testid="connection-table">
        <thead>
          <tr>
            <th>ENI</th>
            <th>protocol</th>
            <th>local</th>
            <th>remote</th>
            <th>tracked</th>
            <th>state</th>
            <th>idle (s)</th>
            <th>expires in (s)</th>
            <th>expires at (s)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr key={`${c.eniId}|${c.key}`}>
              <td>{c.eniId}</td>
              <td>{c.protocol}</td>
              <td>{c.local}</td>
              <td>{c.remote}</td>
              <td>{c.tracked ? 'tracked' : 'untracked'}</td>
              <td>{c.state}</td>
              <td>{c.idleSeconds.toFixed(1)}</td>
              <td>{c.remainingSeconds.toFixed(0)}</td>
              <td>{seconds(c.expiresAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.some((c) => c.history.length > 0) ? (
        <details className="history" data-testid="connection-history">
          <summary>How the entries changed, step by step</summary>
          <ol>
            {rows.flatMap((c) =>
              c.history.map((h, i) => (
                <li key={`${c.eniId}|${c.key}|${i}`}>
                  <span className="when">{seconds(h.time)} s</span> {c.eniId} · {h.packetId} · <strong>{h.effect}</strong> · {h.note}
                </li>
              )),
            )}
          </ol>
        </details>
      ) : null}
    </div>
  );
}
