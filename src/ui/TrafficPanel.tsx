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

function NodeSelect(p: { label: string; testId: string; nodes: readonly { id: string; name: string }[]; value: string; onChange: (id: string) => void }) {
  return (
    <label>
      {p.label}
      <select data-testid={p.testId} value={p.value} onChange={(e) => p.onChange(e.target.value)}>
        {p.nodes.map((n) => (
          <option key={n.id} value={n.id}>
            {n.name}
          </option>
        ))}
      </select>
    </label>
  );
}

export interface TrafficPanelProps {
  ws: Workspace;
  onMessage: (m: string) => void;
  /** Loads the classic scenario if needed and plays its four steps. */
  onClassic: () => void;
}

/**
 * The traffic composer: who sends what to whom, how many times; or the fire tool, which sends
 * the same request by dragging from one node to another on the canvas.
 */
export function TrafficPanel({ ws, onMessage, onClassic }: TrafficPanelProps) {
  const doc = ws.document;
  const { composer } = ws.snapshot;
  const nodes = [
    ...doc.externalHosts.map((h) => ({ id: h.id, name: `${h.name} (internet)`, instance: false })),
    ...doc.instances.map((i) => ({ id: i.id, name: i.name, instance: true })),
  ];
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const src = nodes.some((n) => n.id === from) ? from : (nodes[0]?.id ?? '');
  // Until the user picks one, the receiver is an instance: traffic between two internet hosts never
  // meets a security group.
  const dst = nodes.some((n) => n.id === to) ? to : (nodes.find((n) => n.id !== src && n.instance) ?? nodes.find((n) => n.id !== src))?.id ?? '';
  const fireTool = composer.tool === 'fire';
  return (
    <section className="traffic" aria-label="Send traffic" data-testid="traffic-panel">
      <h2>Send traffic</h2>
      <div className="traffic-row">
        <NodeSelect label="From" testId="traffic-from" nodes={nodes} value={src} onChange={setFrom} />
        <NodeSelect label="To" testId="traffic-to" nodes={nodes} value={dst} onChange={setTo} />
        <label>
          Service
          <select data-testid="traffic-service" value={composer.service} onChange={(e) => ws.setComposer({ service: e.target.value as ServiceName | 'custom' })}>
            {SERVICES.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
            <option value="custom">Custom protocol and port</option>
          </select>
        </label>
        {composer.service === 'custom' ? (
          <>
            <label>
              Protocol
              <select data-testid="traffic-protocol" value={composer.protocol} onChange={(e) => ws.setComposer({ protocol: e.target.value as 'tcp' | 'udp' | 'icmp' })}>
                <option value="tcp">TCP</option>
                <option value="udp">UDP</option>
                <option value="icmp">ICMP (echo)</option>
              </select>
            </label>
            {composer.protocol !== 'icmp' ? (
              <label>
                Port
                <input data-testid="traffic-port" type="number" min={0} max={65535} value={composer.port} onChange={(e) => ws.setComposer({ port: Number(e.target.value) })} className="narrow" />
              </label>
            ) : null}
          </>
        ) : null}
        <label>
          Count
          <input data-testid="traffic-count" type="number" min={1} max={50} value={composer.count} onChange={(e) => ws.setComposer({ count: Number(e.target.value) || 1 })} className="narrow" />
        </label>
        <label>
          Every (ms)
          <input
            data-testid="traffic-interval"
            type="number"
            min={0}
            step={10}
            value={composer.intervalMs}
            onChange={(e) => ws.setComposer({ intervalMs: Number(e.target.value) || 0 })}
            className="narrow"
            title="Simulated milliseconds between two requests of a series"
          />
        </label>
        <button
          type="button"
          className="primary"
          data-testid="traffic-send"
          disabled={!src || !dst}
          onClick={() => {
            const r = ws.send(src as NodeId, dst as NodeId);
            if (!r.ok) onMessage(r.error);
          }}
        >
          Send
        </button>
      </div>
      <div className="traffic-row">
        <button type="button" data-testid="fire-tool" aria-pressed={fireTool} onClick={() => ws.setComposer({ tool: fireTool ? 'select' : 'fire' })} title="Drag from one node to another on the canvas to send this request (F)">
          {fireTool ? 'Fire tool on: drag from a sender to a receiver' : 'Fire tool'}
        </button>
        <button type="button" data-testid="classic-four-steps" onClick={onClassic} title="Load the classic example and play its four steps">
          ▶ Classic four steps
        </button>
        {doc.traffic.length > 0 ? (
          <button type="button" data-testid="run-timeline" onClick={() => ws.runTimeline()}>
            ▶ Play this scenario's traffic ({doc.traffic.length})
          </button>
        ) : null}
      </div>
    </section>
  );
}
