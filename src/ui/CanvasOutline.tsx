import type { Workspace } from '../engine/workspace';
import { useWorkspace } from './useWorkspace';

/**
 * The canvas as nested lists, for screen readers and keyboards: every VPC, subnet (with its
 * network ACL), instance (addresses, groups, tracked connections) and internet host, each a
 * button that selects it. Shown on demand for sighted keyboard users too.
 */
export function CanvasOutline({ ws, visible }: { ws: Workspace; visible: boolean }) {
  const { selection } = useWorkspace(ws);
  const doc = ws.document;
  const counts = ws.trackedCounts();
  const item = (id: string, label: string, detail: string) => (
    <button type="button" className="outline-item" aria-pressed={selection.has(id)} data-testid={`outline-${id}`} onClick={(e) => ws.select([id], e.shiftKey ? 'toggle' : 'replace')}>
      <span className="outline-label">{label}</span> <span className="outline-detail">{detail}</span>
    </button>
  );
  return (
    <section className={visible ? 'outline visible' : 'outline sr-only'} aria-label="Network outline" data-testid="canvas-outline">
      <h2>Network</h2>
      <ul>
        {doc.externalHosts.map((h) => (
          <li key={h.id}>{item(h.id, `Internet ${h.kind} ${h.name}`, [h.ipv4, h.ipv6].filter(Boolean).join(', '))}</li>
        ))}
        {doc.vpcs.map((v) => (
          <li key={v.id}>
            {item(v.id, `VPC ${v.name}`, v.cidr + (doc.internetGateways.some((g) => g.vpcId === v.id) ? ', internet gateway attached' : ''))}
            <ul>
              {doc.subnets
                .filter((s) => s.vpcId === v.id)
                .map((s) => (
                  <li key={s.id}>
                    {item(s.id, `Subnet ${s.name}`, `${s.cidr}, network ACL ${doc.networkAcls.find((a) => a.id === s.networkAclId)?.name ?? s.networkAclId}`)}
                    <ul>
                      {doc.instances
                        .filter((i) => i.enis[0]?.subnetId === s.id)
                        .map((i) => (
                          <li key={i.id}>
                            {item(
                              i.id,
                              `EC2 instance ${i.name}`,
                              `${i.enis.map((e) => [e.privateIp, e.publicIp].filter(Boolean).join(' / ')).join('; ')}; groups ${i.enis
                                .flatMap((e) => e.securityGroupIds)
                                .map((g) => doc.securityGroups.find((x) => x.id === g)?.name ?? g)
                                .join(', ')}; ${counts.get(i.id) ?? 0} tracked connections`,
                            )}
                          </li>
                        ))}
                    </ul>
                  </li>
                ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}
