import { describe, expect, it } from 'vitest';
import { emptyDocument } from './defaults';
import type { NetworkDocument } from './document';
import { attachGroup, createGroup, deleteGroup, detachGroup, MAX_GROUP_NAME, renameGroup } from './groupEdit';
import type { EniId, InstanceId, SecurityGroupId, VpcId } from './ids';
import { formatIssue } from './issuePath';
import { asId, validDocument } from './schema.fixture';
import { addNode, type TopologyResult } from './topologyEdit';
import { validateDocument } from './validate';

const sg = (id: string) => asId<SecurityGroupId>(id);
const inst = (id: string) => asId<InstanceId>(id);
const vpc = (id: string) => asId<VpcId>(id);

function ok(r: TopologyResult): NetworkDocument {
  if (!r.ok) throw new Error(`expected success, got: ${r.error}`);
  expect(validateDocument(r.document).map(formatIssue)).toEqual([]);
  return r.document;
}

function err(r: TopologyResult): string {
  if (r.ok) throw new Error('expected a refusal');
  return r.error;
}

const groupsOf = (d: NetworkDocument, id: string) => d.instances.find((i) => i.id === id)?.enis[0]?.securityGroupIds;

describe('attachGroup', () => {
  it('attaches to the first ENI of an instance, or to an ENI named by id', () => {
    let d = ok(attachGroup(validDocument(), inst('db'), sg('sg-default')));
    expect(groupsOf(d, 'db')).toEqual(['sg-db', 'sg-default']);
    d = ok(attachGroup(d, asId<EniId>('eni-db'), sg('sg-web')));
    expect(groupsOf(d, 'db')).toEqual(['sg-db', 'sg-default', 'sg-web']);
  });

  it('refuses a group of another VPC, one already attached, and unknown ids', () => {
    const other = ok(addNode(validDocument(), 'vpc', { x: 0, y: 0 }));
    expect(err(attachGroup(other, inst('db'), sg('sg-1')))).toBe(
      'Group default belongs to VPC vpc-1, but db-1 is in VPC main: an interface can only use groups of its own VPC',
    );
    expect(err(attachGroup(validDocument(), inst('web'), sg('sg-web')))).toBe('web-1 already has group web');
    expect(err(attachGroup(validDocument(), inst('x'), sg('sg-web')))).toBe('No instance or network interface has id x');
    expect(err(attachGroup(validDocument(), inst('db'), sg('sg-x')))).toBe('No security group has id sg-x');
  });

  it('refuses a sixth group with the quota from the settings', () => {
    let d = validDocument();
    for (const name of ['a', 'b', 'c', 'd']) {
      const r = createGroup(d, vpc('vpc-a'), name);
      d = ok(r);
      d = ok(attachGroup(d, inst('db'), sg(r.ok ? (r.created?.[0] ?? '') : '')));
    }
    expect(groupsOf(d, 'db')).toHaveLength(5);
    const last = ok(createGroup(d, vpc('vpc-a'), 'e'));
    expect(err(attachGroup(last, inst('db'), sg('sg-5')))).toBe('An ENI can have at most 5 security groups; db-1 already has 5');
    const raised = { ...last, settings: { maxGroupsPerEni: 6 } };
    expect(groupsOf(ok(attachGroup(raised, inst('db'), sg('sg-5'))), 'db')).toHaveLength(6);
  });

  it('names the ENI when the instance has several', () => {
    const d = validDocument();
    const web = d.instances[0];
    web?.enis.push({ id: asId('eni-web2'), subnetId: asId('subnet-priv'), privateIp: '10.0.2.30', securityGroupIds: [sg('sg-web')] });
    expect(err(attachGroup(d, asId<EniId>('eni-web2'), sg('sg-web')))).toBe('web-1 (eni-web2) already has group web');
  });

  it('refuses an instance with no interface', () => {
    const d = validDocument();
    d.instances.push({ id: inst('bare'), name: 'bare', enis: [] });
    expect(err(attachGroup(d, inst('bare'), sg('sg-web')))).toBe('bare has no network interface');
  });
});

