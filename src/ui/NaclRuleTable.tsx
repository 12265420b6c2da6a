/**
 * One direction of a network ACL: numbered rules in the order AWS evaluates them (lowest number
 * first, first match wins), each editable in place, and the `*` rule that denies the rest shown
 * last and never editable, as in the console. Rows commit through the workspace like the
 * security group rows do.
 */
import { useState } from 'react';
import type { NaclRule, NetworkAcl } from '../domain/document';
import { blankNaclDraft, draftToNaclRule, naclRuleToDraft, type NaclDraftField, type NaclRuleDraft } from '../domain/ruleDraft';
import type { Workspace } from '../engine/workspace';
import { Icon } from './Icon';
import { RowMessages, TrafficCells, describedBy, enterCommits, type RowIds } from './RuleCells';
import { useRuleDraft } from './useRuleDraft';

type Direction = 'inbound' | 'outbound';

const FIELDS: readonly NaclDraftField[] = ['ruleNumber', 'type', 'protocol', 'ports', 'icmp', 'cidr', 'action'];
const TITLE: Record<Direction, string> = { inbound: 'Inbound rules', outbound: 'Outbound rules' };

function canonical(rule: NaclRule): string {
  const r = draftToNaclRule(naclRuleToDraft(rule));
  return JSON.stringify(r.ok ? r.rule : rule);
}

export function NaclRuleTable({ ws, acl, direction, ipv6 }: { ws: Workspace; acl: NetworkAcl; direction: Direction; ipv6: boolean }) {
  const rules = [...acl[direction]].sort((a, b) => a.ruleNumber - b.ruleNumber);
  const [pending, setPending] = useState<number[]>([]);
  const [nextKey, setNextKey] = useState(1);
  const side = direction === 'inbound' ? 'Source' : 'Destination';
  const numbers = rules.map((r) => r.ruleNumber);
  return (
    <section className="rule-table" aria-label={`${TITLE[direction]} of ${acl.name}`} data-testid={`nacl-rules-${direction}`}>
      <h3>
        {TITLE[direction]} <span className="rule-count">{rules.length}</span>
      </h3>
      <div className="rule-grid nacl-grid rule-head" aria-hidden="true">
        <span>Rule #</span>
        <span>Type</span>
        <span>Protocol</span>
        <span>Port range</span>
        <span>{side}</span>
        <span>Allow/Deny</span>
        <span />
      </div>
      {rules.map((rule, i) => (
        <NaclRuleRow key={`${rule.ruleNumber}`} ws={ws} acl={acl} direction={direction} position={i} rule={rule} taken={numbers.filter((n) => n !== rule.ruleNumber)} />
      ))}
      {pending.map((k, j) => (
        <NaclRuleRow
          key={`new-${k}`}
          ws={ws}
          acl={acl}
          direction={direction}
          position={rules.length + j}
          rule={null}
          taken={numbers}
          onDone={() => setPending((p) => p.filter((x) => x !== k))}
        />
      ))}
      {(ipv6 ? ['0.0.0.0/0', '::/0'] : ['0.0.0.0/0']).map((cidr) => (
        <div key={cidr} className="rule-row rule-star" data-testid={`nacl-star-${direction}${cidr === '::/0' ? '-ipv6' : ''}`} title="Denies what no numbered rule matched. AWS does not let you change or remove it.">
          <div className="rule-grid nacl-grid">
            <span className="rule-fixed rule-number">*</span>
            <span className="rule-fixed">All traffic</span>
            <span className="rule-fixed">All</span>
            <span className="rule-fixed">All</span>
            <span className="rule-fixed">{cidr}</span>
            <span className="rule-action deny">Deny</span>
            <span />
          </div>
        </div>
      ))}
      <button
        type="button"
        className="rule-add"
        data-testid={`nacl-rule-add-${direction}`}
        onClick={() => {
          setPending((p) => [...p, nextKey]);
          setNextKey(nextKey + 1);
        }}
      >
        <Icon name="plus" /> Add {direction} rule
      </button>
    </section>
  );
}

