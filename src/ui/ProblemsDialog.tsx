/**
 * The list of what is wrong with a file or a link that was refused, one line per field, so a
 * person can fix them all in one pass. Modal, because the refusal is the answer to what they
 * just did; it says that nothing was changed, because that is the first worry.
 */
import { useEffect, useRef } from 'react';

export interface Problems {
  title: string;
  errors: readonly string[];
  /** What to do about it, after "Nothing was changed." */
  hint: string;
}

export interface ProblemsDialogProps {
  problems: Problems | null;
  onClose: () => void;
  testId: string;
}

/**
 * `securityGroups[0].inbound[1].source: "x" is …` split so the field stands out; the item's text
 * stays the engine's message word for word.
 */
function split(error: string): [string, string] {
  const at = error.indexOf(': ');
  return at > 0 && !error.slice(0, at).includes(' ') ? [error.slice(0, at), error.slice(at + 2)] : ['', error];
}

export function ProblemsDialog({ problems, onClose, testId }: ProblemsDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (problems && !d.open) d.showModal();
    if (!problems && d.open) d.close();
  }, [problems]);
  const count = problems?.errors.length ?? 0;
  return (
    <dialog ref={ref} className="problems" aria-labelledby={`${testId}-title`} data-testid={testId} onClose={onClose}>
      {problems ? (
        <>
          <header>
            <h2 id={`${testId}-title`}>{problems.title}</h2>
            <button type="button" onClick={onClose} aria-label="Close" data-testid={`${testId}-close`}>
              ×
            </button>
          </header>
          <p>
            {count === 1 ? 'One problem was found' : `${count} problems were found`}. Nothing was changed. {problems.hint}
          </p>
          <ol>
            {problems.errors.map((e, i) => {
              const [field, message] = split(e);
              return (
                <li key={i} data-testid={`${testId}-item`}>
                  {field ? <code>{field}:</code> : null}
                  {field ? ' ' : null}
                  {message}
                </li>
              );
            })}
          </ol>
        </>
      ) : null}
    </dialog>
  );
}
