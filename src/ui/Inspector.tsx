import type { ReactNode } from 'react';
import type { NetworkDocument } from '../domain/document';
import { resolveSettings } from '../domain/settings';
import type { ProcessRow, Workspace } from '../engine/workspace';

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** A row of facts: a term and what it is. */
function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  );
}

function NodeFacts({ doc, id, ws }: { doc: NetworkDocument; id: string; ws: Workspace }) {
  const settings = resolveSettings(doc.settings);
  const inst = doc.instances.find((i) => i.id === id);
  if (inst) {
    const tracked = ws.trackedCount(inst.id);
    return (
      <section data-testid="inspector-node" aria-label={`EC2 instance ${inst.name}`}>
        <h3>EC2 instance {inst.name}</h3>
        {inst.enis.map((e) => {
          const subnet = doc.subnets.find((s) => s.id === e.subnetId);
          const ct = e.connectionTracking;
          return (
            <dl key={e.id} className="facts">
              <Fact term="ENI">{e.id}</Fact>
              <Fact term="Subnet">{subnet ? `${subnet.name} (${subnet.cidr})` : e.subnetId}</Fact>
              <Fact term="Private IPv4">{e.privateIp}</Fact>
              {e.publicIp ? <Fact term="Public IPv4">{e.publicIp} (through the internet gateway)</Fact> : null}
              {e.ipv6 ? <Fact term="IPv6">{e.ipv6}</Fact> : null}
              <Fact term="Security groups">{e.securityGroupIds.map((g) => doc.securityGroups.find((x) => x.id === g)?.name ?? g).join(', ') || 'none'}</Fact>
              <Fact term="Idle timeouts">
                TCP established {ct?.tcpEstablishedTimeout ?? (inst.nitroV6 ? settings.tcpEstablishedTimeoutNitroV6 : settings.tcpEstablishedTimeout)} s · UDP {ct?.udpTimeout ?? settings.udpTimeout} s · UDP stream {ct?.udpStreamTimeout ?? settings.udpStreamTimeout} s
              </Fact>
            </dl>
          );
        })}
        <p className="hint">Tracked connections now: {tracked}</p>
      </section>
    );
  }
  const host = doc.externalHosts.find((h) => h.id === id);
  if (host) {
    return (
      <section data-testid="inspector-node" aria-label={`Internet host ${host.name}`}>
        <h3>Internet {host.kind} {host.name}</h3>
        <dl className="facts">
          {host.ipv4 ? <Fact term="IPv4">{host.ipv4}</Fact> : null}
          {host.ipv6 ? <Fact term="IPv6">{host.ipv6}</Fact> : null}
          <Fact term="Answers">{host.listens ? host.listens.map((l) => `${l.protocol} ${l.port}`).join(', ') : 'every port'}</Fact>
        </dl>
      </section>
    );
  }
  const subnet = doc.subnets.find((s) => s.id === id);
  if (subnet) {
    const acl = doc.networkAcls.find((a) => a.id === subnet.networkAclId);
    return (
      <section data-testid="inspector-node" aria-label={`Subnet ${subnet.name}`}>
        <h3>Subnet {subnet.name}</h3>
        <dl className="facts">
          <Fact term="IPv4 CIDR">{subnet.cidr}</Fact>
          {subnet.ipv6Cidr ? <Fact term="IPv6 CIDR">{subnet.ipv6Cidr}</Fact> : null}
          <Fact term="Network ACL">{acl ? `${acl.name}: ${acl.inbound.length} inbound, ${acl.outbound.length} outbound rules, then *` : subnet.networkAclId}</Fact>
        </dl>
      </section>
    );
  }
  const vpc = doc.vpcs.find((v) => v.id === id);
  if (vpc) {
    return (
      <section data-testid="inspector-node" aria-label={`VPC ${vpc.name}`}>
        <h3>VPC {vpc.name}</h3>
        <dl className="facts">
          <Fact term="IPv4 CIDR">{vpc.cidr}</Fact>
          <Fact term="Subnets">{doc.subnets.filter((s) => s.vpcId === vpc.id).map((s) => s.name).join(', ') || 'none'}</Fact>
          <Fact term="Internet gateway">{doc.internetGateways.some((g) => g.vpcId === vpc.id) ? 'attached' : 'none'}</Fact>
        </dl>
      </section>
    );
  }
  if (doc.internetGateways.some((g) => g.id === id)) {
    return (
      <section data-testid="inspector-node">
        <h3>Internet gateway</h3>
        <p className="hint">Translates each public IPv4 address to its instance's private one (1:1 NAT). It filters nothing itself.</p>
      </section>
    );
  }
  return null;
}

function PacketLife({ rows, id }: { rows: readonly ProcessRow[]; id: string }) {
  const life = rows.filter((r) => r.packetId === id);
  if (life.length === 0) return null;
  const first = life[0];
  return (
    <section data-testid="inspector-packet" aria-label={`Packet ${id}`}>
      <h3>
        {first?.kind === 'response' ? 'Response' : 'Request'} {id}
      </h3>
      <p className="mono">{first?.packet}</p>
      <ol className="lifecycle">
        {life.map((r) => (
          <li key={r.seq} className={r.result === 'dropped' ? 'dropped' : r.result === 'allowed' ? 'allowed' : undefined}>
            <span className="when">{seconds(r.time)} s</span> <strong>{r.step}</strong>
            {r.check ? ` · ${r.check}` : ''}
            {r.result ? ` · ${r.result}` : ''}
            {r.explanation ? <div className="why">{r.explanation}</div> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** What the selection is: the selected node's facts, and the followed packet's whole life. */
export function Inspector({ ws }: { ws: Workspace }) {
  const { selection, packet } = ws.snapshot;
  const doc = ws.document;
  const ids = [...selection];
  return (
    <div className="inspector" data-testid="inspector">
      {packet ? <PacketLife rows={ws.sim.processTable()} id={packet} /> : null}
      {ids.length === 1 && ids[0] ? <NodeFacts doc={doc} id={ids[0]} ws={ws} /> : null}
      {ids.length > 1 ? <p className="hint">{ids.length} nodes selected.</p> : null}
      {!packet && ids.length === 0 ? <p className="hint">Select a node on the canvas, or click a packet or a row of the process table, to see it here.</p> : null}
    </div>
  );
}
