/**
 * One test group per numbered rule of section 1 of the reference semantics, each against the real
 * engine (compiled model, routes, checkpoints, connection tracking). Packets from the internet are
 * sent to the instance's public IPv4 (the internet gateway translates it, rule 39).
 */
import { describe, expect, it } from 'vitest';
import { parseIp } from '../../src/domain/addr';
import { ConntrackTable } from '../../src/domain/conntrack';
import { evaluateSg } from '../../src/domain/evaluate';
import { customNetworkAcl, defaultNetworkAcl, defaultSecurityGroup, newSecurityGroup } from '../../src/domain/defaults';
import type { NaclRule, NetworkDocument, SgRule } from '../../src/domain/document';
import { compileModel } from '../../src/domain/model';
import { evaluateNacl, STAR_RULE_V4, STAR_RULE_V6 } from '../../src/domain/nacl';
import { parseDocument } from '../../src/domain/schema';
import { toScenarioFile } from '../../src/domain/scenarioFile';
import { DEFAULT_SETTINGS, TIMEOUT_BOUNDS } from '../../src/domain/settings';
import { makePacket } from '../../src/domain/traffic';
import type { EniId, SecurityGroupId, VpcId } from '../../src/domain/ids';
import {
  addEni,
  buildDocument,
  eniOf,
  hopOf,
  id,
  NACL_A,
  NACL_B,
  nacl,
  Net,
  network,
  VPC,
  packet,
  SUBNET_B,
  sg,
  trackingAt,
  type NetSpec,
} from '../support/network';
import { allowed, dropped, webWith, WORLD, WORLD6 } from '../support/verdicts';



/** A TCP packet from an internet address to web's public IP. */
const tcpIn = (net: Net, from: string, sport: number, dport: number, at: number, flags: 'S' | 'SA' | 'A' | 'D' | 'F' | 'R' = 'S') =>
  net.send({ from, to: 'web', proto: 'tcp', sport, dport, flags, at });
/** A TCP packet from web to an internet address. */
const tcpOut = (net: Net, to: string, sport: number, dport: number, at: number, flags: 'S' | 'SA' | 'A' | 'D' | 'F' | 'R' = 'S') =>
  net.send({ from: 'web', toAddress: to, proto: 'tcp', sport, dport, flags, at });
const udpOut = (net: Net, to: string, sport: number, dport: number, at: number) =>
  net.send({ from: 'web', toAddress: to, proto: 'udp', sport, dport, at });
const udpIn = (net: Net, from: string, sport: number, dport: number, at: number) => net.send({ from, to: 'web', proto: 'udp', sport, dport, at });

function setInbound(net: Net, groupId: string, rules: SgRule[]): void {
  net.change((d) => {
    const g = d.securityGroups.find((x) => x.id === groupId);
    if (!g) throw new Error(groupId);
    g.inbound = rules;
  });
}
function setOutbound(net: Net, groupId: string, rules: SgRule[]): void {
  net.change((d) => {
    const g = d.securityGroups.find((x) => x.id === groupId);
    if (!g) throw new Error(groupId);
    g.outbound = rules;
  });
}

// ===================================================================== 1.1 matching

