/**
 * Zod's issues rewritten in the document's own voice: the field's path, the value in quotes,
 * then what is wrong, so that a person can find and fix the field without knowing zod.
 */
import type { z } from 'zod';
import { PEER_FIELD } from './document';
import { formatPath, show, type DocumentIssue, type PathPart } from './issuePath';

type Issue = z.core.$ZodIssue;

const NOUNS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  record: 'an object',
};

const UNKNOWN_FIELD = 'is not a known field (check its spelling)';

function noun(expected: string): string {
  return NOUNS[expected] ?? `a ${expected}`;
}

function toPath(path: readonly PropertyKey[]): PathPart[] {
  return path.map((p) => (typeof p === 'number' ? p : String(p)));
}

function hasInput(iss: Issue): boolean {
  return 'input' in iss && iss.input !== undefined;
}

function oneOf(values: readonly unknown[]): string {
  return values.map((v) => show(v)).join(', ');
}

function tooSmall(iss: Extract<Issue, { code: 'too_small' }>): string {
  const min = String(iss.minimum);
  if (iss.origin === 'string') return Number(iss.minimum) <= 1 ? `${show(iss.input)} is empty` : `${show(iss.input)} is shorter than ${min} characters`;
  if (iss.origin === 'array') return `has ${Array.isArray(iss.input) ? iss.input.length : 'too few'} items; it needs at least ${min}`;
  return iss.inclusive === false ? `${show(iss.input)} must be more than ${min}` : `${show(iss.input)} is below the minimum of ${min}`;
}

function tooBig(iss: Extract<Issue, { code: 'too_big' }>): string {
  const max = String(iss.maximum);
  if (iss.origin === 'string') return `${show(iss.input)} is longer than ${max} characters`;
  if (iss.origin === 'array') return `has ${Array.isArray(iss.input) ? iss.input.length : 'too many'} items; it takes at most ${max}`;
  return iss.inclusive === false ? `${show(iss.input)} must be less than ${max}` : `${show(iss.input)} is above the maximum of ${max}`;
}

/** One zod issue becomes one or more document issues (one per unknown field). */
export function fromZodIssue(iss: Issue): DocumentIssue[] {
  const path = toPath(iss.path);
  const one = (message: string): DocumentIssue[] => [{ path, message }];
  switch (iss.code) {
    case 'invalid_type':
      return one(hasInput(iss) ? `${show(iss.input)} is not ${noun(iss.expected)}` : `is missing (expected ${noun(iss.expected)})`);
    case 'too_small':
      return one(tooSmall(iss));
    case 'too_big':
      return one(tooBig(iss));
    case 'invalid_value':
      return one(hasInput(iss) ? `${show(iss.input)} is not one of ${oneOf(iss.values)}` : `is missing (expected one of ${oneOf(iss.values)})`);
    case 'unrecognized_keys':
      return iss.keys.map((key) => ({ path: [...path, key], message: UNKNOWN_FIELD }));
    case 'invalid_union': {
      if (iss.discriminator !== undefined && 'options' in iss && iss.options) {
        // Zod already points the path at the discriminator, but reports the whole object as input.
        const input: unknown = iss.input;
        const value = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[iss.discriminator] : undefined;
        const options = oneOf(iss.options);
        return one(value === undefined ? `is missing (expected one of ${options})` : `${show(value)} is not one of ${options}`);
      }
      return one(`${show(iss.input)} does not match any allowed form`);
    }
    case 'invalid_key':
      return one(`${show(iss.input)} is not an allowed key`);
    case 'not_multiple_of':
      return one(`${show(iss.input)} is not a multiple of ${iss.divisor}`);
    default:
      // Custom checks and string formats carry messages written in this file's style already.
      return one(iss.message);
  }
}

/** Which way the security group rule at a path faces, or null when the path is not such a rule. */
export type RuleDirectionAt = (rulePath: readonly PathPart[]) => 'inbound' | 'outbound' | null;

/**
 * The names a rule's remote side must not have in a direction: the other direction's name (a rule
 * copied from the other list, or a rule change whose direction was flipped) and the document's
 * own `peer`, which files never use.
 */
function misnamesOf(direction: 'inbound' | 'outbound'): string[] {
  return [PEER_FIELD[direction === 'inbound' ? 'outbound' : 'inbound'], 'peer'];
}

/**
 * Every zod issue of one parse, rewritten by `fromZodIssue`, except that a security group rule
 * whose remote side has the wrong name (`source` in an outbound rule, `destination` in an inbound
 * one, or `peer`) gets one issue that says which name the rule takes, instead of "unknown field"
 * plus "missing field".
 */
export function fromZodIssues(issues: readonly Issue[], directionAt: RuleDirectionAt): DocumentIssue[] {
  const misnamed = new Map<string, 'inbound' | 'outbound'>();
  for (const iss of issues) {
    if (iss.code !== 'unrecognized_keys') continue;
    const direction = directionAt(toPath(iss.path));
    if (direction && iss.keys.some((key) => misnamesOf(direction).includes(key))) misnamed.set(formatPath(toPath(iss.path)), direction);
  }
  return issues.flatMap((iss): DocumentIssue[] => {
    const path = toPath(iss.path);
    if (iss.code === 'unrecognized_keys') {
      const direction = misnamed.get(formatPath(path));
      if (direction) {
        const right = PEER_FIELD[direction];
        const input: unknown = iss.input;
        const hasRight = typeof input === 'object' && input !== null && right in input;
        return iss.keys.map((key) =>
          misnamesOf(direction).includes(key)
            ? { path: [...path, key], message: `is not a field of an ${direction} rule, which names its ${right}${hasRight ? '' : ` (rename ${key} to ${right})`}` }
            : { path: [...path, key], message: UNKNOWN_FIELD },
        );
      }
    }
    // The right name is missing because the wrong one was used: the issue above says so.
    if (iss.code === 'invalid_type' && !hasInput(iss) && path.length > 0) {
      const direction = misnamed.get(formatPath(path.slice(0, -1)));
      if (direction && path[path.length - 1] === PEER_FIELD[direction]) return [];
    }
    return fromZodIssue(iss);
  });
}
