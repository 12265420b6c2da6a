/**
 * The network ACL tab: pick an ACL (grouped by VPC, with the subnets that use it, since an ACL
 * only acts at those subnets' borders) and edit its numbered inbound and outbound rules.
 */
import { useId, useState } from 'react';
import type { Workspace } from '../engine/workspace';
import { NaclRuleTable } from './NaclRuleTable';

export function NaclEditor({ ws }: { ws: Workspace }) {
  const doc = ws.document;
  const uid = useId();
  const [picked, setPicked] = useState<string | null>(null);
  const acl = doc.networkAcls.find((a) => a.id === picked) ?? doc.networkAcls[0] ?? null;
  if (!acl) {
    return (
      <section className="rule-editor" data-testid="nacl-editor" aria-label="Network ACLs">
        <p className="hint">This network has no network ACLs yet: add a VPC on the canvas and it gets its default ACL.</p>
      </section>
    );
  }
  const vpc = doc.vpcs.find((v) => v.id === acl.vpcId);
  const subnets = doc.subnets.filter((s) => s.networkAclId === acl.id);
  const ipv6 = vpc?.ipv6Cidr !== undefined;
  return (
    <section className="rule-editor nacl-editor" data-testid="nacl-editor" aria-label={`Network ACL ${acl.name}`}>
      <h2>Network ACLs</h2>
      <p className="hint">Stateless: replies need their own rules. Rules are evaluated lowest number first, and the first match decides.</p>
      <div className="editor-pick">
        <label htmlFor={`${uid}-acl`}>Network ACL</label>
        <select id={`${uid}-acl`} data-testid="nacl-picker" value={acl.id} onChange={(e) => setPicked(e.target.value)}>
          {doc.vpcs.map((v) => (
            <optgroup key={v.id} label={`VPC ${v.name}`}>
              {doc.networkAcls
                .filter((a) => a.vpcId === v.id)
                .map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name} ({a.id})
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
      </div>
      <p className="editor-meta" data-testid="nacl-subnets">
        {`${acl.isDefault ? 'Default network ACL of' : 'In'} VPC ${vpc?.name ?? acl.vpcId} · `}
        {subnets.length > 0 ? `Associated with ${subnets.map((s) => `${s.name} (${s.cidr})`).join(', ')}` : 'No subnet uses this network ACL, so it filters nothing'}
      </p>
      <NaclRuleTable key={`${acl.id}-in`} ws={ws} acl={acl} direction="inbound" ipv6={ipv6} />
      <NaclRuleTable key={`${acl.id}-out`} ws={ws} acl={acl} direction="outbound" ipv6={ipv6} />
    </section>
  );
}
