/**
 * The selected security group, edited the way the console's group page works but in one place:
 * its name, a delete button, and its inbound and outbound rules as tables edited in place.
 * Every change is a command through the workspace, so it is one undo step and the engine's
 * refusals (the default group, a group in use, a quota) come back as the messages shown here.
 */
import { useId, useState } from 'react';
import type { SecurityGroup } from '../domain/document';
import type { SgDraftContext } from '../domain/ruleDraft';
import type { Workspace } from '../engine/workspace';
import { Icon } from './Icon';
import { enterCommits } from './RuleCells';
import { SgRuleTable } from './SgRuleTable';

export function GroupEditor({ ws, group, onDeleted }: { ws: Workspace; group: SecurityGroup; onDeleted: () => void }) {
  const doc = ws.document;
  const uid = useId();
  const peerList = `${uid}-peers`;
  const nameError = `${uid}-name-error`;
  const [name, setName] = useState(group.name);
  const [seen, setSeen] = useState(group);
  const [problem, setProblem] = useState<string | null>(null);
  if (seen !== group) {
    // The group changed under the form (undo, another panel): show what the document holds.
    setSeen(group);
    setName(group.name);
    if (seen.id !== group.id) setProblem(null);
  }
  const vpc = doc.vpcs.find((v) => v.id === group.vpcId);
  const ctx: SgDraftContext = { direction: 'inbound', vpcId: group.vpcId, groups: doc.securityGroups, prefixLists: doc.prefixLists };
  const rename = (): void => {
    if (name.trim() === group.name) return setProblem(null);
    const r = ws.dispatch({ type: 'group.rename', groupId: group.id, name });
    setProblem(r.ok ? null : r.error);
  };
  const users = doc.instances.filter((i) => i.enis.some((e) => e.securityGroupIds.includes(group.id))).map((i) => i.name);
  return (
    <section className="rule-editor sg-editor" aria-label={`Security group ${group.name}`} data-testid="sg-editor">
      <header className="editor-head">
        <div className="editor-title">
          <label className="editor-name">
            <span className="sr-only">Security group name</span>
            <Icon name="shield" />
            <input
              data-testid="sg-editor-name"
              value={name}
              readOnly={group.isDefault === true}
              aria-invalid={problem !== null}
              aria-describedby={problem ? nameError : undefined}
              title={group.isDefault ? 'The default group keeps its name' : 'Rename the group'}
              onChange={(e) => setName(e.target.value)}
              onBlur={rename}
              onKeyDown={enterCommits(rename)}
            />
          </label>
          <button
            type="button"
            className="danger"
            data-testid="sg-editor-delete"
            onClick={() => {
              const r = ws.dispatch({ type: 'group.delete', groupId: group.id });
              if (r.ok) onDeleted();
              else setProblem(r.error);
            }}
          >
            <Icon name="trash" /> Delete group
          </button>
        </div>
        <p className="editor-meta">
          <code>{group.id}</code> in VPC {vpc?.name ?? group.vpcId}
          {group.isDefault ? ' · default group' : ''} · {users.length > 0 ? `used by ${users.join(', ')}` : 'not attached to any instance'}
        </p>
        {problem ? (
          <p className="rule-error" id={nameError} role="alert" data-testid="sg-editor-problem">
            {problem}
          </p>
        ) : null}
      </header>
      <datalist id={peerList}>
        <option value="0.0.0.0/0">Anywhere IPv4</option>
        <option value="::/0">Anywhere IPv6</option>
        {doc.securityGroups
          .filter((g) => g.vpcId === group.vpcId)
          .map((g) => (
            <option key={g.id} value={g.id}>{`Security group ${g.name}`}</option>
          ))}
        {doc.prefixLists.map((p) => (
          <option key={p.id} value={p.id}>{`Prefix list ${p.name}`}</option>
        ))}
      </datalist>
      <SgRuleTable ws={ws} group={group} direction="inbound" ctx={ctx} peerList={peerList} />
      <SgRuleTable ws={ws} group={group} direction="outbound" ctx={{ ...ctx, direction: 'outbound' }} peerList={peerList} />
    </section>
  );
}
