/**
 * A small scenario that uses every part of file v1 and passes every check: the starting point
 * of the schema and validator tests, which each break one thing in a copy of it.
 */
import { defaultNetworkAcl, defaultSecurityGroup } from './defaults';
import type { NetworkDocument } from './document';
import type { VpcId } from './ids';

/** Brands a literal id with whatever id type the field expects, as the schema does after checking. */
export const asId = <T extends string>(text: string): T => text as T;
const b = asId;

export function validDocument(): NetworkDocument {
  const vpc = b<VpcId>('vpc-a');
  return {
    version: 1,
    name: 'Web and database',
    description: 'A public web server and a private database.',
    settings: { udpTimeout: 30, newGroupIpv6Egress: false },
    vpcs: [{ id: vpc, name: 'main', cidr: '10.0.0.0/16', ipv6Cidr: '2600:1f18:abc:de00::/56' }],
    internetGateways: [{ id: b('igw-a'), vpcId: vpc }],
    subnets: [
      { id: b('subnet-pub'), name: 'public', vpcId: vpc, cidr: '10.0.1.0/24', ipv6Cidr: '2600:1f18:abc:de01::/64', networkAclId: b('acl-default') },
      { id: b('subnet-priv'), name: 'private', vpcId: vpc, cidr: '10.0.2.0/24', networkAclId: b('acl-priv') },
    ],
    networkAcls: [
      defaultNetworkAcl(b('acl-default'), vpc, true),
      {
        id: b('acl-priv'),
        name: 'private',
        vpcId: vpc,
        inbound: [
          { ruleNumber: 90, protocol: '6', action: 'deny', cidr: '198.51.100.0/24', fromPort: 22, toPort: 22 },
          { ruleNumber: 100, protocol: '6', action: 'allow', cidr: '10.0.0.0/16', fromPort: 3306, toPort: 3306 },
          { ruleNumber: 110, protocol: 'icmp', action: 'allow', cidr: '0.0.0.0/0', icmpType: 3, icmpCode: 4 },
        ],
        outbound: [{ ruleNumber: 100, protocol: '6', action: 'allow', cidr: '10.0.0.0/16', fromPort: 1024, toPort: 65535 }],
      },
    ],
    securityGroups: [
      {
        id: b('sg-web'),
        name: 'web',
        vpcId: vpc,
        description: 'web tier',
        inbound: [
          { protocol: 'tcp', fromPort: 443, toPort: 443, peer: '0.0.0.0/0' },
          { protocol: 'icmp', icmpType: 8, icmpCode: -1, peer: '0.0.0.0/0' },
          { protocol: 'tcp', fromPort: 22, toPort: 22, peer: 'pl-admins', description: 'admins' },
          { protocol: 'tcp', fromPort: 443, toPort: 443, peer: '::/0' },
        ],
        outbound: [{ protocol: '-1', peer: '0.0.0.0/0' }],
      },
      {
        id: b('sg-db'),
        name: 'db',
        vpcId: vpc,
        inbound: [{ protocol: 'tcp', fromPort: 3306, toPort: 3306, peer: 'sg-web' }],
        outbound: [],
      },
      defaultSecurityGroup(b('sg-default'), vpc, true),
    ],
    prefixLists: [{ id: b('pl-admins'), name: 'admins', family: 4, maxEntries: 5, entries: [{ cidr: '203.0.113.0/24', description: 'office' }] }],
    instances: [
      {
        id: b('web'),
        name: 'web-1',
        listens: [{ protocol: 'tcp', port: 443 }],
        enis: [
          {
            id: b('eni-web'),
            subnetId: b('subnet-pub'),
            privateIp: '10.0.1.10',
            publicIp: '192.0.2.10',
            ipv6: '2600:1f18:abc:de01::10',
            securityGroupIds: [b('sg-web'), b('sg-default')],
            connectionTracking: { tcpEstablishedTimeout: 350, udpTimeout: 60 },
          },
        ],
      },
      {
        id: b('db'),
        name: 'db-1',
        nitroV6: true,
        conntrackAllowance: 1000,
        enis: [{ id: b('eni-db'), subnetId: b('subnet-priv'), privateIp: '10.0.2.20', securityGroupIds: [b('sg-db')] }],
      },
    ],
    externalHosts: [{ id: b('laptop'), name: 'laptop', kind: 'client', ipv4: '198.51.100.7', automaticallyTracked: false }],
    layout: { web: { x: 100, y: 50 }, laptop: { x: -20.5, y: 0 } },
    traffic: [
      { kind: 'request', at: 0, id: 't1', from: b('laptop'), to: b('web'), service: 'https', address: 'public' },
      { kind: 'request', at: 1, id: 't2', from: b('web'), to: b('db'), protocol: 'tcp', port: 3306 },
      { kind: 'packet', at: 2, id: 't3', from: b('laptop'), to: b('web'), protocol: 'icmp', icmpType: 8, icmpCode: 0, icmpId: 7 },
      { kind: 'add-rule', at: 3, id: 't4', groupId: b('sg-db'), direction: 'inbound', rule: { protocol: 'tcp', fromPort: 22, toPort: 22, peer: '10.0.1.0/24' } },
      { kind: 'remove-rule', at: 4, groupId: b('sg-web'), direction: 'inbound', index: 0 },
      { kind: 'add-nacl-rule', at: 5, networkAclId: b('acl-priv'), direction: 'outbound', rule: { ruleNumber: 120, protocol: '-1', action: 'deny', cidr: '::/0' } },
      { kind: 'remove-nacl-rule', at: 6, networkAclId: b('acl-priv'), direction: 'inbound', ruleNumber: 90 },
    ],
    expectations: [
      { traffic: 't1', verdict: 'allowed' },
      { traffic: 't2', packet: 'response', verdict: 'dropped', hop: 'nacl-out', note: 'no ephemeral rule' },
    ],
  };
}
