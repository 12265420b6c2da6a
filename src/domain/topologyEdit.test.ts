import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyDocument } from './defaults';
import type { NetworkDocument } from './document';
import { formatIssue } from './issuePath';
import { parseDocument } from './schema';
import { asId, validDocument } from './schema.fixture';
import { toScenarioFile } from './scenarioFile';
import { applyStep, intentArb, stepFor } from './topologyEdit.fixture';
import { addNode, deleteNodes, duplicateNodes, moveNodes, renameNode, type TopologyResult } from './topologyEdit';
import { validateDocument } from './validate';

function ok(r: TopologyResult): NetworkDocument {
  if (!r.ok) throw new Error(`expected success, got: ${r.error}`);
  expect(validateDocument(r.document).map(formatIssue)).toEqual([]);
  return r.document;
}

function err(r: TopologyResult): string {
  if (r.ok) throw new Error('expected a refusal');
  return r.error;
}

/** A VPC with a subnet, an instance, a gateway and a client, built with the edits themselves. */
function built(): NetworkDocument {
  let d = ok(addNode(emptyDocument('t'), 'vpc', { x: 0, y: 0, w: 600, h: 400 }));
  d = ok(addNode(d, 'subnet', { x: 20, y: 40 }, 'vpc-1'));
  d = ok(addNode(d, 'instance', { x: 100, y: 100 }, 'subnet-1'));
  d = ok(addNode(d, 'igw', { x: 0, y: 200 }, 'vpc-1'));
  return ok(addNode(d, 'client', { x: -300, y: 100 }));
}