describe('1.1 security groups: matching', () => {
  describe('rule 1: allow rules only, anything not allowed is dropped', () => {
    it('rule 1: allow rules only: a packet no rule allows is dropped, in both directions', () => {
      const net = webWith([sg.tcp(80, WORLD)], [sg.tcp(443, WORLD)]);
      allowed(tcpIn(net, '203.0.113.5', 50000, 80, 0));
      dropped(tcpIn(net, '203.0.113.5', 50001, 81, 1), 'sg-ingress');
      dropped(net.send({ from: '203.0.113.5', to: 'web', proto: 'udp', sport: 50002, dport: 80, at: 2 }), 'sg-ingress');
      allowed(tcpOut(net, '198.51.100.20', 40000, 443, 3));
      dropped(tcpOut(net, '198.51.100.20', 40001, 80, 4), 'sg-egress');
    });

    it('rule 1: allow rules only: a security-group rule has no action, so a deny rule is refused', () => {
      const doc = buildDocument({ groups: [{ id: 'sg-a', inbound: [sg.tcp(22, WORLD)] }] });
      const file = JSON.stringify(toScenarioFile(doc));
      expect(parseDocument(JSON.parse(file)).ok).toBe(true);
      const withDeny: unknown = JSON.parse(file.replace('"protocol":"tcp"', '"action":"deny","protocol":"tcp"'));
      const r = parseDocument(withDeny);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors.join('\n')).toMatch(/securityGroups\[0\]\.inbound\[0\]/);
    });

    it('rule 1: allow rules only: an ENI whose groups have no rules admits nothing', () => {
      const net = webWith([], []);
      dropped(tcpIn(net, '203.0.113.5', 50000, 80, 0), 'sg-ingress');
      dropped(tcpOut(net, '198.51.100.20', 40000, 443, 0), 'sg-egress');
      dropped(net.send({ from: '203.0.113.5', to: 'web', proto: 'icmp', icmpType: 8, icmpCode: 0, icmpId: 1, at: 1 }), 'sg-ingress');
    });
  });

  describe('rule 2: union of all SGs on the ENI, no rule order', () => {
    const spec = (order: string[]): NetSpec => ({
      groups: [
        { id: 'sg-a', inbound: [sg.tcp(22, '203.0.113.0/24')] },
        { id: 'sg-b', inbound: [sg.tcp(443, WORLD)] },
        { id: 'sg-c', inbound: [sg.udp(53, '198.51.100.0/24')] },
      ],
      web: { groups: order },
    });

    it('rule 2: union of groups: a packet is allowed if any rule of any group on the ENI matches', () => {
      const net = network(spec(['sg-a', 'sg-b', 'sg-c']));
      allowed(tcpIn(net, '203.0.113.9', 50000, 22, 0));
      allowed(tcpIn(net, '198.51.100.7', 50001, 443, 1));
      allowed(udpIn(net, '198.51.100.7', 50002, 53, 2));
      dropped(tcpIn(net, '198.51.100.7', 50003, 22, 3), 'sg-ingress');
      dropped(udpIn(net, '203.0.113.9', 50004, 53, 4), 'sg-ingress');
    });

    it('rule 2: union of groups: the order of the groups and of the rules changes no verdict', () => {
      const probes: [string, 'tcp' | 'udp', number][] = [
        ['203.0.113.9', 'tcp', 22], ['198.51.100.7', 'tcp', 443], ['198.51.100.7', 'udp', 53], ['198.51.100.7', 'tcp', 22], ['203.0.113.9', 'udp', 53],
      ];
      const verdicts = (order: string[]) => {
        const net = network(spec(order));
        return probes.map(([from, proto, dport], i) => net.send({ from, to: 'web', proto, sport: 50000 + i, dport, at: i }).verdict);
      };
      const base = verdicts(['sg-a', 'sg-b', 'sg-c']);
      expect(verdicts(['sg-c', 'sg-b', 'sg-a'])).toEqual(base);
      expect(verdicts(['sg-b', 'sg-a', 'sg-c'])).toEqual(base);
      // The same rules in one group, listed in reverse.
      const one = network({ groups: [{ id: 'sg-all', inbound: [sg.udp(53, '198.51.100.0/24'), sg.tcp(443, WORLD), sg.tcp(22, '203.0.113.0/24')] }], web: { groups: ['sg-all'] } });
      expect(probes.map(([from, proto, dport], i) => one.send({ from, to: 'web', proto, sport: 50000 + i, dport, at: i }).verdict)).toEqual(base);
    });
  });

  describe('rule 3: most permissive wins', () => {
    it('rule 3: most permissive wins: a /32 rule and a 0.0.0.0/0 rule for the same port admit everyone', () => {
      const net = network({
        groups: [{ id: 'sg-narrow', inbound: [sg.tcp(22, '203.0.113.1/32')] }, { id: 'sg-wide', inbound: [sg.tcp(22, WORLD)] }],
        web: { groups: ['sg-narrow', 'sg-wide'] },
      });
      allowed(tcpIn(net, '203.0.113.1', 50000, 22, 0));
      allowed(tcpIn(net, '203.0.113.2', 50001, 22, 1));
      allowed(tcpIn(net, '198.51.100.7', 50002, 22, 2));
    });

    it('rule 3: most permissive wins: a narrow port rule never restricts a wide port range', () => {
      const net = webWith([sg.tcp(80, '203.0.113.0/24'), sg.tcp([0, 65535], '203.0.113.0/24')], []);
      allowed(tcpIn(net, '203.0.113.7', 50000, 8080, 0));
      allowed(tcpIn(net, '203.0.113.7', 50001, 80, 1));
    });
  });

  describe('rule 4: SGs attach to ENIs; tracking state is kept per ENI', () => {
    it('rule 4: SGs attach to ENIs: each ENI keeps its own tracking entries', () => {
      const net = network({
        groups: [{ id: 'sg-web', outbound: [sg.all(WORLD)] }, { id: 'sg-db', inbound: [sg.tcp(3306, 'sg-web')] }],
        web: { groups: ['sg-web'] },
        db: { groups: ['sg-db'] },
      });
      allowed(net.send({ from: 'web', to: 'db', proto: 'tcp', sport: 42000, dport: 3306, flags: 'S', at: 0 }));
      const webEntries = net.ct.entries(eniOf('web'));
      const dbEntries = net.ct.entries(eniOf('db'));
      expect(webEntries).toHaveLength(1);
      expect(dbEntries).toHaveLength(1);
      expect(webEntries[0]).toMatchObject({ initiator: 'outbound', tracked: true });
      expect(dbEntries[0]).toMatchObject({ initiator: 'inbound', tracked: true });
      expect(net.ct.entries(eniOf('app'))).toHaveLength(0);
    });

    it('rule 4: SGs attach to ENIs: state on one ENI admits nothing on another', () => {
      const net = network({
        groups: [{ id: 'sg-out', outbound: [sg.all(WORLD)] }],
        web: { groups: ['sg-out'] },
        db: { groups: ['sg-out'] },
      });
      allowed(tcpOut(net, '198.51.100.20', 44000, 443, 0));
      // The same reply shape sent to db finds no entry on db's ENI.
      dropped(net.send({ from: '198.51.100.20', to: 'db', proto: 'tcp', sport: 443, dport: 44000, flags: 'SA', at: 0.01 }), 'sg-ingress');
      allowed(net.send({ from: '198.51.100.20', to: 'web', proto: 'tcp', sport: 443, dport: 44000, flags: 'SA', at: 0.02 }));
    });

    it('rule 4: SGs attach to ENIs: the two ENIs of one instance have their own groups and their own state', () => {
      const doc = buildDocument({ groups: [{ id: 'sg-web', outbound: [sg.all(WORLD)] }, { id: 'sg-second', inbound: [sg.tcp(22, WORLD)] }], web: { groups: ['sg-web'] } });
      addEni(doc, 'web', { id: 'eni-web-2', subnetId: SUBNET_B, privateIp: '10.0.2.10', publicIp: '192.0.2.11', groups: ['sg-second'] });
      const net = new Net(doc);
      // The first ENI may send; the second (no outbound rule) may not.
      allowed(net.sendPacket('web', packet('10.0.1.10', '198.51.100.20', { proto: 'tcp', sport: 40000, dport: 443, flags: 'S' }), 0));
      dropped(net.sendPacket('web', packet('10.0.2.10', '198.51.100.20', { proto: 'tcp', sport: 40000, dport: 443, flags: 'S' }), 0), 'sg-egress');
      // SSH reaches the second ENI only.
      allowed(net.send({ from: '203.0.113.5', toAddress: '192.0.2.11', proto: 'tcp', sport: 50000, dport: 22, flags: 'S', at: 1 }));
      dropped(tcpIn(net, '203.0.113.5', 50000, 22, 1), 'sg-ingress');
      // The reply of the first ENI's flow is not admitted on the second.
      dropped(net.send({ from: '198.51.100.20', toAddress: '192.0.2.11', proto: 'tcp', sport: 443, dport: 40000, flags: 'SA', at: 2 }), 'sg-ingress');
      allowed(net.send({ from: '198.51.100.20', toAddress: '192.0.2.10', proto: 'tcp', sport: 443, dport: 40000, flags: 'SA', at: 2 }));
    });

    it('rule 4: SGs attach to ENIs: timeouts are set per ENI', () => {
      const doc = buildDocument({ web: { connectionTracking: { udpTimeout: 60 } } });
      const model = compileModel(doc);
      expect(model.enis.get(eniOf('web'))?.timeouts.udp).toBe(60);
      expect(model.enis.get(eniOf('db'))?.timeouts.udp).toBe(30);
    });
  });

  describe('rule 5: both ends check', () => {
    const build = (webOut: SgRule[], dbIn: SgRule[]) =>
      network({ groups: [{ id: 'sg-web', outbound: webOut }, { id: 'sg-db', inbound: dbIn }], web: { groups: ['sg-web'] }, db: { groups: ['sg-db'] } });
    const probe = (net: Net) => net.send({ from: 'web', to: 'db', proto: 'tcp', sport: 42000, dport: 3306, flags: 'S', at: 0 });

    it("rule 5: both ends check: the sender's egress rule alone is not enough", () => {
      dropped(probe(build([sg.tcp(3306, 'sg-db')], [])), 'sg-ingress');
    });
    it("rule 5: both ends check: the receiver's ingress rule alone is not enough", () => {
      dropped(probe(build([], [sg.tcp(3306, 'sg-web')])), 'sg-egress');
    });
    it('rule 5: both ends check: an egress rule naming sg-db plus an ingress rule naming sg-web admit the packet', () => {
      allowed(probe(build([sg.tcp(3306, 'sg-db')], [sg.tcp(3306, 'sg-web')])));
      allowed(probe(build([sg.tcp(3306, '10.0.2.0/24')], [sg.tcp(3306, '10.0.1.10/32')])));
    });
  });

  describe('rule 6: rule parts (protocol, ports or ICMP type/code, one peer of four kinds)', () => {
    const spec: NetSpec = {
      ipv6: true,
      prefixLists: [{ id: 'pl-partners', cidrs: ['198.51.100.0/24'] }],
      groups: [
        { id: 'sg-web', inbound: [sg.tcp(22, '203.0.113.1/32'), sg.tcp(22, '2001:db8:ff::5/128'), sg.tcp(443, 'pl-partners'), sg.tcp(5432, 'sg-app')], outbound: [] },
        { id: 'sg-app', outbound: [sg.all(WORLD)] },
      ],
      web: { groups: ['sg-web'] },
      app: { groups: ['sg-app'] },
    };

    it('rule 6: rule parts: an IPv4 CIDR /32 peer', () => {
      const net = network(spec);
      allowed(tcpIn(net, '203.0.113.1', 50000, 22, 0));
      dropped(tcpIn(net, '203.0.113.2', 50001, 22, 1), 'sg-ingress');
    });
    it('rule 6: rule parts: an IPv6 CIDR /128 peer', () => {
      const net = network(spec);
      allowed(net.send({ from: 'client', to: 'web', address: 'ipv6', proto: 'tcp', sport: 50000, dport: 22, flags: 'S', at: 0 }));
      dropped(net.send({ from: '2001:db8:ff::6', to: 'web', address: 'ipv6', proto: 'tcp', sport: 50000, dport: 22, flags: 'S', at: 0 }), 'sg-ingress');
    });
    it('rule 6: rule parts: a prefix-list peer', () => {
      const net = network(spec);
      allowed(tcpIn(net, '198.51.100.9', 50000, 443, 0));
      dropped(tcpIn(net, '203.0.113.9', 50001, 443, 1), 'sg-ingress');
    });
    it('rule 6: rule parts: a security-group peer', () => {
      const net = network(spec);
      allowed(net.send({ from: 'app', to: 'web', proto: 'tcp', sport: 42000, dport: 5432, flags: 'S', at: 0 }));
      dropped(net.send({ from: 'db', to: 'web', proto: 'tcp', sport: 42000, dport: 5432, flags: 'S', at: 0 }), 'sg-egress');
    });
    it('rule 6: rule parts: protocols named or numbered (6, 17, 1) read the same', () => {
      const net = webWith([sg.proto('6', WORLD, 80), sg.proto('17', WORLD, 53), { protocol: '1', icmpType: 8, icmpCode: -1, peer: WORLD }], []);
      allowed(tcpIn(net, '203.0.113.5', 50000, 80, 0));
      allowed(udpIn(net, '203.0.113.5', 50001, 53, 1));
      allowed(net.send({ from: '203.0.113.5', to: 'web', proto: 'icmp', icmpType: 8, icmpCode: 0, icmpId: 3, at: 2 }));
      dropped(tcpIn(net, '203.0.113.5', 50002, 53, 3), 'sg-ingress');
    });
  });

  describe('rule 7: ports mean the destination port; ranges are inclusive', () => {
    it('rule 7: destination port only: the range FromPort..ToPort is inclusive', () => {
      const net = webWith([sg.tcp([1000, 2000], WORLD)], []);
      allowed(tcpIn(net, '203.0.113.5', 50000, 1000, 0));
      allowed(tcpIn(net, '203.0.113.5', 50001, 2000, 1));
      dropped(tcpIn(net, '203.0.113.5', 50002, 999, 2), 'sg-ingress');
      dropped(tcpIn(net, '203.0.113.5', 50003, 2001, 3), 'sg-ingress');
    });
    it('rule 7: destination port only: the source port is never matched (inbound)', () => {
      const net = webWith([sg.tcp([1000, 2000], WORLD)], []);
      dropped(tcpIn(net, '203.0.113.5', 1500, 3000, 0), 'sg-ingress');
      allowed(tcpIn(net, '203.0.113.5', 3000, 1500, 1));
    });
    it('rule 7: destination port only: an outbound rule names the remote port', () => {
      const net = webWith([], [sg.tcp(80, WORLD)]);
      allowed(tcpOut(net, '198.51.100.20', 40000, 80, 0));
      // A packet from local port 80 to a client's port is not "port 80" for an outbound rule.
      dropped(tcpOut(net, '203.0.113.5', 80, 51000, 1, 'SA'), 'sg-egress');
    });
  });

  describe('rule 8: protocol -1 and other protocol numbers ignore ports', () => {
    it('rule 8: protocol -1 admits every protocol on every port, whatever range is given', () => {
      const net = webWith([sg.proto('-1', '203.0.113.0/24', [80, 80])], []);
      allowed(tcpIn(net, '203.0.113.5', 50000, 22, 0));
      allowed(udpIn(net, '203.0.113.5', 50001, 5353, 1));
      allowed(net.send({ from: '203.0.113.5', to: 'web', proto: 'icmp', icmpType: 13, icmpCode: 0, icmpId: 1, at: 2 }));
      allowed(net.send({ from: '203.0.113.5', to: 'web', proto: 253, at: 3 }));
      dropped(tcpIn(net, '198.51.100.5', 50002, 80, 4), 'sg-ingress');
    });
    it('rule 8: another protocol number (GRE 47, 253) admits that protocol only, ignoring any port range', () => {
      const net = webWith([sg.proto(47, WORLD, [1, 1]), sg.proto(253, WORLD, [5, 6])], []);
      allowed(net.send({ from: '203.0.113.5', to: 'web', proto: 47, at: 0 }));
      allowed(net.send({ from: '203.0.113.5', to: 'web', proto: 253, at: 1 }));
      dropped(net.send({ from: '203.0.113.5', to: 'web', proto: 254, at: 2 }), 'sg-ingress');
      dropped(tcpIn(net, '203.0.113.5', 50000, 1, 3), 'sg-ingress');
    });
    it('rule 8: TCP and UDP rules keep their port ranges', () => {
      const net = webWith([sg.tcp(53, WORLD)], []);
      allowed(tcpIn(net, '203.0.113.5', 50000, 53, 0));
      dropped(udpIn(net, '203.0.113.5', 50001, 53, 1), 'sg-ingress');
    });
  });

  describe('rule 9: ICMP type and code, -1 for all', () => {
    const ping = (net: Net, type: number, code: number, at: number, id = 1) =>
      net.send({ from: '203.0.113.5', to: 'web', proto: 'icmp', icmpType: type, icmpCode: code, icmpId: id, at });

    it('rule 9: ICMP type/code: 8/-1 matches echo requests of any code, nothing else', () => {
      const net = webWith([sg.icmp(8, -1, WORLD)], []);
      allowed(ping(net, 8, 0, 0, 1));
      allowed(ping(net, 8, 5, 1, 2));
      dropped(ping(net, 13, 0, 2, 3), 'sg-ingress');
    });
    it('rule 9: ICMP type/code: 8/8 is type 8 code 8 and matches no ping', () => {
      const net = webWith([sg.icmp(8, 8, WORLD)], []);
      dropped(ping(net, 8, 0, 0), 'sg-ingress');
      allowed(ping(net, 8, 8, 1, 2));
    });
    it('rule 9: ICMP type/code: -1/-1 matches every type and code; 3/4 only that code', () => {
      const all = webWith([sg.icmp(-1, -1, WORLD)], []);
      allowed(ping(all, 8, 0, 0, 1));
      allowed(ping(all, 3, 4, 1));
      allowed(ping(all, 11, 0, 2));
      const frag = webWith([sg.icmp(3, 4, WORLD)], []);
      allowed(ping(frag, 3, 4, 0));
      dropped(ping(frag, 3, 1, 1), 'sg-ingress');
    });
    it('rule 9: ICMP type/code: an icmpv6 rule without type/code matches every ICMPv6 type; an icmp rule no ICMPv6', () => {
      const net = network({ ipv6: true, groups: [{ id: 'sg-web', inbound: [sg.icmp(-1, -1, WORLD6)] }], web: { groups: ['sg-web'] } });
      dropped(net.send({ from: 'client', to: 'web', address: 'ipv6', proto: 'icmpv6', icmpType: 128, icmpCode: 0, icmpId: 1, at: 0 }), 'sg-ingress');
      const v6 = network({ ipv6: true, groups: [{ id: 'sg-web', inbound: [sg.icmpv6(undefined, undefined, WORLD6)] }], web: { groups: ['sg-web'] } });
      allowed(v6.send({ from: 'client', to: 'web', address: 'ipv6', proto: 'icmpv6', icmpType: 128, icmpCode: 0, icmpId: 1, at: 0 }));
      allowed(v6.send({ from: 'client', to: 'web', address: 'ipv6', proto: 'icmpv6', icmpType: 2, icmpCode: 0, at: 1 }));
    });
  });

  describe('rule 10: prefix lists', () => {
    const spec: NetSpec = {
      prefixLists: [{ id: 'pl-1', cidrs: ['198.51.100.0/24', '203.0.113.128/25'], maxEntries: 10 }],
      groups: [{ id: 'sg-web', inbound: [sg.tcp(443, 'pl-1')], outbound: [sg.tcp(443, 'pl-1')] }],
      web: { groups: ['sg-web'] },
    };
    it('rule 10: prefix lists: a source matches if it is in any entry', () => {
      const net = network(spec);
      allowed(tcpIn(net, '198.51.100.7', 50000, 443, 0));
      allowed(tcpIn(net, '203.0.113.200', 50001, 443, 1));
      dropped(tcpIn(net, '203.0.113.5', 50002, 443, 2), 'sg-ingress');
    });
    it('rule 10: prefix lists: a destination matches if it is in any entry', () => {
      const net = network(spec);
      allowed(tcpOut(net, '203.0.113.129', 40000, 443, 0));
      dropped(tcpOut(net, '203.0.113.127', 40001, 443, 1), 'sg-egress');
    });
  });

  describe('rule 11: SG references match private IPs only', () => {
    const spec: NetSpec = {
      groups: [
        { id: 'sg-web', outbound: [sg.all(WORLD)] },
        { id: 'sg-db', inbound: [sg.tcp(3306, 'sg-web')] },
      ],
      web: { groups: ['sg-web'] },
      db: { groups: ['sg-db'] },
    };
    it("rule 11: SG references match private IPs: web's private address is a member of sg-web", () => {
      const net = network(spec);
      const r = net.send({ from: 'web', to: 'db', proto: 'tcp', sport: 42000, dport: 3306, flags: 'S', at: 0 });
      allowed(r);
      expect(hopOf(r, 'sg-ingress')?.packet.src.text).toBe('10.0.1.10');
    });
    it('rule 11: SG references match private IPs only: a packet hairpinning via public IPs through the IGW does not match', () => {
      const net = network(spec);
      const r = net.send({ from: 'web', to: 'db', address: 'public', proto: 'tcp', sport: 42000, dport: 3306, flags: 'S', at: 0 });
      expect(r.path).toEqual(['sg-egress', 'nacl-out', 'igw', 'igw', 'nacl-in', 'sg-ingress']);
      dropped(r, 'sg-ingress');
      expect(hopOf(r, 'sg-ingress')?.packet.src.text).toBe('192.0.2.10');
      // A CIDR rule naming the public address does match that path.
      net.change((d) => {
        d.securityGroups.find((g) => g.id === 'sg-db')?.inbound.push(sg.tcp(3306, '192.0.2.10/32'));
      });
      allowed(net.send({ from: 'web', to: 'db', address: 'public', proto: 'tcp', sport: 42001, dport: 3306, flags: 'S', at: 1 }));
    });
    it('rule 11: SG references: both groups must belong to the same VPC', () => {
      const doc = buildDocument({ groups: [{ id: 'sg-web', inbound: [sg.tcp(22, 'sg-other')] }] });
      doc.vpcs.push({ id: id<VpcId>('vpc-2'), name: 'other', cidr: '10.1.0.0/16' });
      doc.securityGroups.push({ id: id<SecurityGroupId>('sg-other'), name: 'other', vpcId: id<VpcId>('vpc-2'), inbound: [], outbound: [] });
      const r = parseDocument(JSON.parse(JSON.stringify(toScenarioFile(doc))));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors.join('\n')).toMatch(/securityGroups\[0\]\.inbound\[0\]\.source.*VPC/);
    });
    it('rule 11: SG references match private IPs only: an outbound rule naming a group does not match its public IPs', () => {
      const net = network({ groups: [{ id: 'sg-web', outbound: [sg.tcp(3306, 'sg-db')] }, { id: 'sg-db', inbound: [sg.tcp(3306, WORLD)] }], web: { groups: ['sg-web'] }, db: { groups: ['sg-db'] } });
      allowed(net.send({ from: 'web', to: 'db', proto: 'tcp', sport: 42000, dport: 3306, flags: 'S', at: 0 }));
      dropped(net.send({ from: 'web', to: 'db', address: 'public', proto: 'tcp', sport: 42001, dport: 3306, flags: 'S', at: 1 }), 'sg-egress');
    });
  });

  describe('rule 12: sharing an SG grants nothing', () => {
    it('rule 12: sharing an SG grants nothing without a self-referencing rule', () => {
      const spec = (inbound: SgRule[]): NetSpec => ({ groups: [{ id: 'sg-x', inbound, outbound: [sg.all(WORLD)] }], web: { groups: ['sg-x'] }, app: { groups: ['sg-x'] } });
      dropped(network(spec([sg.tcp(22, '203.0.113.0/24')])).send({ from: 'web', to: 'app', proto: 'tcp', sport: 43000, dport: 22, flags: 'S', at: 0 }), 'sg-ingress');
      allowed(network(spec([sg.tcp(22, 'sg-x')])).send({ from: 'web', to: 'app', proto: 'tcp', sport: 43000, dport: 22, flags: 'S', at: 0 }));
    });
  });

  describe('rule 13: a new SG (no inbound rules, outbound all to 0.0.0.0/0)', () => {
    /** The common setup, with `web` in a group made by `newSecurityGroup`. */
    const withNewGroup = (newGroupIpv6Egress: boolean, edit?: (doc: NetworkDocument) => void) => {
      const doc = buildDocument({ ipv6: true, web: { groups: ['sg-new'] } });
      doc.securityGroups.push(newSecurityGroup(id<SecurityGroupId>('sg-new'), 'new', VPC, { newGroupIpv6Egress }));
      edit?.(doc);
      return new Net(doc);
    };
    it('rule 13: a new SG has no inbound rules and one outbound all-traffic rule to 0.0.0.0/0', () => {
      const g = newSecurityGroup(id<SecurityGroupId>('sg-new'), 'new', VPC, DEFAULT_SETTINGS);
      expect(g.inbound).toEqual([]);
      expect(g.outbound).toEqual([{ protocol: '-1', peer: WORLD }]);
    });
    it('rule 13: a new SG admits no inbound traffic and all outbound IPv4 traffic', () => {
      const net = withNewGroup(false);
      dropped(tcpIn(net, '203.0.113.5', 50000, 22, 0), 'sg-ingress');
      allowed(tcpOut(net, '198.51.100.20', 40000, 443, 1));
      allowed(udpOut(net, '198.51.100.53', 40001, 53, 2));
      allowed(net.send({ from: 'web', toAddress: '198.51.100.20', proto: 253, at: 3 }));
    });
    it('rule 13: a new SG with its outbound rule removed admits no outbound traffic', () => {
      const net = withNewGroup(false, (d) => {
        const g = d.securityGroups.find((x) => x.id === 'sg-new');
        if (g) g.outbound = [];
      });
      dropped(tcpOut(net, '198.51.100.20', 40000, 443, 0), 'sg-egress');
    });
    it('rule 13: [UNSPECIFIED] newGroupIpv6Egress false (default): no ::/0 rule, IPv6 outbound is dropped', () => {
      expect(DEFAULT_SETTINGS.newGroupIpv6Egress).toBe(false);
      const net = withNewGroup(false);
      dropped(net.send({ from: 'web', to: 'server', address: 'ipv6', proto: 'tcp', sport: 40000, dport: 443, flags: 'S', at: 0 }), 'sg-egress');
    });
    it('rule 13: [UNSPECIFIED] newGroupIpv6Egress true: the new group also allows all to ::/0', () => {
      expect(newSecurityGroup(id<SecurityGroupId>('sg-new'), 'new', VPC, { newGroupIpv6Egress: true }).outbound).toEqual([
        { protocol: '-1', peer: WORLD },
        { protocol: '-1', peer: WORLD6 },
      ]);
      const net = withNewGroup(true);
      allowed(net.send({ from: 'web', to: 'server', address: 'ipv6', proto: 'tcp', sport: 40000, dport: 443, flags: 'S', at: 0 }));
    });
  });

  describe('rule 14: the default SG', () => {
    const withDefault = (ipv6: boolean) => {
      const doc = buildDocument({ ipv6, web: { groups: ['sg-default'] }, app: { groups: ['sg-default'] }, db: { groups: ['sg-default'] } });
      doc.securityGroups.push(defaultSecurityGroup(id<SecurityGroupId>('sg-default'), VPC, ipv6));
      return new Net(doc);
    };
    it('rule 14: the default SG: inbound all from its own id, outbound all to 0.0.0.0/0 (and ::/0 only in an IPv6 VPC)', () => {
      const v4 = defaultSecurityGroup(id<SecurityGroupId>('sg-default'), VPC, false);
      expect(v4.isDefault).toBe(true);
      expect(v4.inbound).toEqual([{ protocol: '-1', peer: 'sg-default' }]);
      expect(v4.outbound).toEqual([{ protocol: '-1', peer: WORLD }]);
      expect(defaultSecurityGroup(id<SecurityGroupId>('sg-default'), VPC, true).outbound).toEqual([
        { protocol: '-1', peer: WORLD },
        { protocol: '-1', peer: WORLD6 },
      ]);
    });
    it('rule 14: the default SG admits all traffic from its own members and none from outside', () => {
      const net = withDefault(false);
      allowed(net.send({ from: 'web', to: 'app', proto: 'tcp', sport: 43001, dport: 5432, flags: 'S', at: 0 }));
      allowed(net.send({ from: 'web', to: 'db', proto: 'udp', sport: 43002, dport: 9999, at: 1 }));
      allowed(net.send({ from: 'db', to: 'app', proto: 253, at: 2 }));
      dropped(tcpIn(net, '203.0.113.5', 50030, 22, 3), 'sg-ingress');
      allowed(tcpOut(net, '198.51.100.20', 40000, 443, 4));
    });
    it('rule 14: the default SG in an IPv6 VPC: members reach each other over IPv6 and everything goes out to ::/0', () => {
      const net = withDefault(true);
      allowed(net.send({ from: 'web', to: 'db', address: 'ipv6', proto: 'tcp', sport: 43001, dport: 5432, flags: 'S', at: 0 }));
      allowed(net.send({ from: 'web', to: 'server', address: 'ipv6', proto: 'tcp', sport: 43002, dport: 443, flags: 'S', at: 1 }));
      dropped(net.send({ from: 'client', to: 'web', address: 'ipv6', proto: 'tcp', sport: 50000, dport: 22, flags: 'S', at: 2 }), 'sg-ingress');
    });
  });

  describe('rule 15: traffic that groups and NACLs do not filter; port 25 blocked', () => {
    const locked = (settings?: NetSpec['settings']) =>
      network({
        settings,
        groups: [{ id: 'sg-locked', inbound: [], outbound: [] }],
        web: { groups: ['sg-locked'] },
        naclA: { inbound: [], outbound: [] },
      });

    it('rule 15: not filtered: instance metadata 169.254.169.254 is reached with no rule at all', () => {
      const net = locked();
      const r = net.send({ from: 'web', toAddress: '169.254.169.254', proto: 'tcp', sport: 40000, dport: 80, flags: 'S', at: 0 });
      allowed(r);
      expect(r.path).toEqual([]);
      expect(r.route.notFiltered).toBe('instance metadata');
    });
    it('rule 15: not filtered: Amazon DNS at the VPC base + 2 (10.0.0.2) and at 169.254.169.253', () => {
      const net = locked();
      const a = net.send({ from: 'web', toAddress: '10.0.0.2', proto: 'udp', sport: 40000, dport: 53, at: 0 });
      allowed(a);
      expect(a.path).toEqual([]);
      expect(a.route.notFiltered).toMatch(/DNS/);
      allowed(net.send({ from: 'web', toAddress: '169.254.169.253', proto: 'udp', sport: 40001, dport: 53, at: 1 }));
    });
    it('rule 15: not filtered: Time Sync 169.254.169.123 and the VPC router (subnet base + 1)', () => {
      const net = locked();
      allowed(net.send({ from: 'web', toAddress: '169.254.169.123', proto: 'udp', sport: 40000, dport: 123, at: 0 }));
      const router = net.send({ from: 'web', toAddress: '10.0.1.1', proto: 'icmp', icmpType: 8, icmpCode: 0, icmpId: 1, at: 1 });
      allowed(router);
      expect(router.path).toEqual([]);
    });
    it('rule 15: not filtered: Windows license activation (169.254.169.250 and .251)', () => {
      const net = locked();
      for (const [i, kms] of ['169.254.169.250', '169.254.169.251'].entries()) {
        const r = net.send({ from: 'web', toAddress: kms, proto: 'tcp', sport: 40000 + i, dport: 1688, flags: 'S', at: i });
        allowed(r);
        expect(r.path).toEqual([]);
      }
    });
    it('rule 15: not filtered: the IPv6 endpoints of metadata, DNS and Time Sync (fd00:ec2::254, ::253, ::123)', () => {
      const net = network({ ipv6: true, groups: [{ id: 'sg-locked' }], web: { groups: ['sg-locked'] }, naclA: { inbound: [], outbound: [] } });
      for (const [i, svc] of ['fd00:ec2::254', 'fd00:ec2::253', 'fd00:ec2::123'].entries()) {
        const r = net.send({ from: 'web', toAddress: svc, proto: 'udp', sport: 40000 + i, dport: 53, at: i });
        allowed(r);
        expect(r.path).toEqual([]);
      }
    });
    it('rule 15: port 25 blocked: EC2 blocks outbound TCP 25 to the internet even when the group allows it', () => {
      const net = webWith([], [sg.all(WORLD)]);
      const r = tcpOut(net, '198.51.100.25', 40000, 25, 0);
      dropped(r, 'igw');
      expect(hopOf(r, 'sg-egress')?.verdict).toBe('allow');
      allowed(tcpOut(net, '198.51.100.25', 40001, 587, 1));
    });
    it('rule 15: port 25 blocked only towards the internet: inside the VPC it is an ordinary port', () => {
      const net = network({ groups: [{ id: 'sg-any', inbound: [sg.all(WORLD)], outbound: [sg.all(WORLD)] }], web: { groups: ['sg-any'] }, db: { groups: ['sg-any'] } });
      allowed(net.send({ from: 'web', to: 'db', proto: 'tcp', sport: 40000, dport: 25, flags: 'S', at: 0 }));
    });
    it('rule 15: setting blockOutboundSmtp: true (default) blocks, false lets port 25 out', () => {
      expect(DEFAULT_SETTINGS.blockOutboundSmtp).toBe(true);
      const open = network({ settings: { blockOutboundSmtp: false }, groups: [{ id: 'sg-web', outbound: [sg.all(WORLD)] }], web: { groups: ['sg-web'] } });
      allowed(tcpOut(open, '198.51.100.25', 40000, 25, 0));
    });
  });

  describe('rule 16: rule changes apply automatically to every resource using the SG', () => {
    it('rule 16: rule changes apply automatically: a rule added to a shared group opens every member at once', () => {
      const net = network({ groups: [{ id: 'sg-x', outbound: [sg.all(WORLD)] }], web: { groups: ['sg-x'] }, db: { groups: ['sg-x'] } });
      dropped(tcpIn(net, '203.0.113.5', 50000, 443, 0), 'sg-ingress');
      dropped(net.send({ from: '203.0.113.5', to: 'db', proto: 'tcp', sport: 50001, dport: 443, flags: 'S', at: 0 }), 'sg-ingress');
      setInbound(net, 'sg-x', [sg.tcp(443, WORLD)]);
      allowed(tcpIn(net, '203.0.113.5', 50002, 443, 1));
      allowed(net.send({ from: '203.0.113.5', to: 'db', proto: 'tcp', sport: 50003, dport: 443, flags: 'S', at: 1 }));
      setInbound(net, 'sg-x', []);
      dropped(tcpIn(net, '203.0.113.5', 50004, 443, 2), 'sg-ingress');
      dropped(net.send({ from: '203.0.113.5', to: 'db', proto: 'tcp', sport: 50005, dport: 443, flags: 'S', at: 2 }), 'sg-ingress');
    });
  });
});

