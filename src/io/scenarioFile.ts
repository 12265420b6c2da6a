/**
 * Scenario files as text: reading one (JSON first, then the schema, each failure in words that
 * name the field) and writing one (the file form, pretty-printed so that a person can diff it).
 */
import type { NetworkDocument } from '../domain/document';
import { toScenarioFile } from '../domain/scenarioFile';
import { parseDocument } from '../domain/schema';

export type LoadResult = { ok: true; document: NetworkDocument } | { ok: false; errors: string[] };

/** What a saved file's name ends with, so that the file says which app opens it. */
export const SCENARIO_FILE_SUFFIX = '.stateful.json';

export function loadScenarioText(text: string): LoadResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [`the file is not valid JSON: ${(e as Error).message}`] };
  }
  return parseDocument(json);
}

/** The document as scenario file text; `loadScenarioText` reads it back to the same document. */
export function saveScenarioText(doc: NetworkDocument): string {
  return `${JSON.stringify(toScenarioFile(doc), null, 2)}\n`;
}

/**
 * A file name made from the document's name. Reduced to letters, digits and dashes because a
 * scenario name is free text ("Web / DB: v2") and every OS forbids some of it in a file name.
 */
export function scenarioFileName(doc: NetworkDocument): string {
  const slug = doc.name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return `${slug || 'scenario'}${SCENARIO_FILE_SUFFIX}`;
}
