/**
 * Scenario file v1: the zod schema of `NetworkDocument` and the one entry point that turns
 * untrusted JSON into a document. The shape lives here, single-field formats (CIDRs, addresses,
 * protocols) in `schemaFields.ts`. Checks that compare fields with each other live in
 * `validate.ts` and run only once the shape holds, so that they can trust every type.
 *
 * The file speaks AWS's language where the document does not: a security group rule names its
 * `source` (inbound) or its `destination` (outbound), and parsing turns either into the
 * document's `peer`. `toScenarioFile` (in `scenarioFile.ts`) goes the other way.
 */
import { z } from 'zod';
import { DOCUMENT_VERSION, type NetworkDocument } from './document';
import type { Brand } from './ids';
import { formatIssue, show, type DocumentIssue, type PathPart } from './issuePath';
import { anyCidr, awsBlock, cidr6, destination, icmpField, id, ipv4, ipv6, plId, port, protocol, seconds, sgId, source, text, timeout } from './schemaFields';
import { fromZodIssues } from './schemaIssues';
import { TIMEOUT_BOUNDS, type Settings } from './settings';
import { validateDocument } from './validate';

export const SUPPORTED_VERSIONS: readonly number[] = [DOCUMENT_VERSION];

const settingsShape = {
  tcpEstablishedTimeout: timeout(TIMEOUT_BOUNDS.tcpEstablishedTimeout),
  tcpEstablishedTimeoutNitroV6: timeout(TIMEOUT_BOUNDS.tcpEstablishedTimeout),
  udpTimeout: timeout(TIMEOUT_BOUNDS.udpTimeout),
  udpStreamTimeout: timeout(TIMEOUT_BOUNDS.udpStreamTimeout),
  otherProtocolTimeout: z.int().min(1).max(432000),
  icmpTimeout: z.int().min(1).max(432000),
  tcpOpeningTimeout: z.int().min(1).max(432000),
  tcpClosingTimeout: z.int().min(1).max(432000),
  tcpClosedTimeout: z.int().min(1).max(432000),
  expiryInclusive: z.boolean(),
  tcpMidstreamPickup: z.boolean(),
  untrackedAfterChange: z.enum(['rules', 'track']),
  newGroupIpv6Egress: z.boolean(),
  conntrackAllowance: z.int().min(1).max(10_000_000),
  blockOutboundSmtp: z.boolean(),
  maxGroupsPerEni: z.int().min(1).max(16),
  maxRulesPerGroup: z.int().min(1).max(1000),
  maxNaclRules: z.int().min(1).max(40),
  transitMs: z.number().min(0).max(60_000),
  checkMs: z.number().min(0).max(60_000),
  responseDelayMs: z.number().min(0).max(60_000),
  ephemeralFrom: z.int().min(1).max(65535),
  ephemeralTo: z.int().min(1).max(65535),
} satisfies Record<keyof Settings, z.ZodType>;

export const settingsSchema = z.strictObject(settingsShape).partial();

const sgRuleFields = {
  protocol,
  fromPort: port.optional(),
  toPort: port.optional(),
  icmpType: icmpField.optional(),
  icmpCode: icmpField.optional(),
};

/** An inbound rule names its `source`; in the document it becomes the rule's `peer`. */
export const inboundRuleSchema = z
  .strictObject({ ...sgRuleFields, source, description: text.optional() })
  .transform(({ source, ...rule }) => ({ ...rule, peer: source }));

/** An outbound rule names its `destination`; in the document it becomes the rule's `peer`. */
export const outboundRuleSchema = z
  .strictObject({ ...sgRuleFields, destination, description: text.optional() })
  .transform(({ destination, ...rule }) => ({ ...rule, peer: destination }));

export const naclRuleSchema = z.strictObject({
  ruleNumber: z.int().min(1).max(32766),
  protocol,
  action: z.enum(['allow', 'deny']),
  cidr: anyCidr,
  fromPort: port.optional(),
  toPort: port.optional(),
  icmpType: icmpField.optional(),
  icmpCode: icmpField.optional(),
});

const listener = z.strictObject({ protocol, port });
const direction = z.enum(['inbound', 'outbound']);
const address = z.enum(['private', 'public', 'ipv6']).optional();

const securityGroup = z.strictObject({
  id: sgId,
  name: text,
  vpcId: id,
  description: text.optional(),
  isDefault: z.boolean().optional(),
  inbound: z.array(inboundRuleSchema),
  outbound: z.array(outboundRuleSchema),
});

