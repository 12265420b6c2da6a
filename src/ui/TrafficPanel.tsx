import { useState } from 'react';
import type { ServiceName } from '../domain/document';
import type { NodeId } from '../domain/ids';
import type { Workspace } from '../engine/workspace';

const SERVICES: { value: ServiceName; label: string }[] = [
  { value: 'http', label: 'HTTP (TCP 80)' },
  { value: 'https', label: 'HTTPS (TCP 443)' },
  { value: 'ssh', label: 'SSH (TCP 22)' },
  { value: 'rdp', label: 'RDP (TCP 3389)' },
  { value: 'dns', label: 'DNS (UDP 53)' },
  { value: 'ping', label: 'Ping (ICMP echo)' },
  { value: 'postgresql', label: 'PostgreSQL (TCP 5432)' },
  { value: 'mysql', label: 'MySQL/Aurora (TCP 3306)' },
];

/** Sends a request between two nodes, now; or plays the document's own timeline. */
export function TrafficPanel({ ws, onMessage }: { ws: Workspace; onMessage: (m: string) => void }) {
  const doc = ws.document;
  const nodes = [...doc.externalHosts.map((h) => ({ id: h.id, name: `${h.name} (internet)` })), ...doc.instances.map((i) => ({ id: i.id, name: i.name }))];
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [service, setService] = useState<ServiceName>('http');
  const src = nodes.some((n) => n.id === from) ? from : (nodes[0]?.id ?? '');
  const dst = nodes.some((n) => n.id === to) ? to : (nodes.find((n) => n.id !== src)?.id ?? '');
  return (
    <section className="traffic" aria-label="Send traffic" data-testid="traffic-panel">
      <h2>Send traffic</h2>
      <div className="traffic-row">
        <label>
          From
          <select data-testid="traffic-from" value={src} onChange={(e) => setFrom(e.target.value)}>
            {nodes.map((n) => (
              <option key={n.id} value={n.id}>
                {n.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          To
          <select data-testid="traffic-to" value={dst} onChange={(e) => setTo(e.target.value)}>
            {nodes.map((n) => (
              <option key={n.id} value={n.id}>
                {n.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Service
          <select data-testid="traffic-service" value={service} onChange={(e) => setService(e.target.value as ServiceName)}>
            {SERVICES.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="primary"
          data-testid="traffic-send"
          disabled={!src || !dst}
          onClick={() => {
            const r = ws.fire({ from: src as NodeId, to: dst as NodeId, service });
            if (!r.ok) onMessage(r.error);
          }}
        >
          Send
        </button>
      </div>
      {doc.traffic.length > 0 ? (
        <button type="button" data-testid="run-timeline" onClick={() => ws.runTimeline()}>
          ▶ Play the scenario's traffic ({doc.traffic.length} {doc.traffic.length === 1 ? 'item' : 'items'})
        </button>
      ) : null}
    </section>
  );
}
