/**
 * The cells a security group rule and a network ACL rule share: the console's Type select, the
 * protocol and the port range (or ICMP type and code), plus the lines under a row for its
 * errors, the engine's refusal and its warnings. Each input names its rule in its label and
 * points at its own error with aria-describedby, so a screen reader hears which field is wrong.
 */
import type { KeyboardEvent, ReactNode } from 'react';
import { PRESETS, applyPreset, draftFields, isPresetId, type TrafficDraft } from '../domain/ruleDraft';
import { protocolLabel } from '../domain/protocol';
import type { RuleDraftRow } from './useRuleDraft';

type TrafficField = 'type' | 'protocol' | 'ports' | 'icmp';

export interface RowIds {
  /** Unique in the page: DOM ids derive from it. */
  dom: string;
  /** What tests call the row's parts: `${test}-type-${suffix}`. */
  test: string;
  suffix: string;
  /** How labels name the row: "Inbound rule 2". */
  label: string;
}

export const errorId = (ids: RowIds, field: string): string => `${ids.dom}-${field}-error`;

/** Props that tie an input to its error, and mark it invalid while the error shows. */
export function describedBy(ids: RowIds, field: string, error: string | null): { 'aria-invalid': boolean; 'aria-describedby'?: string } {
  return error ? { 'aria-invalid': true, 'aria-describedby': errorId(ids, field) } : { 'aria-invalid': false };
}

/** Enter commits the row, as in a spreadsheet; Escape is left to the browser. */
export function enterCommits(commit: () => void) {
  return (e: KeyboardEvent): void => {
    if (e.key === 'Enter') {
      e.preventDefault();
      commit();
    }
  };
}

export function TrafficCells<D extends TrafficDraft, F extends string>({ row, ids }: { row: RuleDraftRow<D, F | TrafficField>; ids: RowIds }) {
  const d = row.draft;
  const f = draftFields(d);
  const t = (part: string) => `${ids.test}-${part}-${ids.suffix}`;
  const protoError = row.errorFor('protocol');
  const portError = row.errorFor('ports');
  const icmpError = row.errorFor('icmp');
  const set = (patch: Partial<TrafficDraft>) => row.change({ ...d, ...patch });
  const commit = () => row.commitAll();
  return (
    <>
      <div className="rule-cell">
        <select
          aria-label={`${ids.label} type`}
          data-testid={t('type')}
          value={d.type}
          onChange={(e) => {
            // Picking a preset is a complete edit in itself, as in the console.
            if (isPresetId(e.target.value)) row.leave('type', applyPreset(d, e.target.value));
          }}
        >
          {PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </div>
      <div className="rule-cell">
        {f.protocolEditable ? (
          <input
            aria-label={`${ids.label} protocol`}
            data-testid={t('protocol')}
            placeholder="e.g. 47"
            value={d.protocol}
            {...describedBy(ids, 'protocol', protoError)}
            onChange={(e) => set({ protocol: e.target.value })}
            onBlur={() => row.leave('protocol')}
            onKeyDown={enterCommits(commit)}
          />
        ) : (
          <span className="rule-fixed" data-testid={t('protocol')}>
            {f.protocol === null ? '' : protocolLabel(f.protocol)}
          </span>
        )}
      </div>
      <div className="rule-cell">
        {f.kind === 'ports' && f.portsEditable ? (
          <input
            aria-label={`${ids.label} port range`}
            data-testid={t('ports')}
            placeholder="8000-8100"
            inputMode="numeric"
            value={d.ports}
            {...describedBy(ids, 'ports', portError)}
            onChange={(e) => set({ ports: e.target.value })}
            onBlur={() => row.leave('ports')}
            onKeyDown={enterCommits(commit)}
          />
        ) : f.kind === 'icmp' && f.icmpEditable ? (
          <span className="rule-icmp">
            <input
              aria-label={`${ids.label} ICMP type (empty or -1 for all)`}
              data-testid={t('icmp-type')}
              placeholder="type"
              value={d.icmpType}
              {...describedBy(ids, 'icmp', icmpError)}
              onChange={(e) => set({ icmpType: e.target.value })}
              onBlur={() => row.leave('icmp')}
              onKeyDown={enterCommits(commit)}
            />
            <input
              aria-label={`${ids.label} ICMP code (empty or -1 for all)`}
              data-testid={t('icmp-code')}
              placeholder="code"
              value={d.icmpCode}
              {...describedBy(ids, 'icmp', icmpError)}
              onChange={(e) => set({ icmpCode: e.target.value })}
              onBlur={() => row.leave('icmp')}
              onKeyDown={enterCommits(commit)}
            />
          </span>
        ) : (
          <span className="rule-fixed" data-testid={t('ports')}>
            {f.kind === 'ports' ? d.ports : f.kind === 'icmp' ? icmpText(d) : 'All'}
          </span>
        )}
      </div>
    </>
  );
}

function icmpText(d: TrafficDraft): string {
  if (d.icmpType === '') return 'All';
  return d.icmpCode === '' ? `type ${d.icmpType}` : `${d.icmpType}/${d.icmpCode}`;
}

const FIELD_NAMES: Record<string, string> = {
  type: 'Type',
  protocol: 'Protocol',
  ports: 'Port range',
  icmp: 'ICMP',
  peer: 'Source',
  description: 'Description',
  ruleNumber: 'Rule number',
  cidr: 'CIDR',
  action: 'Allow/Deny',
};

/** Lines under a row: each error with the field it belongs to, the refusal, the warnings. */
export function RowMessages<F extends string>({
  ids,
  fields,
  row,
  names = {},
  warnings = [],
}: {
  ids: RowIds;
  fields: readonly F[];
  row: Pick<RuleDraftRow<unknown, F>, 'errorFor' | 'refusal'>;
  names?: Partial<Record<string, string>>;
  warnings?: readonly string[];
}): ReactNode {
  const errors = fields.flatMap((field) => {
    const message = row.errorFor(field);
    return message ? [{ field, message }] : [];
  });
  if (errors.length === 0 && !row.refusal && warnings.length === 0) return null;
  return (
    <div className="rule-messages">
      {errors.map((e) => (
        <p key={e.field} id={errorId(ids, e.field)} className="rule-error" data-testid={`${ids.test}-error-${e.field}-${ids.suffix}`}>
          <strong>{names[e.field] ?? FIELD_NAMES[e.field] ?? e.field}:</strong> {e.message}
        </p>
      ))}
      {row.refusal ? (
        <p className="rule-error" role="alert" data-testid={`${ids.test}-refusal-${ids.suffix}`}>
          {row.refusal}
        </p>
      ) : null}
      {warnings.map((w) => (
        <p key={w} className="rule-warning" data-testid={`${ids.test}-warning-${ids.suffix}`}>
          <span aria-hidden="true">⚠</span> {w}
        </p>
      ))}
    </div>
  );
}