const networkAcl = z.strictObject({
  id,
  name: text,
  vpcId: id,
  isDefault: z.boolean().optional(),
  inbound: z.array(naclRuleSchema),
  outbound: z.array(naclRuleSchema),
});

const prefixList = z.strictObject({
  id: plId,
  name: text,
  family: z.literal([4, 6]),
  maxEntries: z.int().min(1).max(1000),
  entries: z.array(z.strictObject({ cidr: anyCidr, description: text.optional() })),
});

const eni = z.strictObject({
  id,
  subnetId: id,
  privateIp: ipv4,
  publicIp: ipv4.optional(),
  ipv6: ipv6.optional(),
  securityGroupIds: z.array(sgId),
  connectionTracking: z
    .strictObject({
      tcpEstablishedTimeout: timeout(TIMEOUT_BOUNDS.tcpEstablishedTimeout).optional(),
      udpTimeout: timeout(TIMEOUT_BOUNDS.udpTimeout).optional(),
      udpStreamTimeout: timeout(TIMEOUT_BOUNDS.udpStreamTimeout).optional(),
    })
    .optional(),
});

const instance = z.strictObject({
  id,
  name: text,
  nitroV6: z.boolean().optional(),
  conntrackAllowance: z.int().min(1).max(10_000_000).optional(),
  listens: z.array(listener).optional(),
  enis: z.array(eni),
});

const externalHost = z.strictObject({
  id,
  name: text,
  kind: z.enum(['client', 'server']),
  ipv4: ipv4.optional(),
  ipv6: ipv6.optional(),
  automaticallyTracked: z.boolean().optional(),
  listens: z.array(listener).optional(),
});

/** One object type with the fields of `T` (an intersection read as the object it describes). */
type Flat<T> = { [K in keyof T]: T[K] };

// A rule change's rule has the shape of its direction, so the change is read in two forms, told
// apart by `direction`. Both give the same document object, whose rule names `peer` either way.
const ruleChangeOf = <D extends 'inbound' | 'outbound', R extends z.ZodType>(dir: D, rule: R) =>
  z.strictObject({
    kind: z.enum(['add-rule', 'remove-rule']),
    at: seconds,
    id: id.optional(),
    groupId: sgId,
    direction: z.literal(dir),
    rule: rule.optional(),
    index: z.int().min(0).optional(),
  });
const inboundChange = ruleChangeOf('inbound', inboundRuleSchema);
type RuleChangeOutput = Flat<Omit<z.output<typeof inboundChange>, 'direction'> & { direction: 'inbound' | 'outbound' }>;
const ruleChange = z
  .discriminatedUnion('direction', [inboundChange, ruleChangeOf('outbound', outboundRuleSchema)])
  .transform((change): RuleChangeOutput => change);

const traffic = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('request'),
    at: seconds,
    id: id.optional(),
    from: id,
    to: id,
    service: z.enum(['http', 'https', 'ssh', 'rdp', 'dns', 'ping', 'postgresql', 'mysql']).optional(),
    protocol: protocol.optional(),
    port: port.optional(),
    sourcePort: port.optional(),
    address,
  }),
  z.strictObject({
    kind: z.literal('packet'),
    at: seconds,
    id: id.optional(),
    from: id,
    to: id,
    protocol,
    sourcePort: port.optional(),
    destinationPort: port.optional(),
    icmpType: z.int().min(0).max(255).optional(),
    icmpCode: z.int().min(0).max(255).optional(),
    icmpId: port.optional(),
    flags: z.enum(['S', 'SA', 'A', 'D', 'F', 'R']).optional(),
    address,
  }),
  ruleChange,
  z.strictObject({
    kind: z.enum(['add-nacl-rule', 'remove-nacl-rule']),
    at: seconds,
    id: id.optional(),
    networkAclId: id,
    direction,
    rule: naclRuleSchema.optional(),
    ruleNumber: z.int().min(1).max(32766).optional(),
  }),
]);

const expectation = z.strictObject({
  traffic: id,
  packet: z.enum(['request', 'response']).optional(),
  verdict: z.enum(['allowed', 'dropped']),
  hop: z.enum(['sg-egress', 'nacl-out', 'igw', 'nacl-in', 'sg-ingress']).optional(),
  note: text.optional(),
});