describe('detachGroup', () => {
  it('detaches a group the ENI has', () => {
    expect(groupsOf(ok(detachGroup(validDocument(), inst('web'), sg('sg-default'))), 'web')).toEqual(['sg-web']);
  });

  it('refuses the last group and a group the ENI does not have', () => {
    expect(err(detachGroup(validDocument(), inst('db'), sg('sg-db')))).toBe(
      'An ENI must keep at least one security group (AWS requires it); attach another first',
    );
    expect(err(detachGroup(validDocument(), inst('db'), sg('sg-web')))).toBe('db-1 does not have group web');
  });
});

describe('createGroup and renameGroup', () => {
  it('creates a group with the defaults of a new group and a fresh id', () => {
    const r = createGroup(validDocument(), vpc('vpc-a'), '  api  ');
    const d = ok(r);
    expect(r.ok && r.created).toEqual(['sg-1']);
    expect(d.securityGroups[3]).toEqual({ id: 'sg-1', name: 'api', vpcId: 'vpc-a', inbound: [], outbound: [{ protocol: '-1', peer: '0.0.0.0/0' }] });
    const v6 = ok(createGroup({ ...validDocument(), settings: { newGroupIpv6Egress: true } }, vpc('vpc-a'), 'api'));
    expect(v6.securityGroups[3]?.outbound).toHaveLength(2);
  });

  it('refuses empty, too long, sg- and duplicate names, and unknown VPCs', () => {
    const d = validDocument();
    expect(err(createGroup(d, vpc('vpc-a'), '  '))).toBe('A security group needs a name');
    expect(err(createGroup(d, vpc('vpc-a'), 'x'.repeat(MAX_GROUP_NAME + 1)))).toBe('A security group name can be at most 255 characters (this one has 256)');
    expect(err(createGroup(d, vpc('vpc-a'), 'SG-web'))).toBe(`A security group name can't start with "sg-": AWS keeps that for ids`);
    expect(err(createGroup(d, vpc('vpc-a'), 'WEB'))).toBe('VPC main already has a security group named web');
    expect(err(createGroup(d, vpc('vpc-x'), 'api'))).toBe('No VPC has id vpc-x');
  });

  it('allows the same name in another VPC', () => {
    const two = ok(addNode(emptyDocument('t'), 'vpc', { x: 0, y: 0 }));
    const both = ok(addNode(two, 'vpc', { x: 0, y: 0 }));
    const d = ok(createGroup(both, vpc('vpc-1'), 'web'));
    expect(ok(createGroup(d, vpc('vpc-2'), 'web')).securityGroups.filter((g) => g.name === 'web')).toHaveLength(2);
  });

  it('renames a group, keeping its own name free to reuse in another case', () => {
    const d = ok(renameGroup(validDocument(), sg('sg-web'), ' Web '));
    expect(d.securityGroups[0]?.name).toBe('Web');
    expect(err(renameGroup(d, sg('sg-web'), 'db'))).toBe('VPC main already has a security group named db');
    expect(err(renameGroup(d, sg('sg-default'), 'x'))).toBe("The default security group of VPC main can't be renamed (AWS does not allow it)");
    expect(err(renameGroup(d, sg('sg-x'), 'x'))).toBe('No security group has id sg-x');
  });
});

describe('deleteGroup', () => {
  it('deletes an unused group with the script changes that edit it', () => {
    const start = validDocument();
    start.instances[1]!.enis[0]!.securityGroupIds = [sg('sg-default')];
    const d = ok(deleteGroup(start, sg('sg-db')));
    expect(d.securityGroups.map((g) => g.id)).toEqual(['sg-web', 'sg-default']);
    expect(d.traffic.map((t) => t.id ?? t.kind)).not.toContain('t4');
  });

  it('refuses the default group, and a group in use, naming the users', () => {
    const d = validDocument();
    expect(err(deleteGroup(d, sg('sg-default')))).toBe('default is the default security group of VPC main; AWS deletes it only with the VPC');
    expect(err(deleteGroup(d, sg('sg-db')))).toBe('Group db is still attached to db-1; detach it first');
    d.instances[0]!.enis[0]!.securityGroupIds = [sg('sg-default')];
    expect(err(deleteGroup(d, sg('sg-web')))).toBe('Group web is referenced by rules of db; remove those rules first');
    expect(err(deleteGroup(d, sg('sg-x')))).toBe('No security group has id sg-x');
  });
});