describe('addNode', () => {
  it('creates a VPC with the next free /16, its default group and its default NACL', () => {
    const r = addNode(emptyDocument('t'), 'vpc', { x: 5, y: 6, w: 600, h: 400 });
    const d = ok(r);
    expect(r.ok && r.created).toEqual(['vpc-1']);
    expect(d.vpcs).toEqual([{ id: 'vpc-1', name: 'vpc-1', cidr: '10.0.0.0/16' }]);
    expect(d.securityGroups).toMatchObject([{ id: 'sg-1', name: 'default', vpcId: 'vpc-1', isDefault: true }]);
    expect(d.networkAcls).toMatchObject([{ id: 'acl-1', vpcId: 'vpc-1', isDefault: true }]);
    expect(d.layout['vpc-1']).toEqual({ x: 5, y: 6, w: 600, h: 400 });
    const second = ok(addNode(d, 'vpc', { x: 700, y: 0 }));
    expect(second.vpcs[1]).toEqual({ id: 'vpc-2', name: 'vpc-2', cidr: '10.1.0.0/16' });
  });

  it('skips blocks that overlap a VPC from a file, and ids the document already uses', () => {
    const d = ok(addNode(validDocument(), 'vpc', { x: 0, y: 0 }));
    expect(d.vpcs[1]).toMatchObject({ id: 'vpc-1', cidr: '10.1.0.0/16' });
    const doc = validDocument();
    doc.layout['vpc-1'] = { x: 1, y: 1 };
    expect(ok(addNode(doc, 'vpc', { x: 0, y: 0 })).vpcs[1]?.id).toBe('vpc-2');
  });

  it('says so when every 10.N.0.0/16 is taken', () => {
    const d = emptyDocument('t');
    d.vpcs.push({ id: asId('vpc-big'), name: 'big', cidr: '10.0.0.0/8' });
    expect(err(addNode(d, 'vpc', { x: 0, y: 0 }))).toBe('Every 10.N.0.0/16 block is already used by a VPC; delete one first');
  });

  it('gives a subnet the next free /24 of its VPC and the default NACL', () => {
    const d = built();
    expect(d.subnets[0]).toEqual({ id: 'subnet-1', name: 'subnet-1', vpcId: 'vpc-1', cidr: '10.0.0.0/24', networkAclId: 'acl-1' });
    const fixture = ok(addNode(validDocument(), 'subnet', { x: 0, y: 0 }, 'vpc-a'));
    expect(fixture.subnets[2]).toMatchObject({ cidr: '10.0.0.0/24', networkAclId: 'acl-default' });
    expect(ok(addNode(fixture, 'subnet', { x: 0, y: 0 }, 'vpc-a')).subnets[3]?.cidr).toBe('10.0.3.0/24');
  });

  it('refuses a subnet outside a VPC, or in a VPC with no room left', () => {
    expect(err(addNode(built(), 'subnet', { x: 0, y: 0 }))).toBe('A subnet must be dropped inside a VPC');
    expect(err(addNode(built(), 'subnet', { x: 0, y: 0 }, 'subnet-1'))).toBe('A subnet must be dropped inside a VPC');
    const d = emptyDocument('t');
    d.vpcs.push({ id: asId('vpc-tiny'), name: 'tiny', cidr: '10.9.0.0/28' });
    const one = ok(addNode(d, 'subnet', { x: 0, y: 0 }, 'vpc-tiny'));
    expect(one.subnets[0]?.cidr).toBe('10.9.0.0/28');
    // The VPC from a "file" had no default NACL: the subnet got one made for it.
    expect(one.networkAcls).toMatchObject([{ vpcId: 'vpc-tiny', isDefault: true }]);
    expect(err(addNode(one, 'subnet', { x: 0, y: 0 }, 'vpc-tiny'))).toBe('VPC tiny (10.9.0.0/28) has no room for another subnet');
  });

  it('gives an instance one ENI with the next free address and the default group', () => {
    const d = built();
    expect(d.instances).toEqual([
      { id: 'i-1', name: 'instance-1', enis: [{ id: 'eni-1', subnetId: 'subnet-1', privateIp: '10.0.0.4', securityGroupIds: ['sg-1'] }] },
    ]);
    const two = ok(addNode(d, 'instance', { x: 0, y: 0 }, 'subnet-1'));
    expect(two.instances[1]).toMatchObject({ id: 'i-2', name: 'instance-2', enis: [{ id: 'eni-2', privateIp: '10.0.0.5' }] });
  });

  it('refuses an instance outside a subnet, or in a full subnet', () => {
    expect(err(addNode(built(), 'instance', { x: 0, y: 0 }, 'vpc-1'))).toBe('An EC2 instance must be dropped inside a subnet');
    expect(err(addNode(built(), 'instance', { x: 0, y: 0 }))).toBe('An EC2 instance must be dropped inside a subnet');
    const d = emptyDocument('t');
    d.vpcs.push({ id: asId('vpc-t'), name: 'tiny', cidr: '10.9.0.0/28' });
    let full = ok(addNode(d, 'subnet', { x: 0, y: 0 }, 'vpc-t'));
    for (let k = 0; k < 11; k++) full = ok(addNode(full, 'instance', { x: 0, y: 0 }, 'subnet-1'));
    expect(err(addNode(full, 'instance', { x: 0, y: 0 }, 'subnet-1'))).toBe('Subnet subnet-1 (10.9.0.0/28) has no free address left');
  });

  it('adds one internet gateway per VPC', () => {
    const d = built();
    expect(d.internetGateways).toEqual([{ id: 'igw-1', vpcId: 'vpc-1' }]);
    expect(err(addNode(d, 'igw', { x: 0, y: 0 }, 'vpc-1'))).toBe('VPC vpc-1 already has an internet gateway (igw-1); a VPC can have only one');
    expect(err(addNode(d, 'igw', { x: 0, y: 0 }))).toBe('An internet gateway must be dropped on a VPC');
  });

  it('puts a client on the internet with a TEST-NET-3 address, never inside a VPC', () => {
    const d = built();
    expect(d.externalHosts).toEqual([{ id: 'client-1', name: 'client-1', kind: 'client', ipv4: '203.0.113.1' }]);
    expect(ok(addNode(d, 'client', { x: 0, y: 0 })).externalHosts[1]).toMatchObject({ id: 'client-2', name: 'client-2', ipv4: '203.0.113.2' });
    expect(err(addNode(d, 'client', { x: 0, y: 0 }, 'vpc-1'))).toBe('A client stands on the internet, outside every VPC: drop it outside VPC vpc-1');
  });

  it('refuses a VPC inside a container, unknown parents and positions that are not numbers', () => {
    expect(err(addNode(built(), 'vpc', { x: 0, y: 0 }, 'vpc-1'))).toBe("A VPC can't go inside VPC vpc-1: drop it on free canvas");
    expect(err(addNode(built(), 'subnet', { x: 0, y: 0 }, 'vpc-9'))).toBe('Nothing on the canvas has id vpc-9');
    expect(err(addNode(built(), 'subnet', { x: 0, y: 0 }, 'sg-1'))).toBe('sg-1 is a security group, not something on the canvas');
    expect(err(addNode(built(), 'client', { x: Number.NaN, y: 0 }))).toBe('The drop point (NaN, 0) is not a position on the canvas');
  });

  it('leaves its input untouched', () => {
    const d = built();
    const copy = structuredClone(d);
    ok(addNode(d, 'instance', { x: 0, y: 0 }, 'subnet-1'));
    expect(d).toEqual(copy);
  });
});