// ===================================================================== 1.2 statefulness

describe('1.2 security groups: statefulness and connection tracking', () => {
  describe('rule 17: stateful', () => {
    it('rule 17: stateful: the response to an inbound request leaves without an outbound rule', () => {
      const net = webWith([sg.tcp(22, '203.0.113.0/24')], []);
      allowed(tcpIn(net, '203.0.113.5', 50000, 22, 0));
      const r = tcpOut(net, '203.0.113.5', 22, 50000, 0.01, 'SA');
      allowed(r);
      expect(hopOf(r, 'sg-egress')?.decidedBy.kind).toBe('conntrack');
    });
    it('rule 17: stateful: the response to an outbound request comes in without an inbound rule', () => {
      const net = webWith([], [sg.tcp(443, '198.51.100.0/24')]);
      allowed(tcpOut(net, '198.51.100.20', 40000, 443, 0));
      const r = net.send({ from: '198.51.100.20', to: 'web', proto: 'tcp', sport: 443, dport: 40000, flags: 'SA', at: 0.01 });
      allowed(r);
      expect(hopOf(r, 'sg-ingress')?.decidedBy.kind).toBe('conntrack');
    });
    it('rule 17: stateful: UDP responses too', () => {
      const net = webWith([], [sg.udp(53, '198.51.100.0/24')]);
      allowed(udpOut(net, '198.51.100.53', 40000, 53, 0));
      allowed(net.send({ from: '198.51.100.53', to: 'web', proto: 'udp', sport: 53, dport: 40000, at: 0.01 }));
    });
  });

  describe('rule 18: the untracked condition', () => {
    it('rule 18: untracked condition: TCP from 0.0.0.0/0 with an all-ports outbound rule to 0.0.0.0/0 is not tracked', () => {
      const net = webWith([sg.tcp(80, WORLD)], [sg.all(WORLD)]);
      const r = tcpIn(net, '203.0.113.5', 50000, 80, 0);
      allowed(r);
      expect(trackingAt(r, 'sg-ingress')).toEqual(['untracked']);
      expect(net.ct.trackedCount([eniOf('web')])).toBe(0);
    });
    it('rule 18: untracked condition: the reason names the rule that opens the flow and the rule that opens every port back', () => {
      const net = webWith([sg.tcp(22, '10.0.0.0/8'), sg.tcp(80, WORLD)], [sg.tcp(443, WORLD), sg.all(WORLD)]);
      const why = (r: ReturnType<typeof tcpIn>) => hopOf(r, 'sg-ingress')?.tracking.flatMap((t) => (t.kind === 'untracked' ? [t.why] : []));
      const expected = "sg-web's inbound rule 2 allows 0.0.0.0/0, and sg-web's outbound rule 2 allows every port to 0.0.0.0/0, so AWS does not track it; responses are judged by the rules.";
      expect(why(tcpIn(net, '203.0.113.5', 50000, 80, 0))).toEqual([expected]);
      // A second flow gets the same words (they are built once per pair of rules).
      expect(why(tcpIn(net, '203.0.113.6', 50001, 80, 0.1))).toEqual([expected]);
    });
        it('rule 18: untracked condition: UDP as well', () => {
      const net = webWith([sg.udp(53, WORLD)], [sg.all(WORLD)]);
      expect(trackingAt(udpIn(net, '203.0.113.5', 50000, 53, 0), 'sg-ingress')).toEqual(['untracked']);
    });
    it('rule 18: untracked condition: the response of an untracked flow is judged by the rule that permits it', () => {
      const net = webWith([sg.tcp(80, WORLD)], [sg.all(WORLD)]);
      allowed(tcpIn(net, '203.0.113.5', 50000, 80, 0));
      const r = tcpOut(net, '203.0.113.5', 80, 50000, 0.01, 'SA');
      allowed(r);
      expect(hopOf(r, 'sg-egress')?.decidedBy).toMatchObject({ kind: 'sg-rule', groupId: 'sg-web', direction: 'outbound', index: 0 });
    });
    it('rule 18: untracked condition: the initiating rule must be 0.0.0.0/0 (a /24 keeps it tracked)', () => {
      const net = webWith([sg.tcp(80, '203.0.113.0/24')], [sg.all(WORLD)]);
      expect(trackingAt(tcpIn(net, '203.0.113.5', 50000, 80, 0), 'sg-ingress')).toEqual(['created']);
    });
    it('rule 18: untracked condition: the reverse rule must cover every port (outbound TCP 443 only keeps it tracked)', () => {
      const net = webWith([sg.tcp(22, WORLD)], [sg.tcp(443, WORLD)]);
      expect(trackingAt(tcpIn(net, '203.0.113.5', 50000, 22, 0), 'sg-ingress')).toEqual(['created']);
    });
    it('rule 18: untracked condition: the reverse rule must be to 0.0.0.0/0 (to 198.51.100.0/24 keeps it tracked)', () => {
      const net = webWith([sg.tcp(80, WORLD)], [sg.all('198.51.100.0/24')]);
      expect(trackingAt(tcpIn(net, '203.0.113.5', 50000, 80, 0), 'sg-ingress')).toEqual(['created']);
    });
    it('rule 18: untracked condition: a TCP 0-65535 reverse rule counts for TCP but not for UDP', () => {
      const net = webWith([sg.tcp(80, WORLD), sg.udp(53, WORLD)], [sg.tcp([0, 65535], WORLD), sg.udp([1, 65535], WORLD)]);
      expect(trackingAt(tcpIn(net, '203.0.113.5', 50000, 80, 0), 'sg-ingress')).toEqual(['untracked']);
      expect(trackingAt(udpIn(net, '203.0.113.5', 50001, 53, 1), 'sg-ingress')).toEqual(['created']);
    });
    it('rule 18: untracked condition: holds for instance-initiated flows when inbound is open to all', () => {
      const net = webWith([sg.all(WORLD)], [sg.tcp(443, WORLD)]);
      expect(trackingAt(tcpOut(net, '198.51.100.20', 40000, 443, 0), 'sg-egress')).toEqual(['untracked']);
    });
    it('rule 18: untracked condition: the two halves may come from different groups on the ENI', () => {
      const net = network({ groups: [{ id: 'sg-in', inbound: [sg.tcp(80, WORLD)] }, { id: 'sg-out', outbound: [sg.all(WORLD)] }], web: { groups: ['sg-in', 'sg-out'] } });
      expect(trackingAt(tcpIn(net, '203.0.113.5', 50000, 80, 0), 'sg-ingress')).toEqual(['untracked']);
    });
  });

  describe('rule 19: ICMP is always tracked', () => {
    it('rule 19: ICMP always tracked even with all traffic open both ways', () => {
      const net = webWith([sg.all(WORLD)], [sg.all(WORLD)]);
      const r = net.send({ from: '203.0.113.5', to: 'web', proto: 'icmp', icmpType: 8, icmpCode: 0, icmpId: 9, at: 0 });
      expect(trackingAt(r, 'sg-ingress')).toEqual(['created']);
      // The rules go; the echo reply still leaves on the tracked entry.
      setInbound(net, 'sg-web', []);
      setOutbound(net, 'sg-web', []);
      const reply = net.send({ from: 'web', toAddress: '203.0.113.5', proto: 'icmp', icmpType: 0, icmpCode: 0, icmpId: 9, at: 1 });
      allowed(reply);
      expect(hopOf(reply, 'sg-egress')?.decidedBy.kind).toBe('conntrack');
    });
    it('rule 19: ICMP always tracked: the echo identifier is part of the key', () => {
      const net = webWith([sg.icmp(8, -1, WORLD)], []);
      allowed(net.send({ from: '203.0.113.5', to: 'web', proto: 'icmp', icmpType: 8, icmpCode: 0, icmpId: 9, at: 0 }));
      dropped(net.send({ from: 'web', toAddress: '203.0.113.5', proto: 'icmp', icmpType: 0, icmpCode: 0, icmpId: 10, at: 0.01 }), 'sg-egress');
      allowed(net.send({ from: 'web', toAddress: '203.0.113.5', proto: 'icmp', icmpType: 0, icmpCode: 0, icmpId: 9, at: 0.02 }));
    });
  });

  describe('rule 20: other protocols are tracked by address pair and protocol for 600 s', () => {
    const build = () => webWith([], [sg.all(WORLD)]);
    it('rule 20: other protocols: the peer may send the same protocol back within 600 s regardless of inbound rules', () => {
      const net = build();
      allowed(net.send({ from: 'web', toAddress: '198.51.100.20', proto: 253, at: 0 }));
      const back = net.send({ from: '198.51.100.20', to: 'web', proto: 253, at: 599 });
      allowed(back);
      expect(hopOf(back, 'sg-ingress')?.decidedBy.kind).toBe('conntrack');
    });
    it('rule 20: other protocols: another protocol or another host is not admitted', () => {
      const net = build();
      allowed(net.send({ from: 'web', toAddress: '198.51.100.20', proto: 253, at: 0 }));
      dropped(net.send({ from: '198.51.100.20', to: 'web', proto: 254, at: 1 }), 'sg-ingress');
      dropped(net.send({ from: '198.51.100.21', to: 'web', proto: 253, at: 2 }), 'sg-ingress');
    });
    it('rule 20: other protocols: after 600 s of silence the entry is gone', () => {
      const net = build();
      allowed(net.send({ from: 'web', toAddress: '198.51.100.20', proto: 253, at: 0 }));
      dropped(net.send({ from: '198.51.100.20', to: 'web', proto: 253, at: 601 }), 'sg-ingress');
      expect(DEFAULT_SETTINGS.otherProtocolTimeout).toBe(600);
    });
  });

  describe('rule 21: rule removal does not interrupt tracked flows until they time out', () => {
    it('rule 21: rule removal, tracked flows: packets keep passing both ways until the idle timeout', () => {
      const net = webWith([sg.udp(5000, '203.0.113.1/32')], [sg.all(WORLD)]);
      allowed(udpIn(net, '203.0.113.1', 40000, 5000, 0));
      allowed(udpOut(net, '203.0.113.1', 5000, 40000, 0.1));
      setInbound(net, 'sg-web', []);
      allowed(udpIn(net, '203.0.113.1', 40000, 5000, 10));
      allowed(udpOut(net, '203.0.113.1', 5000, 40000, 10.1));
      // Two request-response transactions made it a stream (180 s): idle longer than that, the
      // entry is gone and the missing rule now decides.
      allowed(udpIn(net, '203.0.113.1', 40000, 5000, 10.1 + 179));
      dropped(udpIn(net, '203.0.113.1', 40000, 5000, 10.1 + 179 + 181), 'sg-ingress');
    });
    it('rule 21: rule removal, tracked flows: removing the outbound rule of an outbound-initiated flow keeps its responses', () => {
      const net = webWith([], [sg.tcp(443, WORLD)]);
      allowed(tcpOut(net, '198.51.100.20', 40000, 443, 0));
      allowed(net.send({ from: '198.51.100.20', to: 'web', proto: 'tcp', sport: 443, dport: 40000, flags: 'SA', at: 0.01 }));
      setOutbound(net, 'sg-web', []);
      allowed(tcpOut(net, '198.51.100.20', 40000, 443, 5, 'D'));
      dropped(tcpOut(net, '198.51.100.20', 40001, 443, 6), 'sg-egress');
    });
  });

  describe('rule 22: rule removal interrupts untracked flows at once', () => {
    const sshWorld = () => webWith([sg.tcp(22, WORLD)], [sg.all(WORLD)]);
    const open = (net: Net) => {
      allowed(tcpIn(net, '203.0.113.1', 50050, 22, 0));
      allowed(tcpOut(net, '203.0.113.1', 22, 50050, 0.01, 'SA'));
      allowed(tcpIn(net, '203.0.113.1', 50050, 22, 0.02, 'A'));
    };
    it('rule 22: rule removal, untracked flows: removing the inbound 0.0.0.0/0 rule drops client packets at once', () => {
      const net = sshWorld();
      open(net);
      setInbound(net, 'sg-web', []);
      dropped(tcpIn(net, '203.0.113.1', 50050, 22, 11, 'D'), 'sg-ingress');
      // Server-to-client packets still pass the open outbound rule (edge 8).
      allowed(tcpOut(net, '203.0.113.1', 22, 50050, 11.1, 'D'));
    });
    it('rule 22: rule removal, untracked flows: a modification that no longer permits the client drops it too', () => {
      const net = sshWorld();
      open(net);
      setInbound(net, 'sg-web', [sg.tcp(22, '198.51.100.0/24')]);
      dropped(tcpIn(net, '203.0.113.1', 50050, 22, 11, 'D'), 'sg-ingress');
    });
    it('rule 22: rule removal: with a narrower (tracked) rule the existing connection is not interrupted', () => {
      const net = webWith([sg.tcp(22, '203.0.113.1/32')], [sg.all(WORLD)]);
      open(net);
      setInbound(net, 'sg-web', []);
      allowed(tcpIn(net, '203.0.113.1', 50050, 22, 11, 'D'));
    });
  });

  describe('rule 23: the worked example of the EC2 guide', () => {
    const example = () =>
      network({
        ipv6: true,
        groups: [
          {
            id: 'sg-web',
            inbound: [sg.tcp(22, '203.0.113.1/32'), sg.tcp(80, WORLD), sg.tcp(80, WORLD6), sg.icmp(-1, -1, WORLD)],
            outbound: [sg.all(WORLD), sg.all(WORLD6)],
          },
        ],
        web: { groups: ['sg-web'] },
      });
    const http6 = (net: Net, sport: number, at: number) =>
      net.send({ from: 'client', to: 'web', address: 'ipv6', proto: 'tcp', sport, dport: 80, flags: 'S', at });

    it('rule 23: worked example: SSH is tracked, HTTP (IPv4 and IPv6) is not, ICMP is tracked', () => {
      const net = example();
      expect(trackingAt(tcpIn(net, '203.0.113.1', 50000, 22, 0), 'sg-ingress')).toEqual(['created']);
      expect(trackingAt(tcpIn(net, '203.0.113.5', 50001, 80, 1), 'sg-ingress')).toEqual(['untracked']);
      expect(trackingAt(http6(net, 50002, 2), 'sg-ingress')).toEqual(['untracked']);
      expect(trackingAt(net.send({ from: '203.0.113.5', to: 'web', proto: 'icmp', icmpType: 8, icmpCode: 0, icmpId: 4, at: 3 }), 'sg-ingress')).toEqual(['created']);
    });
    it('rule 23: worked example: without the IPv4 outbound rule, IPv4 HTTP is tracked while IPv6 HTTP stays untracked', () => {
      const net = example();
      setOutbound(net, 'sg-web', [sg.all(WORLD6)]);
      expect(trackingAt(tcpIn(net, '203.0.113.5', 50001, 80, 1), 'sg-ingress')).toEqual(['created']);
      expect(trackingAt(http6(net, 50002, 2), 'sg-ingress')).toEqual(['untracked']);
    });
    it('rule 23: worked example: the same applies for IPv6 (without ::/0 outbound, IPv6 HTTP is tracked)', () => {
      const net = example();
      setOutbound(net, 'sg-web', [sg.all(WORLD)]);
      expect(trackingAt(http6(net, 50002, 2), 'sg-ingress')).toEqual(['created']);
      expect(trackingAt(tcpIn(net, '203.0.113.5', 50001, 80, 1), 'sg-ingress')).toEqual(['untracked']);
    });
  });

  describe('rule 24: automatically tracked connections', () => {
    const build = () =>
      webWith([sg.tcp(80, WORLD)], [sg.all(WORLD)], { hosts: [{ id: 'nlb', ipv4: '198.51.100.200', automaticallyTracked: true }] });
    it('rule 24: automatically tracked: a flow from an NLB-like peer is tracked though the groups would leave it untracked', () => {
      const net = build();
      expect(trackingAt(tcpIn(net, '203.0.113.5', 50000, 80, 0), 'sg-ingress')).toEqual(['untracked']);
      expect(trackingAt(tcpIn(net, 'nlb', 50001, 80, 1), 'sg-ingress')).toEqual(['created']);
    });
    it('rule 24: automatically tracked: so removing the rule does not cut it', () => {
      const net = build();
      allowed(tcpIn(net, 'nlb', 50001, 80, 0));
      allowed(tcpIn(net, '203.0.113.5', 50000, 80, 0));
      setInbound(net, 'sg-web', []);
      allowed(tcpIn(net, 'nlb', 50001, 80, 1, 'A'));
      dropped(tcpIn(net, '203.0.113.5', 50000, 80, 1, 'A'), 'sg-ingress');
    });
    it('rule 24: automatically tracked: an instance-initiated flow to such a peer is tracked too', () => {
      const net = webWith([sg.all(WORLD)], [sg.all(WORLD)], { hosts: [{ id: 'natgw', ipv4: '198.51.100.201', kind: 'server', automaticallyTracked: true }] });
      expect(trackingAt(tcpOut(net, '198.51.100.201', 40000, 443, 0), 'sg-egress')).toEqual(['created']);
      expect(trackingAt(tcpOut(net, '198.51.100.20', 40001, 443, 0), 'sg-egress')).toEqual(['untracked']);
    });
  });

  describe('rule 25: idle timeouts per ENI', () => {
    const outAll = (spec: NetSpec = {}) => webWith([], [sg.all(WORLD)], spec);
    /** Opens an outbound TCP connection at t=0 (S, SA, A). */
    const tcpOpen = (net: Net) => {
      allowed(tcpOut(net, '198.51.100.20', 44000, 443, 0));
      allowed(net.send({ from: '198.51.100.20', to: 'web', proto: 'tcp', sport: 443, dport: 44000, flags: 'SA', at: 0 }));
      allowed(tcpOut(net, '198.51.100.20', 44000, 443, 0, 'A'));
    };
    const serverData = (net: Net, at: number) => net.send({ from: '198.51.100.20', to: 'web', proto: 'tcp', sport: 443, dport: 44000, flags: 'D', at });

    it('rule 25: timeouts: the documented defaults and bounds', () => {
      expect(DEFAULT_SETTINGS).toMatchObject({ tcpEstablishedTimeout: 432000, tcpEstablishedTimeoutNitroV6: 350, udpTimeout: 30, udpStreamTimeout: 180 });
      expect(TIMEOUT_BOUNDS).toEqual({
        tcpEstablishedTimeout: { min: 60, max: 432000 },
        udpTimeout: { min: 30, max: 60 },
        udpStreamTimeout: { min: 60, max: 180 },
      });
      const model = compileModel(buildDocument({ app: { nitroV6: true } }));
      expect(model.enis.get(eniOf('web'))?.timeouts).toEqual({ tcpEstablished: 432000, udp: 30, udpStream: 180 });
      expect(model.enis.get(eniOf('app'))?.timeouts).toEqual({ tcpEstablished: 350, udp: 30, udpStream: 180 });
    });
    it('rule 25: timeouts: TCP established defaults to 432000 s (alive at the boundary, gone 1 s later)', () => {
      const a = outAll();
      tcpOpen(a);
      allowed(serverData(a, 432000));
      const b = outAll();
      tcpOpen(b);
      dropped(serverData(b, 432001), 'sg-ingress');
    });
    it('rule 25: timeouts: Nitro v6 instances default to 350 s for established TCP', () => {
      const a = outAll({ web: { nitroV6: true } });
      tcpOpen(a);
      allowed(serverData(a, 350));
      const b = outAll({ web: { nitroV6: true } });
      tcpOpen(b);
      dropped(serverData(b, 351), 'sg-ingress');
    });
    it('rule 25: timeouts: a per-ENI TcpEstablishedTimeout overrides the default (and the Nitro v6 default)', () => {
      const a = outAll({ web: { connectionTracking: { tcpEstablishedTimeout: 60 } } });
      tcpOpen(a);
      allowed(serverData(a, 60));
      dropped(serverData(a, 121), 'sg-ingress');
      const b = outAll({ web: { nitroV6: true, connectionTracking: { tcpEstablishedTimeout: 1000 } } });
      tcpOpen(b);
      allowed(serverData(b, 999));
    });
    it('rule 25: timeouts: UdpTimeout 30 s by default, per-ENI override up to 60 s', () => {
      const a = outAll();
      allowed(udpOut(a, '198.51.100.53', 53000, 53, 0));
      dropped(udpIn(a, '198.51.100.53', 53, 53000, 31), 'sg-ingress');
      const b = outAll({ web: { connectionTracking: { udpTimeout: 60 } } });
      allowed(udpOut(b, '198.51.100.53', 53000, 53, 0));
      allowed(udpIn(b, '198.51.100.53', 53, 53000, 45));
      dropped(udpIn(b, '198.51.100.53', 53, 53000, 45 + 61), 'sg-ingress');
    });
    it('rule 25: timeouts: a UDP flow with more than one request-response transaction is a stream (180 s)', () => {
      const net = outAll();
      allowed(udpOut(net, '198.51.100.53', 53000, 53, 0));
      allowed(udpIn(net, '198.51.100.53', 53, 53000, 1));
      allowed(udpOut(net, '198.51.100.53', 53000, 53, 2));
      allowed(udpIn(net, '198.51.100.53', 53, 53000, 3));
      expect(net.ct.entries(eniOf('web'))[0]?.state).toBe('udp-stream');
      allowed(udpIn(net, '198.51.100.53', 53, 53000, 3 + 170));
      dropped(udpIn(net, '198.51.100.53', 53, 53000, 3 + 170 + 181), 'sg-ingress');
    });
    it('rule 25: timeouts: one request-response transaction keeps the 30 s UdpTimeout', () => {
      const net = outAll();
      allowed(udpOut(net, '198.51.100.53', 53000, 53, 0));
      allowed(udpIn(net, '198.51.100.53', 53, 53000, 1));
      expect(net.ct.entries(eniOf('web'))[0]?.state).toBe('udp');
      dropped(udpIn(net, '198.51.100.53', 53, 53000, 1 + 31), 'sg-ingress');
    });
    it('rule 25: timeouts: [interpretation] two answers to one request are still one transaction (30 s)', () => {
      const net = outAll();
      allowed(udpOut(net, '198.51.100.53', 53000, 53, 0));
      allowed(udpIn(net, '198.51.100.53', 53, 53000, 1));
      allowed(udpIn(net, '198.51.100.53', 53, 53000, 2));
      expect(net.ct.entries(eniOf('web'))[0]?.state).toBe('udp');
      dropped(udpIn(net, '198.51.100.53', 53, 53000, 2 + 31), 'sg-ingress');
    });
    it('rule 25: timeouts: a UDP flow the peer opened becomes a stream the same way', () => {
      const net = webWith([sg.udp(5000, '203.0.113.0/24')], []);
      allowed(udpIn(net, '203.0.113.5', 40000, 5000, 0));
      allowed(udpOut(net, '203.0.113.5', 5000, 40000, 1));
      allowed(udpIn(net, '203.0.113.5', 40000, 5000, 2));
      allowed(udpOut(net, '203.0.113.5', 5000, 40000, 3));
      expect(net.ct.entries(eniOf('web'))[0]?.state).toBe('udp-stream');
      allowed(udpOut(net, '203.0.113.5', 5000, 40000, 3 + 179));
    });
    it('rule 25: timeouts: a per-ENI UdpStreamTimeout overrides 180 s', () => {
      const net = outAll({ web: { connectionTracking: { udpStreamTimeout: 60 } } });
      allowed(udpOut(net, '198.51.100.53', 53000, 53, 0));
      allowed(udpIn(net, '198.51.100.53', 53, 53000, 1));
      allowed(udpOut(net, '198.51.100.53', 53000, 53, 2));
      allowed(udpIn(net, '198.51.100.53', 53, 53000, 3));
      dropped(udpIn(net, '198.51.100.53', 53, 53000, 3 + 61), 'sg-ingress');
    });
    it('rule 25: timeouts: [UNSPECIFIED] idle counts packets in either direction', () => {
      const net = outAll();
      allowed(udpOut(net, '198.51.100.53', 53000, 53, 0));
      allowed(udpOut(net, '198.51.100.53', 53000, 53, 25));
      allowed(udpIn(net, '198.51.100.53', 53, 53000, 50));
    });
    it('rule 25: [UNSPECIFIED] icmpTimeout: 30 s by default, configurable', () => {
      expect(DEFAULT_SETTINGS.icmpTimeout).toBe(30);
      const ping = (net: Net, at: number) => net.send({ from: 'web', toAddress: '198.51.100.20', proto: 'icmp', icmpType: 8, icmpCode: 0, icmpId: 5, at });
      const reply = (net: Net, at: number) => net.send({ from: '198.51.100.20', to: 'web', proto: 'icmp', icmpType: 0, icmpCode: 0, icmpId: 5, at });
      const a = outAll();
      allowed(ping(a, 0));
      dropped(reply(a, 31), 'sg-ingress');
      const b = outAll({ settings: { icmpTimeout: 60 } });
      allowed(ping(b, 0));
      allowed(reply(b, 31));
    });
    it('rule 25: [UNSPECIFIED] tcpOpeningTimeout: an unanswered SYN is remembered 120 s by default, configurable', () => {
      expect(DEFAULT_SETTINGS.tcpOpeningTimeout).toBe(120);
      const synAck = (net: Net, at: number) => net.send({ from: '198.51.100.20', to: 'web', proto: 'tcp', sport: 443, dport: 44000, flags: 'SA', at });
      const a = outAll();
      allowed(tcpOut(a, '198.51.100.20', 44000, 443, 0));
      dropped(synAck(a, 121), 'sg-ingress');
      const a2 = outAll();
      allowed(tcpOut(a2, '198.51.100.20', 44000, 443, 0));
      allowed(synAck(a2, 119));
      const b = outAll({ settings: { tcpOpeningTimeout: 300 } });
      allowed(tcpOut(b, '198.51.100.20', 44000, 443, 0));
      allowed(synAck(b, 121));
    });
    it('rule 25: [UNSPECIFIED] tcpClosingTimeout: after a FIN the entry lives 120 s by default, configurable', () => {
      expect(DEFAULT_SETTINGS.tcpClosingTimeout).toBe(120);
      const run = (spec: NetSpec, at: number) => {
        const net = outAll(spec);
        tcpOpen(net);
        allowed(tcpOut(net, '198.51.100.20', 44000, 443, 1, 'F'));
        return serverData(net, 1 + at);
      };
      dropped(run({}, 121), 'sg-ingress');
      allowed(run({}, 119));
      allowed(run({ settings: { tcpClosingTimeout: 300 } }, 121));
    });
    it('rule 25: [UNSPECIFIED] tcpClosedTimeout: after a RST the entry lives 10 s by default, configurable', () => {
      expect(DEFAULT_SETTINGS.tcpClosedTimeout).toBe(10);
      const run = (spec: NetSpec, at: number) => {
        const net = outAll(spec);
        tcpOpen(net);
        allowed(tcpOut(net, '198.51.100.20', 44000, 443, 1, 'R'));
        return serverData(net, 1 + at);
      };
      dropped(run({}, 11), 'sg-ingress');
      allowed(run({}, 9));
      allowed(run({ settings: { tcpClosedTimeout: 60 } }, 11));
    });
    it('rule 25: [UNSPECIFIED] expiryInclusive: true lets a packet exactly at the timeout pass, false drops it', () => {
      expect(DEFAULT_SETTINGS.expiryInclusive).toBe(true);
      const run = (expiryInclusive: boolean) => {
        const net = outAll({ settings: { expiryInclusive } });
        allowed(udpOut(net, '198.51.100.53', 53000, 53, 0));
        return udpIn(net, '198.51.100.53', 53, 53000, 30);
      };
      allowed(run(true));
      dropped(run(false), 'sg-ingress');
    });
  });

  describe('rule 26: the connection-tracking allowance', () => {
    it('rule 26: allowance: once the cap is reached new tracked flows are dropped; existing ones keep passing', () => {
      const net = webWith([], [sg.tcp(443, WORLD)], { web: { conntrackAllowance: 2 } });
      allowed(tcpOut(net, '198.51.100.20', 40000, 443, 0));
      allowed(tcpOut(net, '198.51.100.20', 40001, 443, 0));
      const third = tcpOut(net, '198.51.100.20', 40002, 443, 0);
      dropped(third, 'sg-egress');
      expect(hopOf(third, 'sg-egress')?.decidedBy).toMatchObject({ kind: 'allowance-exceeded', allowance: 2 });
      allowed(net.send({ from: '198.51.100.20', to: 'web', proto: 'tcp', sport: 443, dport: 40000, flags: 'SA', at: 0.01 }));
    });
    it('rule 26: allowance: untracked flows do not use the allowance', () => {
      const net = webWith([sg.tcp(80, WORLD)], [sg.all(WORLD)], { web: { conntrackAllowance: 1 } });
      allowed(tcpOut(net, '198.51.100.20', 40000, 443, 0));
      for (let i = 0; i < 5; i++) expect(trackingAt(tcpIn(net, '203.0.113.5', 50000 + i, 80, 1), 'sg-ingress')).toEqual(['untracked']);
    });
    it('rule 26: allowance: entries that have idled out free their place', () => {
      const net = webWith([], [sg.udp(53, WORLD)], { web: { conntrackAllowance: 1 } });
      allowed(udpOut(net, '198.51.100.53', 40000, 53, 0));
      dropped(udpOut(net, '198.51.100.53', 40001, 53, 1), 'sg-egress');
      allowed(udpOut(net, '198.51.100.53', 40002, 53, 40));
    });
    it('rule 26: allowance: the cap is per instance, counted over all of its ENIs', () => {
      const doc = buildDocument({ groups: [{ id: 'sg-out', outbound: [sg.all(WORLD)] }], web: { groups: ['sg-out'], conntrackAllowance: 2 } });
      addEni(doc, 'web', { id: 'eni-web-2', subnetId: SUBNET_B, privateIp: '10.0.2.10', publicIp: '192.0.2.11', groups: ['sg-out'] });
      const net = new Net(doc);
      const syn = (src: string, sport: number) => net.sendPacket('web', packet(src, '198.51.100.20', { proto: 'tcp', sport, dport: 443, flags: 'S' }), 0);
      allowed(syn('10.0.1.10', 40000));
      allowed(syn('10.0.2.10', 40000));
      dropped(syn('10.0.2.10', 40001), 'sg-egress');
      dropped(syn('10.0.1.10', 40001), 'sg-egress');
    });
    it('rule 26: allowance: the default cap is a setting', () => {
      expect(DEFAULT_SETTINGS.conntrackAllowance).toBeGreaterThan(0);
      const net = webWith([], [sg.tcp(443, WORLD)], { settings: { conntrackAllowance: 1 } });
      allowed(tcpOut(net, '198.51.100.20', 40000, 443, 0));
      dropped(tcpOut(net, '198.51.100.20', 40001, 443, 0), 'sg-egress');
    });
  });

  describe('rule 27: ICMP errors are not responses', () => {
    const fragNeeded = (net: Net, at: number) => net.send({ from: '198.51.100.20', to: 'web', proto: 'icmp', icmpType: 3, icmpCode: 4, at });
    it('rule 27: ICMP errors need a rule: Frag-Needed for a tracked flow is dropped without an inbound ICMP rule', () => {
      const net = webWith([], [sg.all(WORLD)]);
      allowed(tcpOut(net, '198.51.100.20', 40000, 443, 0));
      dropped(fragNeeded(net, 0.01), 'sg-ingress');
      dropped(net.send({ from: '198.51.100.20', to: 'web', proto: 'icmp', icmpType: 3, icmpCode: 3, at: 0.02 }), 'sg-ingress');
    });
    it('rule 27: ICMP errors need a rule: an inbound ICMP 3/4 rule admits PMTUD', () => {
      const net = webWith([sg.icmp(3, 4, WORLD)], [sg.all(WORLD)]);
      allowed(tcpOut(net, '198.51.100.20', 40000, 443, 0));
      const r = fragNeeded(net, 0.01);
      allowed(r);
      expect(trackingAt(r, 'sg-ingress')).toEqual(['not-recorded']);
    });
  });
});