export const documentSchema = z.strictObject({
  /** Lets editors find the JSON Schema; it is not part of the document and is dropped on load. */
  $schema: z.string().optional(),
  version: z.literal(DOCUMENT_VERSION),
  name: text,
  description: text.optional(),
  settings: settingsSchema.optional(),
  vpcs: z.array(z.strictObject({ id, name: text, cidr: awsBlock('VPC'), ipv6Cidr: cidr6.optional() })),
  internetGateways: z.array(z.strictObject({ id, vpcId: id })),
  subnets: z.array(z.strictObject({ id, name: text, vpcId: id, cidr: awsBlock('subnet'), ipv6Cidr: cidr6.optional(), networkAclId: id })),
  networkAcls: z.array(networkAcl),
  securityGroups: z.array(securityGroup),
  prefixLists: z.array(prefixList),
  instances: z.array(instance),
  externalHosts: z.array(externalHost),
  layout: z.record(
    z.string(),
    z.strictObject({ x: z.number(), y: z.number(), w: z.number().positive().optional(), h: z.number().positive().optional() }),
  ),
  traffic: z.array(traffic),
  expectations: z.array(expectation),
});

// Compile-time proof that the schema and the document type describe the same data: any field
// added to one and not the other breaks the build here.
type Unbranded<T> = T extends Brand<string, string>
  ? string
  : T extends readonly (infer U)[]
    ? Unbranded<U>[]
    : T extends object
      ? { [K in keyof T]: Unbranded<T[K]> }
      : T;
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Parsed = Omit<z.output<typeof documentSchema>, '$schema'>;
const schemaMatchesDocument: Same<Parsed, Unbranded<NetworkDocument>> = true;
void schemaMatchesDocument;

/** A scenario file as a person writes it: what `documentSchema` reads (`toScenarioFile` writes one). */
export type ScenarioFile = z.input<typeof documentSchema>;

export type ParseResult = { ok: true; document: NetworkDocument } | { ok: false; errors: string[] };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The version gate runs first: a file from another version would otherwise drown in shape errors. */
function versionIssue(input: Record<string, unknown>): DocumentIssue | null {
  const v = input['version'];
  const supported = `this build reads version ${SUPPORTED_VERSIONS.join(', ')}`;
  if (v === undefined) return { path: ['version'], message: `is missing (${supported})` };
  return typeof v === 'number' && SUPPORTED_VERSIONS.includes(v) ? null : { path: ['version'], message: `${show(v)} is not a supported version (${supported})` };
}

/**
 * Which way the security group rule at `path` faces, or null when no such rule is there: its
 * group's list tells, or for a rule change, the change's direction. Lets shape errors about a
 * rule's remote side say which name the rule takes (`schemaIssues.ts`).
 */
function sgRuleDirectionAt(input: Record<string, unknown>, path: readonly PathPart[]): 'inbound' | 'outbound' | null {
  const [list, i, field, j] = path;
  if (path.length === 4 && list === 'securityGroups' && typeof i === 'number' && (field === 'inbound' || field === 'outbound') && typeof j === 'number') return field;
  if (path.length !== 3 || list !== 'traffic' || typeof i !== 'number' || field !== 'rule') return null;
  const items = input['traffic'];
  const item: unknown = Array.isArray(items) ? items[i] : undefined;
  if (!isRecord(item) || (item['kind'] !== 'add-rule' && item['kind'] !== 'remove-rule')) return null;
  const direction = item['direction'];
  return direction === 'inbound' || direction === 'outbound' ? direction : null;
}

/** Checks untrusted data against scenario file v1; every error names the field it is about. */
export function parseDocument(input: unknown): ParseResult {
  if (!isRecord(input)) return { ok: false, errors: [formatIssue({ path: [], message: `${show(input)} is not a scenario (expected an object)` })] };
  const version = versionIssue(input);
  if (version) return { ok: false, errors: [formatIssue(version)] };
  const shape = documentSchema.safeParse(input, { reportInput: true });
  if (!shape.success) return { ok: false, errors: fromZodIssues(shape.error.issues, (path) => sgRuleDirectionAt(input, path)).map(formatIssue) };
  const { $schema, ...data } = shape.data;
  void $schema;
  // The shape holds, so every id is a string of the right role: brand it for the rest of the code.
  const document = data as NetworkDocument;
  const problems = validateDocument(document);
  return problems.length > 0 ? { ok: false, errors: problems.map(formatIssue) } : { ok: true, document };
}
