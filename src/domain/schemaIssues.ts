/**
 * Zod's issues rewritten in the document's own voice: the field's path, the value in quotes,
 * then what is wrong, so that a person can find and fix the field without knowing zod.
 */
import type { z } from 'zod';
import { show, type DocumentIssue, type PathPart } from './issuePath';

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
      return iss.keys.map((key) => ({ path: [...path, key], message: 'is not a known field (check its spelling)' }));
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