// ===================================================================== 1.3 NACLs

describe('1.3 network ACLs', () => {
  const openGroups: NetSpec = {
    groups: [{ id: 'sg-open', inbound: [sg.all(WORLD), sg.all(WORLD6)], outbound: [sg.all(WORLD), sg.all(WORLD6)] }],
    web: { groups: ['sg-open'] },
    app: { groups: ['sg-open'] },
    db: { groups: ['sg-open'] },
  };
  const withNaclA = (inbound: NaclRule[], outbound: NaclRule[], spec: NetSpec = {}) =>
    network({ ...openGroups, ...spec, naclA: { inbound, outbound } });

  describe('rule 28: one NACL per subnet, stateless', () => {
    it('rule 28: stateless: the response to an allowed request is judged by the outbound rules', () => {
      const net = withNaclA([nacl.allow(100, 6, WORLD, { ports: 80 })], []);
      allowed(tcpIn(net, '203.0.113.5', 51000, 80, 0));
      const r = tcpOut(net, '203.0.113.5', 80, 51000, 0.01, 'SA');
      dropped(r, 'nacl-out');
      expect(hopOf(r, 'sg-egress')?.verdict).toBe('allow');
    });
    it("rule 28: one NACL per subnet: traffic into subnet B meets B's NACL, not A's", () => {
      const net = network({ ...openGroups, naclA: { inbound: [], outbound: [] } });
      allowed(net.send({ from: '203.0.113.5', to: 'db', proto: 'tcp', sport: 51000, dport: 80, flags: 'S', at: 0 }));
      dropped(tcpIn(net, '203.0.113.5', 51000, 80, 0), 'nacl-in');
    });
  });

  describe('rule 29: ordered, first match', () => {
    it('rule 29: ordered first match: the lowest number wins whatever the order in the document', () => {
      const net = withNaclA([nacl.allow(200, -1, WORLD), nacl.deny(100, 6, '203.0.113.0/24', { ports: 22 })], [nacl.allow(100, -1, WORLD)]);
      const r = tcpIn(net, '203.0.113.5', 51000, 22, 0);
      dropped(r, 'nacl-in');
      expect(hopOf(r, 'nacl-in')?.decidedBy).toMatchObject({ kind: 'nacl-rule', ruleNumber: 100, action: 'deny' });
      const ok = tcpIn(net, '203.0.113.5', 51001, 80, 1);
      allowed(ok);
      expect(hopOf(ok, 'nacl-in')?.decidedBy).toMatchObject({ kind: 'nacl-rule', ruleNumber: 200 });
    });
    it('rule 29: ordered first match: an allow before a deny wins', () => {
      const net = withNaclA([nacl.allow(50, 6, '203.0.113.5/32', { ports: 22 }), nacl.deny(60, -1, WORLD)], [nacl.allow(100, -1, WORLD)]);
      allowed(tcpIn(net, '203.0.113.5', 51000, 22, 0));
      dropped(tcpIn(net, '203.0.113.6', 51000, 22, 0), 'nacl-in');
    });
    it('rule 29: inbound and outbound are separate lists', () => {
      const net = withNaclA([nacl.allow(100, -1, WORLD)], [nacl.deny(100, -1, '203.0.113.0/24'), nacl.allow(200, -1, WORLD)]);
      allowed(tcpIn(net, '203.0.113.5', 51000, 80, 0));
      dropped(tcpOut(net, '203.0.113.5', 80, 51000, 0.01, 'SA'), 'nacl-out');
      allowed(tcpOut(net, '198.51.100.20', 40000, 443, 1));
    });
  });

  describe('rule 30: the default deny rule *', () => {
    it('rule 30: default deny *: with no numbered rule matching, * denies (32767 for IPv4, 32768 for IPv6)', () => {
      const net = network({ ...openGroups, ipv6: true, naclA: { inbound: [nacl.allow(100, 6, WORLD, { ports: 443 })], outbound: [] } });
      const r4 = tcpIn(net, '203.0.113.5', 51000, 80, 0);
      dropped(r4, 'nacl-in');
      expect(hopOf(r4, 'nacl-in')?.decidedBy).toMatchObject({ kind: 'nacl-star', ruleNumber: 32767 });
      const r6 = net.send({ from: 'client', to: 'web', address: 'ipv6', proto: 'tcp', sport: 51000, dport: 443, flags: 'S', at: 1 });
      dropped(r6, 'nacl-in');
      expect(hopOf(r6, 'nacl-in')?.decidedBy).toMatchObject({ kind: 'nacl-star', ruleNumber: 32768 });
      expect([STAR_RULE_V4, STAR_RULE_V6]).toEqual([32767, 32768]);
    });
  });

  describe('rule 31: explicit deny', () => {
    it('rule 31: explicit deny: a deny earlier than a wide allow blocks one host', () => {
      const net = withNaclA([nacl.deny(100, -1, '203.0.113.66/32'), nacl.allow(200, -1, WORLD)], [nacl.allow(100, -1, WORLD)]);
      dropped(tcpIn(net, '203.0.113.66', 51000, 80, 0), 'nacl-in');
      allowed(tcpIn(net, '203.0.113.65', 51000, 80, 0));
    });
  });

  describe('rule 32: default vs custom NACL', () => {
    const withAcls = (ipv6: boolean, a: 'default' | 'custom') => {
      const doc = buildDocument({ ...openGroups, ipv6 });
      doc.networkAcls = [
        a === 'default' ? defaultNetworkAcl(NACL_A, VPC, ipv6) : customNetworkAcl(NACL_A, VPC),
        defaultNetworkAcl(NACL_B, VPC, ipv6),
      ];
      return new Net(doc);
    };
    it('rule 32: default NACL: rule 100 allows all IPv4 each way; 101 does the same for IPv6 only in an IPv6 VPC', () => {
      const v4 = defaultNetworkAcl(NACL_A, VPC, false);
      expect(v4.isDefault).toBe(true);
      expect(v4.inbound).toEqual([{ ruleNumber: 100, protocol: '-1', action: 'allow', cidr: WORLD }]);
      expect(v4.outbound).toEqual(v4.inbound);
      const v6 = defaultNetworkAcl(NACL_A, VPC, true);
      expect(v6.inbound.map((r) => [r.ruleNumber, r.cidr])).toEqual([[100, WORLD], [101, WORLD6]]);
      expect(v6.outbound.map((r) => [r.ruleNumber, r.cidr])).toEqual([[100, WORLD], [101, WORLD6]]);
    });
    it('rule 32: default NACL: traffic passes both ways, IPv6 through rule 101', () => {
      const net = withAcls(true, 'default');
      allowed(tcpIn(net, '203.0.113.5', 51000, 80, 0));
      allowed(tcpOut(net, '198.51.100.20', 40000, 443, 1));
      const r6 = net.send({ from: 'client', to: 'db', address: 'ipv6', proto: 'udp', sport: 51000, dport: 53, at: 2 });
      allowed(r6);
      expect(hopOf(r6, 'nacl-in')?.decidedBy).toMatchObject({ kind: 'nacl-rule', ruleNumber: 101 });
    });
    it('rule 32: default NACL in an IPv4-only VPC: IPv6 falls to * (no rule 101)', () => {
      const doc = buildDocument({ ...openGroups, ipv6: true });
      doc.networkAcls = [defaultNetworkAcl(NACL_A, VPC, false), defaultNetworkAcl(NACL_B, VPC, false)];
      const r = new Net(doc).send({ from: 'client', to: 'web', address: 'ipv6', proto: 'tcp', sport: 51000, dport: 80, flags: 'S', at: 0 });
      dropped(r, 'nacl-in');
      expect(hopOf(r, 'nacl-in')?.decidedBy).toMatchObject({ kind: 'nacl-star', ruleNumber: 32768 });
    });
    it('rule 32: custom NACL: blocks all inbound and outbound traffic until rules are added', () => {
      const acl = customNetworkAcl(NACL_A, VPC);
      expect([acl.inbound, acl.outbound]).toEqual([[], []]);
      const net = withAcls(true, 'custom');
      dropped(tcpIn(net, '203.0.113.5', 51000, 80, 0), 'nacl-in');
      dropped(tcpOut(net, '198.51.100.20', 40000, 443, 0), 'nacl-out');
      dropped(net.send({ from: 'client', to: 'web', address: 'ipv6', proto: 'tcp', sport: 51000, dport: 80, flags: 'S', at: 1 }), 'nacl-in');
      net.change((d) => {
        const a = d.networkAcls.find((x) => x.id === NACL_A);
        a?.inbound.push(nacl.allow(100, 6, WORLD, { ports: 80 }));
        a?.outbound.push(nacl.allow(100, 6, WORLD, { ports: [1024, 65535] }));
      });
      allowed(tcpIn(net, '203.0.113.5', 51001, 80, 2));
      allowed(tcpOut(net, '203.0.113.5', 80, 51001, 2.01, 'SA'));
    });
  });

  describe('rule 33: IPv4 and IPv6 are disjoint', () => {
    it('rule 33: IPv4 and IPv6 disjoint: an IPv4 allow-all does not admit IPv6; an IPv6 deny-all does not block IPv4', () => {
      const net = network({ ...openGroups, ipv6: true, naclA: { inbound: [nacl.deny(50, -1, WORLD6), nacl.allow(100, -1, WORLD)], outbound: [nacl.allow(100, -1, WORLD)] } });
      allowed(tcpIn(net, '203.0.113.5', 51000, 80, 0));
      const r6 = net.send({ from: 'client', to: 'web', address: 'ipv6', proto: 'tcp', sport: 51000, dport: 80, flags: 'S', at: 1 });
      dropped(r6, 'nacl-in');
      expect(hopOf(r6, 'nacl-in')?.decidedBy).toMatchObject({ kind: 'nacl-rule', ruleNumber: 50 });
      const net2 = network({ ...openGroups, ipv6: true, naclA: { inbound: [nacl.allow(100, -1, WORLD)], outbound: [nacl.allow(100, -1, WORLD)] } });
      const r = net2.send({ from: 'client', to: 'web', address: 'ipv6', proto: 'tcp', sport: 51000, dport: 80, flags: 'S', at: 1 });
      dropped(r, 'nacl-in');
      expect(hopOf(r, 'nacl-in')?.decidedBy).toMatchObject({ kind: 'nacl-star', ruleNumber: 32768 });
    });
  });

  describe('rule 34: rule fields', () => {
    const acl = (rules: NaclRule[]) => compileModel(buildDocument({ naclA: { inbound: rules, outbound: [] } })).nacls.get(NACL_A);
    const pkt = (src: string, dst: string, protocol: number, f: { dport?: number; type?: number; code?: number } = {}) => {
      const s = parseIp(src);
      const d = parseIp(dst);
      if (!s.ok || !d.ok) throw new Error('bad address');
      return makePacket(s.value, d.value, { protocol, srcPort: 50000, dstPort: f.dport ?? 0, icmpType: f.type ?? 0, icmpCode: f.code ?? 0, icmpId: 0, flags: null });
    };
    const decide = (rules: NaclRule[], p: ReturnType<typeof pkt>, dir: 'inbound' | 'outbound' = 'inbound') => {
      const a = acl(rules);
      if (!a) throw new Error('no acl');
      const d = evaluateNacl(a, dir, p);
      return d.kind === 'star' ? `*${d.ruleNumber}` : `${d.rule.action}${d.rule.ruleNumber}`;
    };

    it('rule 34: rule fields: protocol -1 or another number ignores any ports or ICMP fields given', () => {
      expect(decide([nacl.allow(10, -1, WORLD, { ports: 80 })], pkt('203.0.113.5', '10.0.1.10', 6, { dport: 22 }))).toBe('allow10');
      expect(decide([nacl.allow(10, 47, WORLD, { ports: 80, icmp: [8, 0] })], pkt('203.0.113.5', '10.0.1.10', 47))).toBe('allow10');
      expect(decide([nacl.allow(10, 47, WORLD)], pkt('203.0.113.5', '10.0.1.10', 6, { dport: 80 }))).toBe('*32767');
    });
    it('rule 34: rule fields: TCP/UDP port range on the destination port', () => {
      const rules = [nacl.allow(10, 6, WORLD, { ports: [1024, 65535] })];
      expect(decide(rules, pkt('203.0.113.5', '10.0.1.10', 6, { dport: 1024 }))).toBe('allow10');
      expect(decide(rules, pkt('203.0.113.5', '10.0.1.10', 6, { dport: 1023 }))).toBe('*32767');
      expect(decide(rules, pkt('203.0.113.5', '10.0.1.10', 17, { dport: 2000 }))).toBe('*32767');
    });
    it('rule 34: rule fields: ICMP type/code with -1 wildcards', () => {
      expect(decide([nacl.allow(10, 1, WORLD, { icmp: [3, 4] })], pkt('203.0.113.5', '10.0.1.10', 1, { type: 3, code: 4 }))).toBe('allow10');
      expect(decide([nacl.allow(10, 1, WORLD, { icmp: [3, 4] })], pkt('203.0.113.5', '10.0.1.10', 1, { type: 3, code: 1 }))).toBe('*32767');
      expect(decide([nacl.allow(10, 1, WORLD, { icmp: [3, -1] })], pkt('203.0.113.5', '10.0.1.10', 1, { type: 3, code: 1 }))).toBe('allow10');
      expect(decide([nacl.allow(10, 1, WORLD, { icmp: [-1, -1] })], pkt('203.0.113.5', '10.0.1.10', 1, { type: 8, code: 0 }))).toBe('allow10');
    });
    it('rule 34: rule fields: protocol 58 with an IPv4 CIDR matches all types and codes; with an IPv6 CIDR the type/code count', () => {
      expect(decide([nacl.allow(10, 58, WORLD, { icmp: [128, 0] })], pkt('203.0.113.5', '10.0.1.10', 58, { type: 1, code: 3 }))).toBe('allow10');
      expect(decide([nacl.allow(10, 58, WORLD6, { icmp: [128, 0] })], pkt('2001:db8:ff::5', '2001:db8:1:1::10', 58, { type: 128, code: 0 }))).toBe('allow10');
      expect(decide([nacl.allow(10, 58, WORLD6, { icmp: [128, 0] })], pkt('2001:db8:ff::5', '2001:db8:1:1::10', 58, { type: 1, code: 3 }))).toBe('*32768');
    });
    it('rule 34: rule fields: the CIDR is the source for inbound rules and the destination for outbound rules', () => {
      const rules = [nacl.allow(10, -1, '203.0.113.0/24')];
      expect(decide(rules, pkt('203.0.113.5', '10.0.1.10', 6, { dport: 80 }), 'inbound')).toBe('allow10');
      expect(decide(rules, pkt('10.0.1.10', '203.0.113.5', 6, { dport: 80 }), 'inbound')).toBe('*32767');
      const out = compileModel(buildDocument({ naclA: { inbound: [], outbound: rules } })).nacls.get(NACL_A);
      if (!out) throw new Error('no acl');
      expect(evaluateNacl(out, 'outbound', pkt('10.0.1.10', '203.0.113.5', 6, { dport: 80 }))).toMatchObject({ kind: 'rule' });
      expect(evaluateNacl(out, 'outbound', pkt('203.0.113.5', '10.0.1.10', 6, { dport: 80 }))).toMatchObject({ kind: 'star' });
    });
  });

  describe('rule 35: only at subnet boundaries', () => {
    it('rule 35: only at subnet boundaries: traffic inside one subnet never meets its NACL', () => {
      const net = withNaclA([], []);
      const r = net.send({ from: 'web', to: 'app', proto: 'tcp', sport: 43000, dport: 22, flags: 'S', at: 0 });
      allowed(r);
      expect(r.path).toEqual(['sg-egress', 'sg-ingress']);
    });
    it('rule 35: only at subnet boundaries: crossing subnets meets the NACL out of A and the NACL into B', () => {
      const blockedB = network({ ...openGroups, naclB: { inbound: [], outbound: [] } });
      const r = blockedB.send({ from: 'web', to: 'db', proto: 'tcp', sport: 43000, dport: 22, flags: 'S', at: 0 });
      expect(r.path).toEqual(['sg-egress', 'nacl-out', 'nacl-in', 'sg-ingress']);
      dropped(r, 'nacl-in');
      expect(hopOf(r, 'nacl-out')?.subjectId).toBe('subnet-a');
      expect(hopOf(r, 'nacl-in')?.subjectId).toBe('subnet-b');
      const blockedA = withNaclA([], []);
      dropped(blockedA.send({ from: 'web', to: 'db', proto: 'tcp', sport: 43000, dport: 22, flags: 'S', at: 0 }), 'nacl-out');
    });
  });

  describe('rule 36: ephemeral ports', () => {
    const server = (outbound: NaclRule[]) => withNaclA([nacl.allow(100, 6, WORLD, { ports: 80 })], outbound);
    const respond = (net: Net, clientPort: number, at: number) => {
      allowed(tcpIn(net, '203.0.113.5', clientPort, 80, at));
      return tcpOut(net, '203.0.113.5', 80, clientPort, at + 0.01, 'SA');
    };
    it('rule 36: ephemeral ports: 1024-65535 outbound admits the responses of every kind of client', () => {
      const net = server([nacl.allow(100, 6, WORLD, { ports: [1024, 65535] })]);
      for (const [i, port] of [40000, 60999, 1024, 1025, 5000, 49152, 65535].entries()) allowed(respond(net, port, i));
    });
    it('rule 36: ephemeral ports: the Linux range 32768-61000 misses Windows and ELB clients', () => {
      const net = server([nacl.allow(100, 6, WORLD, { ports: [32768, 61000] })]);
      allowed(respond(net, 40000, 0));
      dropped(respond(net, 3000, 1), 'nacl-out');
      dropped(respond(net, 62000, 2), 'nacl-out');
      dropped(respond(net, 1024, 3), 'nacl-out');
    });
    it('rule 36: ephemeral ports: an instance-initiated request needs a NACL inbound rule for its own ephemeral port', () => {
      const net = withNaclA([nacl.allow(100, 6, WORLD, { ports: [32768, 60999] })], [nacl.allow(100, 6, WORLD, { ports: 443 })]);
      allowed(tcpOut(net, '198.51.100.20', 40000, 443, 0));
      allowed(net.send({ from: '198.51.100.20', to: 'web', proto: 'tcp', sport: 443, dport: 40000, flags: 'SA', at: 0.01 }));
      allowed(tcpOut(net, '198.51.100.20', 20000, 443, 1));
      dropped(net.send({ from: '198.51.100.20', to: 'web', proto: 'tcp', sport: 443, dport: 20000, flags: 'SA', at: 1.01 }), 'nacl-in');
    });
    it('rule 36: ephemeral ports: senders pick from the Linux range 32768-60999 by default', () => {
      expect([DEFAULT_SETTINGS.ephemeralFrom, DEFAULT_SETTINGS.ephemeralTo]).toEqual([32768, 60999]);
    });
  });

  describe('rule 37: NACL changes cut live connections', () => {
    it('rule 37: NACL changes cut live flows: a deny added under a tracked connection drops it; removing it restores it', () => {
      const net = network({ groups: [{ id: 'sg-web', inbound: [sg.tcp(22, '203.0.113.0/24')], outbound: [] }], web: { groups: ['sg-web'] } });
      allowed(tcpIn(net, '203.0.113.5', 50000, 22, 0));
      allowed(tcpOut(net, '203.0.113.5', 22, 50000, 0.01, 'SA'));
      net.change((d) => {
        const a = d.networkAcls.find((x) => x.id === NACL_A);
        a?.outbound.unshift(nacl.deny(50, 6, '203.0.113.0/24'));
      });
      dropped(tcpOut(net, '203.0.113.5', 22, 50000, 1, 'D'), 'nacl-out');
      allowed(tcpIn(net, '203.0.113.5', 50000, 22, 1.1, 'A'));
      net.change((d) => {
        const a = d.networkAcls.find((x) => x.id === NACL_A);
        if (a) a.outbound = a.outbound.filter((r) => r.ruleNumber !== 50);
      });
      const back = tcpOut(net, '203.0.113.5', 22, 50000, 2, 'D');
      allowed(back);
      expect(hopOf(back, 'sg-egress')?.decidedBy.kind).toBe('conntrack');
    });
    it('rule 37: NACL changes cut live flows in the inbound direction too', () => {
      const net = network({ groups: [{ id: 'sg-web', inbound: [sg.tcp(22, '203.0.113.0/24')] }], web: { groups: ['sg-web'] } });
      allowed(tcpIn(net, '203.0.113.5', 50000, 22, 0));
      net.change((d) => {
        const a = d.networkAcls.find((x) => x.id === NACL_A);
        a?.inbound.unshift(nacl.deny(10, -1, '203.0.113.5/32'));
      });
      dropped(tcpIn(net, '203.0.113.5', 50000, 22, 1, 'A'), 'nacl-in');
    });
  });

  describe('rule 38: layer order', () => {
    it('rule 38: layer order: entering, NACL-in comes before SG-ingress', () => {
      const net = network({ groups: [{ id: 'sg-web', inbound: [] }], web: { groups: ['sg-web'] }, naclA: { inbound: [], outbound: [] } });
      const r = tcpIn(net, '203.0.113.5', 50000, 22, 0);
      expect(r.path).toEqual(['igw', 'nacl-in', 'sg-ingress']);
      dropped(r, 'nacl-in');
      expect(r.results.map((h) => h.hop)).toEqual(['igw', 'nacl-in']);
    });
    it('rule 38: layer order: leaving, SG-egress comes before NACL-out', () => {
      const net = network({ groups: [{ id: 'sg-web', outbound: [] }], web: { groups: ['sg-web'] }, naclA: { inbound: [], outbound: [] } });
      const r = tcpOut(net, '198.51.100.20', 40000, 443, 0);
      expect(r.path).toEqual(['sg-egress', 'nacl-out', 'igw']);
      dropped(r, 'sg-egress');
      const open = network({ groups: [{ id: 'sg-web', outbound: [sg.all(WORLD)] }], web: { groups: ['sg-web'] }, naclA: { inbound: [], outbound: [] } });
      dropped(tcpOut(open, '198.51.100.20', 40000, 443, 0), 'nacl-out');
    });
    it('rule 38: layer order: both must allow', () => {
      const net = network({ ...openGroups, naclA: { inbound: [nacl.allow(100, -1, WORLD)], outbound: [nacl.allow(100, -1, WORLD)] } });
      const r = tcpIn(net, '203.0.113.5', 50000, 22, 0);
      allowed(r);
      expect(r.results.map((h) => `${h.hop}:${h.verdict}`)).toEqual(['igw:allow', 'nacl-in:allow', 'sg-ingress:allow']);
    });
  });

  describe('rule 39: internet gateway 1:1 NAT', () => {
    it('rule 39: IGW 1:1 NAT: groups and NACLs see the private IPv4 of a packet sent to the public IP', () => {
      const net = network({
        groups: [{ id: 'sg-web', inbound: [sg.tcp(80, WORLD)] }],
        web: { groups: ['sg-web'] },
        naclA: { inbound: [nacl.allow(100, 6, WORLD, { ports: 80 })], outbound: [] },
      });
      const r = tcpIn(net, '203.0.113.5', 50000, 80, 0);
      allowed(r);
      expect(hopOf(r, 'igw')?.packet.dst.text).toBe('192.0.2.10');
      expect(hopOf(r, 'nacl-in')?.packet.dst.text).toBe('10.0.1.10');
      expect(hopOf(r, 'sg-ingress')?.packet.dst.text).toBe('10.0.1.10');
      expect(net.ct.entries(eniOf('web'))[0]?.local.text).toBe('10.0.1.10');
    });
    it('rule 39: IGW 1:1 NAT: leaving, the source becomes the public IP after the checkpoints', () => {
      const net = network({ groups: [{ id: 'sg-web', outbound: [sg.all(WORLD)] }], web: { groups: ['sg-web'] } });
      const r = tcpOut(net, '198.51.100.20', 40000, 443, 0);
      allowed(r);
      expect(hopOf(r, 'sg-egress')?.packet.src.text).toBe('10.0.1.10');
      expect(hopOf(r, 'nacl-out')?.packet.src.text).toBe('10.0.1.10');
      expect(r.packet.src.text).toBe('192.0.2.10');
    });
    it('rule 39: IGW 1:1 NAT: an instance without a public IP cannot reach the internet, nor be reached by its private IP', () => {
      const net = network({ ...openGroups });
      dropped(net.send({ from: 'app', toAddress: '198.51.100.20', proto: 'tcp', sport: 40000, dport: 443, flags: 'S', at: 0 }), 'igw');
      dropped(net.send({ from: 'client', toAddress: '10.0.1.10', proto: 'tcp', sport: 50000, dport: 80, flags: 'S', at: 0 }), 'igw');
    });
    it('rule 39: IGW 1:1 NAT: IPv6 is not translated', () => {
      const net = network({ ...openGroups, ipv6: true });
      const r = net.send({ from: 'client', to: 'web', address: 'ipv6', proto: 'tcp', sport: 50000, dport: 80, flags: 'S', at: 0 });
      allowed(r);
      expect(hopOf(r, 'sg-ingress')?.packet.dst.text).toBe('2001:db8:1:1::10');
      expect(hopOf(r, 'sg-ingress')?.packet.src.text).toBe('2001:db8:ff::5');
    });
    it('rule 39: IGW 1:1 NAT: a VPC without an internet gateway is unreachable from the internet', () => {
      const net = network({ ...openGroups, noIgw: true });
      dropped(tcpIn(net, '203.0.113.5', 50000, 80, 0), 'igw');
      dropped(tcpOut(net, '198.51.100.20', 40000, 443, 0), 'igw');
    });
  });
});