function NaclRuleRow(props: { ws: Workspace; acl: NetworkAcl; direction: Direction; position: number; rule: NaclRule | null; taken: readonly number[]; onDone?: () => void }) {
  const { ws, acl, direction, position, rule, taken, onDone } = props;
  const isNew = rule === null;
  const [blank] = useState(() => blankNaclDraft(taken));
  const row = useRuleDraft<NaclRuleDraft, NaclDraftField, NaclRule>({
    stored: rule ? naclRuleToDraft(rule) : blank,
    source: rule,
    isNew,
    check: (d) => draftToNaclRule(d, { direction, taken }),
    same: (r) => rule !== null && JSON.stringify(r) === canonical(rule),
    save: (r) => {
      const res = rule
        ? ws.dispatch({ type: 'nacl-rule.replace', networkAclId: acl.id, direction, ruleNumber: rule.ruleNumber, rule: r })
        : ws.dispatch({ type: 'nacl-rule.add', networkAclId: acl.id, direction, rule: r });
      if (res.ok && onDone) onDone();
      return res.ok ? null : res.error;
    },
  });
  const name = direction === 'inbound' ? 'Inbound' : 'Outbound';
  const ids: RowIds = {
    dom: `nacl-${acl.id}-${direction}-${rule ? rule.ruleNumber : `new-${position}`}`,
    test: 'nacl-rule',
    suffix: `${direction}-${position}`,
    label: rule ? `${name} rule ${rule.ruleNumber}` : `New ${direction} rule`,
  };
  const d = row.draft;
  const numError = row.errorFor('ruleNumber');
  const cidrError = row.errorFor('cidr');
  const side = direction === 'inbound' ? 'source' : 'destination';
  return (
    <div className={`rule-row${isNew ? ' rule-new' : ''}`} role="group" aria-label={ids.label} data-testid={`nacl-rule-row-${ids.suffix}`} data-rule-number={rule?.ruleNumber}>
      <div className="rule-grid nacl-grid">
        <div className="rule-cell">
          <input
            aria-label={`${ids.label} rule number`}
            data-testid={`nacl-rule-number-${ids.suffix}`}
            inputMode="numeric"
            value={d.ruleNumber}
            {...describedBy(ids, 'ruleNumber', numError)}
            onChange={(e) => row.change({ ...d, ruleNumber: e.target.value })}
            onBlur={() => row.leave('ruleNumber')}
            onKeyDown={enterCommits(() => row.commitAll())}
          />
        </div>
        <TrafficCells row={row} ids={ids} />
        <div className="rule-cell">
          <input
            aria-label={`${ids.label} ${side} CIDR`}
            data-testid={`nacl-rule-cidr-${ids.suffix}`}
            placeholder="0.0.0.0/0"
            value={d.cidr}
            {...describedBy(ids, 'cidr', cidrError)}
            onChange={(e) => row.change({ ...d, cidr: e.target.value })}
            onBlur={() => row.leave('cidr')}
            onKeyDown={enterCommits(() => row.commitAll())}
          />
        </div>
        <div className="rule-cell">
          <select
            aria-label={`${ids.label} allow or deny`}
            data-testid={`nacl-rule-action-${ids.suffix}`}
            className={`rule-action ${d.action}`}
            value={d.action}
            onChange={(e) => row.leave('action', { ...d, action: e.target.value === 'deny' ? 'deny' : 'allow' })}
          >
            <option value="allow">Allow</option>
            <option value="deny">Deny</option>
          </select>
        </div>
        <div className="rule-cell rule-actions">
          <button
            type="button"
            className="icon-button"
            aria-label={`Delete ${ids.label.toLowerCase()}`}
            data-testid={`nacl-rule-delete-${ids.suffix}`}
            onClick={() => {
              if (!rule) {
                onDone?.();
                return;
              }
              const r = ws.dispatch({ type: 'nacl-rule.remove', networkAclId: acl.id, direction, ruleNumber: rule.ruleNumber });
              row.refuse(r.ok ? null : r.error);
            }}
          >
            <Icon name="trash" />
          </button>
        </div>
      </div>
      <RowMessages ids={ids} fields={FIELDS} row={row} names={{ cidr: direction === 'inbound' ? 'Source' : 'Destination' }} />
    </div>
  );
}
