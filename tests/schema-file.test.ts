import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { SCHEMA_PATH, scenarioSchemaText } from '../scripts/write-schema';

describe('docs/scenario.schema.json', () => {
  it('matches the schema the app loads files with (run `npm run schema` after changing it)', () => {
    expect(readFileSync(SCHEMA_PATH, 'utf8')).toBe(scenarioSchemaText());
  });

  it('describes scenario file v1: strict objects, version 1, the traffic kinds', () => {
    const schema = JSON.parse(scenarioSchemaText()) as {
      $id: string;
      additionalProperties: boolean;
      required: string[];
      properties: { version: { const: number }; traffic: { items: { oneOf: unknown[] } } };
    };
    expect(schema.$id).toBe('urn:stateful:scenario:v1');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.version.const).toBe(1);
    expect(schema.required).toContain('securityGroups');
    expect(schema.properties.traffic.items.oneOf).toHaveLength(4);
  });
});
