import { useEffect, useMemo, useState } from 'react';
import { BUILTIN_SCENARIOS, DEFAULT_SCENARIO } from '../engine/scenarios';
import { Session } from '../engine/session';
import { publishSession } from '../engine/testHook';

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/**
 * A built-in scenario, run headless from start to end: what each packet met, step by step, and
 * the connection-tracking entries left behind. The live, animated version is the canvas's job.
 */
export function ScenarioPanel() {
  const [slug, setSlug] = useState(DEFAULT_SCENARIO);
  const session = useMemo(() => {
    const scenario = BUILTIN_SCENARIOS.find((s) => s.slug === slug) ?? BUILTIN_SCENARIOS[0];
    if (!scenario) return null;
    return new Session(scenario.document);
  }, [slug]);
  useEffect(() => {
    if (session) publishSession(session);
  }, [session]);
  if (!session) return <aside className="panel">No built-in scenarios were bundled.</aside>;
  const doc = session.document;
  const rows = session.processTable();
  const results = session.expectations();
  const connections = session.connectionTable();
  return (
    <aside className="panel" data-testid="scenario-panel" aria-label="Scenario">
      <label className="panel-field">
        <span>Scenario</span>
        <select data-testid="scenario-select" value={slug} onChange={(e) => setSlug(e.target.value)}>
          {BUILTIN_SCENARIOS.map((s) => (
            <option key={s.slug} value={s.slug}>
              {s.document.name}
            </option>
          ))}
        </select>
      </label>
      <p className="panel-description">{doc.description}</p>

      <h2>Expectations</h2>
      <ul className="expectations" data-testid="expectations">
        {results.map((r, i) => (
          <li key={i} className={r.passed ? 'pass' : 'fail'}>
            <span className="badge">{r.passed ? 'pass' : 'fail'}</span> {r.expectation.traffic} {r.expectation.packet ?? 'request'}{' '}
            {r.expectation.verdict}
            {r.expectation.hop ? ` at ${r.expectation.hop}` : ''}
            {r.expectation.note ? <span className="note"> {r.expectation.note}</span> : null}
          </li>
        ))}
      </ul>

      <h2>Process table</h2>
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
            {rows.map((r) => (
              <tr key={r.seq} className={r.result === 'dropped' ? 'dropped' : undefined} title={r.explanation || undefined}>
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

      <h2>Connection tracking</h2>
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
              <th>expires in (s)</th>
            </tr>
          </thead>
          <tbody>
            {connections.map((c) => (
              <tr key={`${c.eniId}|${c.key}`}>
                <td>{c.eniId}</td>
                <td>{c.protocol}</td>
                <td>{c.local}</td>
                <td>{c.remote}</td>
                <td>{c.tracked ? 'tracked' : 'untracked'}</td>
                <td>{c.state}</td>
                <td>{c.remainingSeconds.toFixed(0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </aside>
  );
}