// ===================================================================== 1.4 quotas

describe('1.4 quotas (validated through parseDocument)', () => {
  const errors = (doc: NetworkDocument): string[] => {
    const r = parseDocument(JSON.parse(JSON.stringify(toScenarioFile(doc))));
    return r.ok ? [] : r.errors;
  };
  const manyTcp = (n: number, cidr: (i: number) => string) => Array.from({ length: n }, (_, i) => sg.tcp(1000 + i, cidr(i)));
  const v4 = (i: number) => `203.0.${Math.floor(i / 250)}.${i % 250}/32`;
  const v6 = (i: number) => `2001:db8:ff::${(i + 1).toString(16)}/128`;

  it('rule 40: the common setup is a valid document', () => {
    expect(errors(buildDocument({ ipv6: true, groups: [{ id: 'sg-a', inbound: [sg.tcp(22, WORLD)] }], web: { groups: ['sg-a'] } }))).toEqual([]);
  });
  it('rule 40: SG quotas: 60 inbound rules per group fit, 61 do not', () => {
    expect(errors(buildDocument({ groups: [{ id: 'sg-a', inbound: manyTcp(60, v4) }] }))).toEqual([]);
    const e = errors(buildDocument({ groups: [{ id: 'sg-a', inbound: manyTcp(61, v4) }] }));
    expect(e.join('\n')).toMatch(/securityGroups\[0\]\.inbound.*61.*60/);
    expect(errors(buildDocument({ groups: [{ id: 'sg-a', outbound: manyTcp(61, v4) }] })).join('\n')).toMatch(/outbound/);
  });
  it('rule 40: SG quotas: enforced separately for IPv4 rules and IPv6 rules', () => {
    expect(errors(buildDocument({ ipv6: true, groups: [{ id: 'sg-a', inbound: [...manyTcp(60, v4), ...manyTcp(60, v6)] }] }))).toEqual([]);
    expect(errors(buildDocument({ ipv6: true, groups: [{ id: 'sg-a', inbound: [...manyTcp(60, v4), ...manyTcp(61, v6)] }] })).join('\n')).toMatch(/IPv6/);
  });
  it('rule 40 / rule 10: a prefix-list rule counts as the maximum size of the list', () => {
    const spec = (maxEntries: number): NetSpec => ({
      prefixLists: [{ id: 'pl-big', cidrs: ['198.51.100.0/24'], maxEntries }],
      groups: [{ id: 'sg-a', inbound: [sg.tcp(443, 'pl-big'), ...manyTcp(10, v4)] }],
    });
    expect(errors(buildDocument(spec(50)))).toEqual([]);
    expect(errors(buildDocument(spec(51))).join('\n')).toMatch(/61.*60/);
  });
  it('rule 40: SG quotas: 5 groups per network interface, adjustable up to 16', () => {
    const groups = Array.from({ length: 6 }, (_, i) => ({ id: `sg-${i}` }));
    const ids = (n: number) => groups.slice(0, n).map((g) => g.id);
    expect(errors(buildDocument({ groups, web: { groups: ids(5) } }))).toEqual([]);
    expect(errors(buildDocument({ groups, web: { groups: ids(6) } })).join('\n')).toMatch(/6 security groups.*5/);
    expect(errors(buildDocument({ groups, web: { groups: ids(6) }, settings: { maxGroupsPerEni: 16 } }))).toEqual([]);
  });
  it('rule 40: SG quotas: rules per group times groups per interface cannot exceed 1,000', () => {
    expect(errors(buildDocument({ settings: { maxGroupsPerEni: 16, maxRulesPerGroup: 60 } }))).toEqual([]);
    expect(errors(buildDocument({ settings: { maxGroupsPerEni: 16, maxRulesPerGroup: 100 } })).join('\n')).toMatch(/1000/);
  });
  it('rule 41: NACL quotas: 20 rules per direction and family including *, so 19 numbered rules fit', () => {
    const rules = (n: number, family: 4 | 6) => Array.from({ length: n }, (_, i) => nacl.allow(i + 1, -1, family === 4 ? `203.0.113.${i}/32` : `2001:db8:ff::${(i + 1).toString(16)}/128`));
    expect(errors(buildDocument({ naclA: { inbound: rules(19, 4), outbound: [] } }))).toEqual([]);
    expect(errors(buildDocument({ naclA: { inbound: rules(20, 4), outbound: [] } })).join('\n')).toMatch(/networkAcls\[0\]\.inbound.*21.*20/);
    expect(errors(buildDocument({ naclA: { inbound: [], outbound: rules(20, 4) } })).join('\n')).toMatch(/outbound/);
    // IPv4 and IPv6 are counted separately.
    expect(errors(buildDocument({ ipv6: true, naclA: { inbound: [...rules(19, 4), ...rules(19, 6).map((r) => ({ ...r, ruleNumber: r.ruleNumber + 100 }))], outbound: [] } }))).toEqual([]);
  });
  it('rule 41: NACL quotas: can be raised up to 40', () => {
    const rules = Array.from({ length: 25 }, (_, i) => nacl.allow(i + 1, -1, `203.0.113.${i}/32`));
    expect(errors(buildDocument({ naclA: { inbound: rules, outbound: [] } }))).not.toEqual([]);
    expect(errors(buildDocument({ naclA: { inbound: rules, outbound: [] }, settings: { maxNaclRules: 40 } }))).toEqual([]);
  });
});

