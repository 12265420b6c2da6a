/** Reading a scenario file's text: JSON first, then the schema, each failure in words. */
import type { NetworkDocument } from '../domain/document';
import { parseDocument } from '../domain/schema';

export type LoadResult = { ok: true; document: NetworkDocument } | { ok: false; errors: string[] };

export function loadScenarioText(text: string): LoadResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [`the file is not valid JSON: ${(e as Error).message}`] };
  }
  return parseDocument(json);
}
