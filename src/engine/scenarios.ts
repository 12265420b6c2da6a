/**
 * The built-in scenarios shipped in assets/scenarios, validated like any opened file. Bundled by
 * Vite at build time, so the app needs no server to list them.
 */
import type { NetworkDocument } from '../domain/document';
import { parseDocument } from '../domain/schema';

export interface BuiltinScenario {
  /** File name without `.json`, e.g. `01-classic-http-no-outbound`. */
  slug: string;
  document: NetworkDocument;
}

const files = import.meta.glob<unknown>('../../assets/scenarios/*.json', { eager: true, import: 'default' });

function load(): BuiltinScenario[] {
  return Object.entries(files)
    .map(([path, json]) => {
      const slug = path.replace(/^.*\//, '').replace(/\.json$/, '');
      const parsed = parseDocument(json);
      if (!parsed.ok) throw new Error(`built-in scenario ${slug} is invalid: ${parsed.errors.join('; ')}`);
      return { slug, document: parsed.document };
    })
    .sort((a, b) => a.slug.localeCompare(b.slug));
}

export const BUILTIN_SCENARIOS: readonly BuiltinScenario[] = load();

export const DEFAULT_SCENARIO = '01-classic-http-no-outbound';