describe('moveNodes', () => {
  it('moves a VPC with everything inside it', () => {
    const d = ok(moveNodes(built(), ['vpc-1'], 10, -5));
    expect(d.layout).toMatchObject({
      'vpc-1': { x: 10, y: -5, w: 600, h: 400 },
      'subnet-1': { x: 30, y: 35 },
      'i-1': { x: 110, y: 95 },
      'igw-1': { x: 10, y: 195 },
      'client-1': { x: -300, y: 100 },
    });
  });

  it('moves a subnet with its instances, and a node picked twice only once', () => {
    const d = ok(moveNodes(built(), ['subnet-1', 'i-1'], 1, 1));
    expect(d.layout['subnet-1']).toEqual({ x: 21, y: 41 });
    expect(d.layout['i-1']).toEqual({ x: 101, y: 101 });
    expect(d.layout['vpc-1']).toEqual({ x: 0, y: 0, w: 600, h: 400 });
  });

  it('returns the same document for a move by zero, and refuses unknown ids and non-numbers', () => {
    const d = built();
    const r = moveNodes(d, ['i-1'], 0, 0);
    expect(r.ok && r.document).toBe(d);
    expect(err(moveNodes(d, ['i-9'], 1, 1))).toBe('Nothing on the canvas has id i-9');
    expect(err(moveNodes(d, ['i-1'], Infinity, 1))).toBe('A move by (Infinity, 1) is not a distance on the canvas');
  });
});

describe('deleteNodes', () => {
  it('deletes a VPC with its subnets, instances, gateway, groups, NACLs and their layout', () => {
    const d = ok(deleteNodes(built(), ['vpc-1']));
    expect([d.vpcs, d.subnets, d.instances, d.internetGateways, d.securityGroups, d.networkAcls]).toEqual([[], [], [], [], [], []]);
    expect(Object.keys(d.layout)).toEqual(['client-1']);
  });

  it('deletes a subnet with its instances, and the traffic and expectations that name them', () => {
    const d = ok(deleteNodes(validDocument(), ['subnet-priv']));
    expect(d.instances.map((i) => i.id)).toEqual(['web']);
    expect(d.traffic.map((t) => t.id ?? t.kind)).toEqual(['t1', 't3', 't4', 'remove-rule', 'add-nacl-rule', 'remove-nacl-rule']);
    expect(d.expectations.map((e) => e.traffic)).toEqual(['t1']);
  });

  it('deletes a whole fixture VPC including rule changes to its groups and NACLs', () => {
    const d = ok(deleteNodes(validDocument(), ['vpc-a']));
    expect(d.traffic).toEqual([]);
    expect(d.expectations).toEqual([]);
    expect(d.externalHosts.map((h) => h.id)).toEqual(['laptop']);
  });

  it('deletes one instance, a client or a gateway alone', () => {
    const d = ok(deleteNodes(built(), ['i-1', 'client-1', 'igw-1']));
    expect(d.instances).toEqual([]);
    expect(d.externalHosts).toEqual([]);
    expect(d.internetGateways).toEqual([]);
    expect(d.subnets).toHaveLength(1);
  });

  it('refuses groups and NACLs, which are not nodes', () => {
    expect(err(deleteNodes(built(), ['sg-1']))).toBe('sg-1 is a security group, not something on the canvas');
    expect(err(deleteNodes(built(), ['acl-1']))).toBe('acl-1 is a network ACL, not something on the canvas');
  });
});

