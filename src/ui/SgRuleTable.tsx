/**
 * One direction of a security group as an editable table, rule per row, as the console's "Edit
 * inbound rules" page but edited in place: a row is committed through the workspace when it is
 * valid, as one undo step, and shows its errors, the engine's refusal and its warnings below.
 */
import { useState } from 'react';
import type { SecurityGroup, SgRule } from '../domain/document';
import { PEER_FIELD } from '../domain/document';
import { blankSgDraft, draftToSgRule, ruleWarnings, sgRuleToDraft, type SgDraftContext, type SgDraftField, type SgRuleDraft } from '../domain/ruleDraft';
import type { Workspace } from '../engine/workspace';
import { Icon } from './Icon';
import { RowMessages, TrafficCells, describedBy, enterCommits, type RowIds } from './RuleCells';
import { useRuleDraft } from './useRuleDraft';

type Direction = 'inbound' | 'outbound';

const FIELDS: readonly SgDraftField[] = ['type', 'protocol', 'ports', 'icmp', 'peer', 'description'];
const TITLE: Record<Direction, string> = { inbound: 'Inbound rules', outbound: 'Outbound rules' };
/** The stored rule as a draft would write it, so that key order or a spelling ("6" for tcp) is no edit. */
function canonical(rule: SgRule): string {
  const r = draftToSgRule(sgRuleToDraft(rule));
  return JSON.stringify(r.ok ? r.rule : rule);
}

export function SgRuleTable({ ws, group, direction, ctx, peerList }: { ws: Workspace; group: SecurityGroup; direction: Direction; ctx: SgDraftContext; peerList: string }) {
  const rules = group[direction];
  // New rows live here until they are valid; their keys outlive renders, not commits.
  const [pending, setPending] = useState<number[]>([]);
  const [nextKey, setNextKey] = useState(1);
  const side = PEER_FIELD[direction] === 'source' ? 'Source' : 'Destination';
  return (
    <section className="rule-table" aria-label={`${TITLE[direction]} of ${group.name}`} data-testid={`sg-rules-${direction}`}>
      <h3>
        {TITLE[direction]} <span className="rule-count">{rules.length}</span>
      </h3>
      <div className="rule-grid sg-grid rule-head" aria-hidden="true">
        <span>Type</span>
        <span>Protocol</span>
        <span>Port range</span>
        <span>{side}</span>
        <span />
      </div>
      {rules.length === 0 && pending.length === 0 ? <p className="hint rule-empty">No {direction} rules: {direction === 'inbound' ? 'nothing may come in' : 'nothing may go out'} unless it answers a tracked connection.</p> : null}
      {rules.map((rule, i) => (
        <SgRuleRow key={i} ws={ws} group={group} direction={direction} ctx={ctx} peerList={peerList} index={i} rule={rule} />
      ))}
      {pending.map((k, j) => (
        <SgRuleRow key={`new-${k}`} ws={ws} group={group} direction={direction} ctx={ctx} peerList={peerList} index={rules.length + j} rule={null} onDone={() => setPending((p) => p.filter((x) => x !== k))} />
      ))}
      <button
        type="button"
        className="rule-add"
        data-testid={`sg-rule-add-${direction}`}
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

const BLANK = blankSgDraft();

function SgRuleRow(props: {
  ws: Workspace;
  group: SecurityGroup;
  direction: Direction;
  ctx: SgDraftContext;
  peerList: string;
  index: number;
  rule: SgRule | null;
  onDone?: () => void;
}) {
  const { ws, group, direction, ctx, peerList, index, rule, onDone } = props;
  const isNew = rule === null;
  const row = useRuleDraft<SgRuleDraft, SgDraftField, SgRule>({
    stored: rule ? sgRuleToDraft(rule) : BLANK,
    source: rule,
    isNew,
    check: (d) => draftToSgRule(d, ctx),
    same: (r) => rule !== null && JSON.stringify(r) === canonical(rule),
    save: (r) => {
      const res = isNew
        ? ws.dispatch({ type: 'sg-rule.add', groupId: group.id, direction, rule: r })
        : ws.dispatch({ type: 'sg-rule.replace', groupId: group.id, direction, index, rule: r });
      if (res.ok && onDone) onDone();
      return res.ok ? null : res.error;
    },
  });
  const ids: RowIds = { dom: `sg-${group.id}-${direction}-${index}`, test: 'sg-rule', suffix: `${direction}-${index}`, label: `${direction === 'inbound' ? 'Inbound' : 'Outbound'} rule ${index + 1}` };
  const side = PEER_FIELD[direction] === 'source' ? 'Source' : 'Destination';
  const d = row.draft;
  const peerError = row.errorFor('peer');
  const descError = row.errorFor('description');
  const committed = draftToSgRule(d, ctx);
  // Warnings speak of the rule as it would stand, so fixing the source clears it at once.
  const warnings = committed.ok ? ruleWarnings(committed.rule, direction) : rule ? ruleWarnings(rule, direction) : [];
  const peerName = ctx.groups.find((g) => g.id === d.peer.trim())?.name ?? ctx.prefixLists.find((p) => p.id === d.peer.trim())?.name;
  return (
    <div className={`rule-row${isNew ? ' rule-new' : ''}${warnings.length ? ' rule-risky' : ''}`} role="group" aria-label={ids.label} data-testid={`sg-rule-row-${ids.suffix}`}>
      <div className="rule-grid sg-grid">
        <TrafficCells row={row} ids={ids} />
        <div className="rule-cell">
          <input
            aria-label={`${ids.label} ${side.toLowerCase()}`}
            data-testid={`sg-rule-peer-${ids.suffix}`}
            list={peerList}
            placeholder="CIDR, sg-… or pl-…"
            value={d.peer}
            {...describedBy(ids, 'peer', peerError)}
            onChange={(e) => row.change({ ...d, peer: e.target.value })}
            onBlur={() => row.leave('peer')}
            onKeyDown={enterCommits(() => row.commitAll())}
          />
          {peerName ? <span className="rule-peer-name">{peerName}</span> : null}
        </div>
        <div className="rule-cell rule-actions">
          <button
            type="button"
            className="icon-button"
            aria-label={`Delete ${ids.label.toLowerCase()}`}
            title={isNew ? 'Discard this new rule' : 'Delete this rule'}
            data-testid={`sg-rule-delete-${ids.suffix}`}
            onClick={() => {
              if (isNew) {
                onDone?.();
                return;
              }
              const r = ws.dispatch({ type: 'sg-rule.remove', groupId: group.id, direction, index });
              row.refuse(r.ok ? null : r.error);
            }}
          >
            <Icon name="trash" />
          </button>
        </div>
        <div className="rule-cell rule-description">
          <input
            aria-label={`${ids.label} description`}
            data-testid={`sg-rule-description-${ids.suffix}`}
            placeholder="Description (optional)"
            value={d.description}
            {...describedBy(ids, 'description', descError)}
            onChange={(e) => row.change({ ...d, description: e.target.value })}
            onBlur={() => row.leave('description')}
            onKeyDown={enterCommits(() => row.commitAll())}
          />
        </div>
      </div>
      <RowMessages ids={ids} fields={FIELDS} row={row} names={{ peer: side }} warnings={warnings} />
    </div>
  );
}
