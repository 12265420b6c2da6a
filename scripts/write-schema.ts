/**
 * Writes docs/scenario.schema.json, the JSON Schema of scenario file v1, from the zod schema the
 * app itself loads files with, so that editors can check and complete scenario files.
 * Run it with `npm run schema`; tests/schema-file.test.ts fails when the committed file is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { documentSchema } from '../src/domain/schema';

export const SCHEMA_PATH = fileURLToPath(new URL('../docs/scenario.schema.json', import.meta.url));

/** The file's exact text, ending in a newline. */
export function scenarioSchemaText(): string {
  // `input`: the schema describes what a person may write, before zod fills anything in.
  // Format checks done in code (CIDRs, protocols) have no JSON Schema form: they are left out, not fatal.
  const generated = z.toJSONSchema(documentSchema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });
  const { $schema, ...body } = generated;
  const schema = {
    $schema,
    $id: 'urn:stateful:scenario:v1',
    title: 'Stateful scenario file, version 1',
    description:
      'A network of VPCs, subnets, network ACLs, security groups and hosts, with a script of traffic and the verdicts expected for it. ' +
      'Address formats, references between objects and AWS quotas are checked when the file is loaded (src/domain/schema.ts and validate.ts).',
    ...body,
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

const runDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (runDirectly) {
  writeFileSync(SCHEMA_PATH, scenarioSchemaText());
  console.log(`wrote ${SCHEMA_PATH}`);
}