describe('duplicateNodes', () => {
  it('copies an instance into the same subnet with the same groups and the next address', () => {
    const doc = validDocument();
    const r = duplicateNodes(doc, ['web'], { x: 48, y: 48 });
    const d = ok(r);
    expect(r.ok && r.created).toEqual(['i-1']);
    expect(d.instances[2]).toEqual({
      id: 'i-1',
      name: 'web-2',
      listens: [{ protocol: 'tcp', port: 443 }],
      enis: [
        {
          id: 'eni-1',
          subnetId: 'subnet-pub',
          privateIp: '10.0.1.4',
          ipv6: '2600:1f18:abc:de01::4',
          securityGroupIds: ['sg-web', 'sg-default'],
          connectionTracking: { tcpEstablishedTimeout: 350, udpTimeout: 60 },
        },
      ],
    });
    expect(d.layout['i-1']).toEqual({ x: 148, y: 98 });
  });

  it('copies a client into its own /24, and several nodes at once', () => {
    const r = duplicateNodes(validDocument(), ['laptop', 'laptop', 'db'], { x: 0, y: 10 });
    const d = ok(r);
    expect(r.ok && r.created).toEqual(['client-1', 'i-1']);
    expect(d.externalHosts[1]).toEqual({ id: 'client-1', name: 'laptop-1', kind: 'client', ipv4: '198.51.100.1', automaticallyTracked: false });
    expect(d.instances[2]).toMatchObject({ name: 'db-2', enis: [{ privateIp: '10.0.2.4', securityGroupIds: ['sg-db'] }] });
    expect(d.layout['i-1']).toBeUndefined();
  });

  it('refuses kinds other than instances and clients', () => {
    expect(err(duplicateNodes(built(), ['vpc-1'], { x: 0, y: 0 }))).toBe('Only EC2 instances and clients can be duplicated; vpc-1 is a VPC');
    expect(err(duplicateNodes(built(), ['subnet-1'], { x: 0, y: 0 }))).toBe('Only EC2 instances and clients can be duplicated; subnet-1 is a subnet');
    expect(err(duplicateNodes(built(), ['igw-1'], { x: 0, y: 0 }))).toBe('Only EC2 instances and clients can be duplicated; igw-1 is an internet gateway');
    expect(err(duplicateNodes(built(), ['i-1'], { x: Number.NaN, y: 0 }))).toBe('An offset of (NaN, 0) is not a distance on the canvas');
  });

  it('refuses a copy when the subnet is full', () => {
    const d = emptyDocument('t');
    d.vpcs.push({ id: asId('vpc-t'), name: 'tiny', cidr: '10.9.0.0/28' });
    let full = ok(addNode(d, 'subnet', { x: 0, y: 0 }, 'vpc-t'));
    for (let k = 0; k < 11; k++) full = ok(addNode(full, 'instance', { x: 0, y: 0 }, 'subnet-1'));
    expect(err(duplicateNodes(full, ['i-1'], { x: 0, y: 0 }))).toBe('Subnet subnet-1 has no free address left for a copy of instance-1');
  });
});

describe('renameNode', () => {
  it('renames each kind with a trimmed name', () => {
    let d = built();
    for (const id of ['vpc-1', 'subnet-1', 'i-1', 'client-1']) d = ok(renameNode(d, id, `  ${id}-new `));
    expect([d.vpcs[0]?.name, d.subnets[0]?.name, d.instances[0]?.name, d.externalHosts[0]?.name]).toEqual(['vpc-1-new', 'subnet-1-new', 'i-1-new', 'client-1-new']);
  });

  it('refuses an empty name, a gateway and unknown ids', () => {
    expect(err(renameNode(built(), 'i-1', '   '))).toBe("A name can't be empty; instance-1 keeps its name");
    expect(err(renameNode(built(), 'igw-1', 'x'))).toBe('An internet gateway has no name of its own; rename its VPC, vpc-1, instead');
    expect(err(renameNode(built(), 'x-1', 'x'))).toBe('Nothing on the canvas has id x-1');
  });
});

describe('random editing sessions', () => {
  it('only ever produce valid documents that load again, and never change their input', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(intentArb, { maxLength: 40 }), (fromFixture, intents) => {
        let doc = fromFixture ? validDocument() : emptyDocument('t');
        for (const intent of intents) {
          const before = structuredClone(doc);
          const r = applyStep(doc, stepFor(doc, intent));
          expect(doc).toEqual(before);
          if (!r.ok) continue;
          expect(validateDocument(r.document).map(formatIssue)).toEqual([]);
          // What an edit makes can be saved and loaded again.
          const reloaded = parseDocument(toScenarioFile(r.document));
          expect(reloaded.ok ? [] : reloaded.errors).toEqual([]);
          doc = r.document;
        }
      }),
      { numRuns: 200 },
    );
  });
});
