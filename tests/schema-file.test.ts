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

  it('names a rule\'s remote side as AWS does: source inbound, destination outbound, never peer', () => {
    interface ObjectSchema {
      properties: Record<string, ObjectSchema & { const?: string }>;
      required: string[];
      items: ObjectSchema;
      oneOf: ObjectSchema[];
    }
    const schema = JSON.parse(scenarioSchemaText()) as ObjectSchema;
    const group = schema.properties['securityGroups']!.items;
    const rule = (s: ObjectSchema) => ({ fields: Object.keys(s.properties), required: s.required });
    expect(rule(group.properties['inbound']!.items)).toMatchObject({ fields: expect.arrayContaining(['source']) as unknown, required: ['protocol', 'source'] });
    expect(rule(group.properties['outbound']!.items)).toMatchObject({ fields: expect.arrayContaining(['destination']) as unknown, required: ['protocol', 'destination'] });
    // Rule changes come in two forms, one per direction, each with the rule of its direction.
    const changes = schema.properties['traffic']!.items.oneOf.find((o) => o.oneOf !== undefined)!.oneOf;
    expect(changes.map((c) => [c.properties['direction']!.const, c.properties['rule']!.required])).toEqual([
      ['inbound', ['protocol', 'source']],
      ['outbound', ['protocol', 'destination']],
    ]);
    expect(scenarioSchemaText()).not.toContain('"peer"');
  });
});