// ===================================================================== settings without a rule of their own

describe('[UNSPECIFIED] settings of section 2', () => {
  it('rule 18 / §2: [UNSPECIFIED] tcpMidstreamPickup: true (default) lets an admitted non-SYN start tracking; false does not', () => {
    expect(DEFAULT_SETTINGS.tcpMidstreamPickup).toBe(true);
    const run = (tcpMidstreamPickup: boolean) => {
      const net = webWith([], [sg.tcp(443, WORLD)], { settings: { tcpMidstreamPickup } });
      const first = tcpOut(net, '198.51.100.20', 40000, 443, 0, 'A');
      allowed(first);
      return { first, back: net.send({ from: '198.51.100.20', to: 'web', proto: 'tcp', sport: 443, dport: 40000, flags: 'A', at: 0.01 }) };
    };
    const on = run(true);
    expect(trackingAt(on.first, 'sg-egress')).toEqual(['created']);
    allowed(on.back);
    const off = run(false);
    expect(trackingAt(off.first, 'sg-egress')).toEqual(['not-recorded']);
    dropped(off.back, 'sg-ingress');
  });

  describe('rule 22 / edge 8: [UNSPECIFIED] untrackedAfterChange', () => {
    const run = (untrackedAfterChange: 'rules' | 'track') => {
      const net = webWith([sg.tcp(80, WORLD)], [sg.all(WORLD)], { settings: { untrackedAfterChange } });
      expect(trackingAt(tcpIn(net, '203.0.113.5', 50000, 80, 0), 'sg-ingress')).toEqual(['untracked']);
      allowed(tcpOut(net, '203.0.113.5', 80, 50000, 0.01, 'SA'));
      allowed(tcpIn(net, '203.0.113.5', 50000, 80, 0.02, 'A'));
      return net;
    };
    it("rule 22: [UNSPECIFIED] untrackedAfterChange 'rules' (default): after the outbound all-rule goes, the reply is judged by the rules and dropped", () => {
      expect(DEFAULT_SETTINGS.untrackedAfterChange).toBe('rules');
      const net = run('rules');
      setOutbound(net, 'sg-web', []);
      allowed(tcpIn(net, '203.0.113.5', 50000, 80, 1, 'D'));
      dropped(tcpOut(net, '203.0.113.5', 80, 50000, 1.01, 'D'), 'sg-egress');
    });
    it("rule 22: [UNSPECIFIED] untrackedAfterChange 'track': after the outbound all-rule goes, the next admitted packet starts tracking and the reply passes", () => {
      const net = run('track');
      setOutbound(net, 'sg-web', []);
      const next = tcpIn(net, '203.0.113.5', 50000, 80, 1, 'D');
      allowed(next);
      expect(trackingAt(next, 'sg-ingress')).toEqual(['created']);
      allowed(tcpOut(net, '203.0.113.5', 80, 50000, 1.01, 'D'));
    });
    it("rule 22: [UNSPECIFIED] untrackedAfterChange 'track': with the rules unchanged the flow stays untracked and removing the inbound rule still cuts it", () => {
      const net = run('track');
      expect(net.ct.trackedCount([eniOf('web')])).toBe(0);
      setInbound(net, 'sg-web', []);
      dropped(tcpIn(net, '203.0.113.5', 50000, 80, 1, 'D'), 'sg-ingress');
    });
    it("rule 22: [UNSPECIFIED] untrackedAfterChange 'track': removing the inbound rule cuts the flow even if the server speaks first", () => {
      const net = run('track');
      setInbound(net, 'sg-web', []);
      allowed(tcpOut(net, '203.0.113.5', 80, 50000, 1, 'D'));
      dropped(tcpIn(net, '203.0.113.5', 50000, 80, 1.01, 'A'), 'sg-ingress');
    });
  });

});

// ===================================================================== direct checkpoint calls

describe('checkpoint API', () => {
  it('rule 2: evaluateSg on a fresh table answers from the union of the ENI groups', () => {
    const model = compileModel(
      buildDocument({ groups: [{ id: 'sg-a', inbound: [sg.tcp(22, '203.0.113.0/24')] }, { id: 'sg-b', inbound: [sg.tcp(443, WORLD)] }], web: { groups: ['sg-a', 'sg-b'] } }),
    );
    const eni = model.enis.get(eniOf('web') as EniId);
    if (!eni) throw new Error('no eni');
    const src = parseIp('198.51.100.7');
    if (!src.ok) throw new Error('bad');
    const p = makePacket(src.value, eni.privateIp, { protocol: 6, srcPort: 50000, dstPort: 443, icmpType: 0, icmpCode: 0, icmpId: 0, flags: 'S' });
    const r = evaluateSg({ model, ct: new ConntrackTable(), now: 0, peerAutoTracked: false }, eni, 'inbound', p);
    expect(r.verdict).toBe('allow');
    expect(r.decidedBy).toMatchObject({ kind: 'sg-rule', groupId: 'sg-b' });
  });
});
