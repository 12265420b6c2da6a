/**
 * Problems found in a document, each tied to the field it is about, so that a message can say
 * `securityGroups[1].inbound[0].source: …` and an editor can highlight the same field.
 */
export type PathPart = string | number;

export interface DocumentIssue {
  path: readonly PathPart[];
  /** Plain English, starting with the offending value in quotes where there is one. */
  message: string;
}

/** `['securityGroups', 1, 'inbound', 0, 'source']` → `securityGroups[1].inbound[0].source`. */
export function formatPath(path: readonly PathPart[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out === '' ? 'document' : out;
}

export function formatIssue(issue: DocumentIssue): string {
  return `${formatPath(issue.path)}: ${issue.message}`;
}

/** A value as the message quotes it: strings in double quotes, long values cut short. */
export function show(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
