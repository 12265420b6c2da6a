/**
 * The state of one rule row while a person edits it, shared by the security group and network
 * ACL tables: which errors to show when, and when a draft becomes a command. Kept out of the
 * components so both tables commit, refuse and follow undo the same way.
 */
import { useState } from 'react';
import type { DraftError } from '../domain/ruleDraft';

type Check<D, F extends string, R> = (d: D) => { ok: true; rule: R } | { ok: false; errors: DraftError<F>[] };

export interface RuleDraftRow<D, F extends string> {
  draft: D;
  /** Errors to show, by field: a new row only shows those of fields the person has left. */
  errorFor(field: F): string | null;
  /** Why the engine refused the last commit (a quota, a clash with another rule). */
  refusal: string | null;
  change(next: D): void;
  /** Leaving a field: marks it as touched and commits the row when it is valid. */
  leave(field: F, next?: D): void;
  /** Enter, or a preset picked: every error shows, and a valid row is committed. */
  commitAll(next?: D): void;
  /** Shows a refusal that came from elsewhere (a delete the engine refused). */
  refuse(message: string | null): void;
}

/**
 * One editable rule row: the draft the person types, the errors of the last attempt, and the
 * commit that hands a valid rule to `save` (a dispatch) only when it differs from the stored
 * one. When the stored rule changes under the row (undo, a rule above deleted) the draft
 * follows it, so the row never shows a rule the document does not hold.
 */
export function useRuleDraft<D, F extends string, R>(opts: {
  stored: D;
  /** Identity of the stored rule: a new object means the document changed under the row. */
  source: unknown;
  isNew: boolean;
  check: Check<D, F, R>;
  same: (rule: R) => boolean;
  save: (rule: R) => string | null;
}): RuleDraftRow<D, F> {
  const { stored, source, isNew, check, same, save } = opts;
  const [seen, setSeen] = useState(source);
  const [draft, setDraft] = useState(stored);
  const [errors, setErrors] = useState<DraftError<F>[]>([]);
  const [touched, setTouched] = useState<ReadonlySet<F> | 'all'>(isNew ? new Set() : 'all');
  const [refusal, setRefusal] = useState<string | null>(null);
  if (source !== seen) {
    // React's "adjust state while rendering": cheaper and flicker-free compared with an effect.
    setSeen(source);
    setDraft(stored);
    setErrors([]);
    setRefusal(null);
  }

  const attempt = (next: D, mark: ReadonlySet<F> | 'all'): void => {
    setDraft(next);
    setTouched(mark);
    const r = check(next);
    if (!r.ok) {
      setErrors(r.errors);
      return;
    }
    setErrors([]);
    if (same(r.rule)) return;
    setRefusal(save(r.rule));
  };

  return {
    draft,
    refusal,
    errorFor: (field) => {
      if (touched !== 'all' && !touched.has(field)) return null;
      return errors.find((e) => e.field === field)?.message ?? null;
    },
    change: (next) => {
      setDraft(next);
      setRefusal(null);
      // Once an error shows, fixing the field clears it as the person types.
      if (errors.length > 0) {
        const r = check(next);
        setErrors(r.ok ? [] : r.errors);
      }
    },
    leave: (field, next = draft) => attempt(next, touched === 'all' ? 'all' : new Set([...touched, field])),
    commitAll: (next = draft) => attempt(next, 'all'),
    refuse: setRefusal,
  };
}
