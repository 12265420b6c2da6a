/**
 * Section 4 of the reference semantics: the edge cases a careful engineer gets wrong.
 */
import { describe, expect, it } from 'vitest';
import { parseIp } from '../../src/domain/addr';
import type { NaclRule, NetworkDocument, SgRule } from '../../src/domain/document';
import { compileModel } from '../../src/domain/model';
import { evaluateNacl } from '../../src/domain/nacl';
import { parseDocument } from '../../src/domain/schema';
import { toScenarioFile } from '../../src/domain/scenarioFile';
import { makePacket } from '../../src/domain/traffic';
import { buildDocument, eniOf, hopOf, NACL_A, nacl, network, sg, trackingAt, type Net, type NetSpec } from '../support/network';
import { allowed, dropped, webWith, WORLD, WORLD6 } from '../support/verdicts';



type Flags = 'S' | 'SA' | 'A' | 'D' | 'F' | 'R';
const tcpIn = (net: Net, from: string, sport: number, dport: number, at: number, flags: Flags = 'S') => net.send({ from, to: 'web', proto: 'tcp', sport, dport, flags, at });
const tcpOut = (net: Net, to: string, sport: number, dport: number, at: number, flags: Flags = 'S') => net.send({ from: 'web', toAddress: to, proto: 'tcp', sport, dport, flags, at });
const icmpIn = (net: Net, type: number, code: number, at: number, id = 1) => net.send({ from: '203.0.113.5', to: 'web', proto: 'icmp', icmpType: type, icmpCode: code, icmpId: id, at });
const http6 = (net: Net, sport: number, at: number) => net.send({ from: 'client', to: 'web', address: 'ipv6', proto: 'tcp', sport, dport: 80, flags: 'S', at });

function setRules(net: Net, direction: 'inbound' | 'outbound', rules: SgRule[]): void {
  net.change((d) => {
    const g = d.securityGroups.find((x) => x.id === 'sg-web');
    if (!g) throw new Error('sg-web');
    g[direction] = rules;
  });
}

function errors(doc: NetworkDocument): string[] {
  const r = parseDocument(JSON.parse(JSON.stringify(toScenarioFile(doc))));
  return r.ok ? [] : r.errors;
}

function naclDecision(rules: NaclRule[], src: string, dst: string, protocol: number, f: { dport?: number; type?: number; code?: number } = {}): string {
  const acl = compileModel(buildDocument({ naclA: { inbound: rules, outbound: [] } })).nacls.get(NACL_A);
  const s = parseIp(src);
  const d = parseIp(dst);
  if (!acl || !s.ok || !d.ok) throw new Error('setup');
  const p = makePacket(s.value, d.value, { protocol, srcPort: 50000, dstPort: f.dport ?? 0, icmpType: f.type ?? 0, icmpCode: f.code ?? 0, icmpId: 0, flags: null });
  const r = evaluateNacl(acl, 'inbound', p);
  return r.kind === 'star' ? `*${r.ruleNumber}` : `${r.rule.action}${r.rule.ruleNumber}`;
}

describe('section 4 edge cases', () => {
  describe('edge 1: ICMP port fields', () => {
    it('edge 1: ICMP port fields: FromPort is the type, ToPort the code; 8/-1 is echo request with any code', () => {
      const net = webWith([sg.icmp(8, -1, WORLD)], []);
      allowed(icmpIn(net, 8, 0, 0, 1));
      allowed(icmpIn(net, 8, 1, 1, 2));
      dropped(icmpIn(net, 0, 0, 2, 3), 'sg-ingress');
    });
    it('edge 1: ICMP port fields: 8/8 is type 8 code 8, which matches no real ping (code 0)', () => {
      dropped(icmpIn(webWith([sg.icmp(8, 8, WORLD)], []), 8, 0, 0), 'sg-ingress');
    });
    it('edge 1: ICMP port fields: 3/-1 admits every Destination Unreachable code', () => {
      const net = webWith([sg.icmp(3, -1, WORLD)], []);
      for (const code of [0, 1, 3, 4, 13]) allowed(icmpIn(net, 3, code, code));
      dropped(icmpIn(net, 11, 0, 20), 'sg-ingress');
    });
    it('edge 1: ICMP port fields: type -1 requires code -1', () => {
      const ok = buildDocument({ groups: [{ id: 'sg-a', inbound: [sg.icmp(-1, -1, WORLD)] }] });
      expect(errors(ok)).toEqual([]);
      const bad = buildDocument({ groups: [{ id: 'sg-a', inbound: [sg.icmp(-1, 4, WORLD)] }] });
      expect(errors(bad).join('\n')).toMatch(/icmpCode/);
    });
    it('edge 1: ICMP port fields: NACL IcmpTypeCode with -1 wildcards', () => {
      expect(naclDecision([nacl.allow(10, 1, WORLD, { icmp: [3, -1] })], '203.0.113.5', '10.0.1.10', 1, { type: 3, code: 4 })).toBe('allow10');
      expect(naclDecision([nacl.allow(10, 1, WORLD, { icmp: [3, 4] })], '203.0.113.5', '10.0.1.10', 1, { type: 3, code: 3 })).toBe('*32767');
      expect(naclDecision([nacl.allow(10, 1, WORLD, { icmp: [-1, -1] })], '203.0.113.5', '10.0.1.10', 1, { type: 11, code: 1 })).toBe('allow10');
    });
  });

  describe('edge 2: protocol -1 is all protocols and all ports', () => {
    it('edge 2: protocol -1 (no FromPort/ToPort) admits all protocols and ports', () => {
      const net = webWith([{ protocol: '-1', peer: '203.0.113.0/24' }], []);
      allowed(tcpIn(net, '203.0.113.5', 50000, 1, 0));
      allowed(net.send({ from: '203.0.113.5', to: 'web', proto: 'udp', sport: 50000, dport: 65535, at: 1 }));
      allowed(icmpIn(net, 13, 0, 2));
      allowed(net.send({ from: '203.0.113.5', to: 'web', proto: 50, at: 3 }));
    });
    it('edge 2: an SG protocol number other than tcp/udp/icmp/icmpv6 ignores the ports', () => {
      const net = webWith([sg.proto(50, WORLD, [500, 500])], []);
      allowed(net.send({ from: '203.0.113.5', to: 'web', proto: 50, at: 0 }));
    });
    it('edge 2: a NACL protocol number other than 6/17/1 ignores ports and ICMP fields', () => {
      expect(naclDecision([nacl.deny(10, 50, WORLD, { ports: 500, icmp: [8, 0] })], '203.0.113.5', '10.0.1.10', 50)).toBe('deny10');
      expect(naclDecision([nacl.deny(10, -1, WORLD, { ports: 500 })], '203.0.113.5', '10.0.1.10', 17, { dport: 53 })).toBe('deny10');
    });
  });

  describe('edge 3: TCP is not UDP; ICMP is not ICMPv6', () => {
    it('edge 3: a TCP 53 rule does not admit UDP 53; DNS needs both', () => {
      const tcpOnly = webWith([sg.tcp(53, WORLD)], []);
      allowed(tcpIn(tcpOnly, '203.0.113.5', 50000, 53, 0));
      dropped(tcpOnly.send({ from: '203.0.113.5', to: 'web', proto: 'udp', sport: 50000, dport: 53, at: 1 }), 'sg-ingress');
      const both = webWith([sg.tcp(53, WORLD), sg.udp(53, WORLD)], []);
      allowed(both.send({ from: '203.0.113.5', to: 'web', proto: 'udp', sport: 50000, dport: 53, at: 1 }));
    });
    it('edge 3: icmp rules never match IPv6; ping6 needs icmpv6 type 128', () => {
      const ping6 = (net: Net) => net.send({ from: 'client', to: 'web', address: 'ipv6', proto: 'icmpv6', icmpType: 128, icmpCode: 0, icmpId: 1, at: 0 });
      dropped(ping6(webWith([sg.icmp(-1, -1, WORLD), sg.icmp(-1, -1, WORLD6)], [], { ipv6: true })), 'sg-ingress');
      allowed(ping6(webWith([sg.icmpv6(128, -1, WORLD6)], [], { ipv6: true })));
      dropped(ping6(webWith([sg.icmpv6(129, -1, WORLD6)], [], { ipv6: true })), 'sg-ingress');
    });
    it('edge 3: NACL proto 58 with an IPv4 CIDR matches all types and codes', () => {
      expect(naclDecision([nacl.allow(10, 58, WORLD, { icmp: [128, 0] })], '203.0.113.5', '10.0.1.10', 58, { type: 3, code: 9 })).toBe('allow10');
      expect(naclDecision([nacl.allow(10, 58, WORLD, { icmp: [128, 0] })], '203.0.113.5', '10.0.1.10', 1, { type: 8, code: 0 })).toBe('*32767');
    });
  });

  describe('edge 4: IPv4 and IPv6 are separate', () => {
    it('edge 4: 0.0.0.0/0 never matches an IPv6 packet; ::/0 is needed', () => {
      dropped(http6(webWith([sg.tcp(80, WORLD)], [], { ipv6: true }), 50000, 0), 'sg-ingress');
      allowed(http6(webWith([sg.tcp(80, WORLD6)], [], { ipv6: true }), 50000, 0));
      dropped(tcpIn(webWith([sg.tcp(80, WORLD6)], [], { ipv6: true }), '203.0.113.5', 50000, 80, 0), 'sg-ingress');
    });
    it('edge 4: the untracked test is per family: removing only the IPv4 outbound all-rule tracks IPv4, IPv6 stays untracked', () => {
      const net = webWith([sg.tcp(80, WORLD), sg.tcp(80, WORLD6)], [sg.all(WORLD), sg.all(WORLD6)], { ipv6: true });
      expect(trackingAt(tcpIn(net, '203.0.113.5', 50000, 80, 0), 'sg-ingress')).toEqual(['untracked']);
      expect(trackingAt(http6(net, 50001, 0), 'sg-ingress')).toEqual(['untracked']);
      setRules(net, 'outbound', [sg.all(WORLD6)]);
      expect(trackingAt(tcpIn(net, '203.0.113.5', 50002, 80, 1), 'sg-ingress')).toEqual(['created']);
      expect(trackingAt(http6(net, 50003, 1), 'sg-ingress')).toEqual(['untracked']);
    });
    it('edge 4: an IPv4 inbound 0.0.0.0/0 rule with an IPv6-only all-rule outbound is tracked', () => {
      const net = webWith([sg.tcp(80, WORLD)], [sg.all(WORLD6)], { ipv6: true });
      expect(trackingAt(tcpIn(net, '203.0.113.5', 50000, 80, 0), 'sg-ingress')).toEqual(['created']);
    });
    it('edge 4: the NACL * rules are per family', () => {
      const net = network({ ipv6: true, groups: [{ id: 'sg-web', inbound: [sg.all(WORLD), sg.all(WORLD6)] }], web: { groups: ['sg-web'] }, naclA: { inbound: [], outbound: [] } });
      expect(hopOf(tcpIn(net, '203.0.113.5', 50000, 80, 0), 'nacl-in')?.decidedBy).toMatchObject({ kind: 'nacl-star', ruleNumber: 32767 });
      expect(hopOf(http6(net, 50000, 0), 'nacl-in')?.decidedBy).toMatchObject({ kind: 'nacl-star', ruleNumber: 32768 });
    });
  });

  describe('edge 5: ports are destination ports', () => {
    it('edge 5: outbound TCP 80 lets the instance connect to remote port 80, not answer from local port 80', () => {
      const net = webWith([], [sg.tcp(80, WORLD)]);
      allowed(tcpOut(net, '198.51.100.20', 40000, 80, 0));
      dropped(tcpOut(net, '203.0.113.5', 80, 51000, 1, 'SA'), 'sg-egress');
    });
    it('edge 5: statefulness, not the outbound rule, lets the response from port 80 out', () => {
      const net = webWith([sg.tcp(80, WORLD)], [sg.tcp(80, WORLD)]);
      allowed(tcpIn(net, '203.0.113.5', 51000, 80, 0));
      const r = tcpOut(net, '203.0.113.5', 80, 51000, 0.01, 'SA');
      allowed(r);
      expect(hopOf(r, 'sg-egress')?.decidedBy.kind).toBe('conntrack');
    });
    it('edge 5: the same holds for NACLs: the response needs an ephemeral-port rule', () => {
      const net = network({
        groups: [{ id: 'sg-web', inbound: [sg.tcp(80, WORLD)] }],
        web: { groups: ['sg-web'] },
        naclA: { inbound: [nacl.allow(100, 6, WORLD, { ports: 80 })], outbound: [nacl.allow(100, 6, WORLD, { ports: 80 })] },
      });
      allowed(tcpIn(net, '203.0.113.5', 51000, 80, 0));
      dropped(tcpOut(net, '203.0.113.5', 80, 51000, 0.01, 'SA'), 'nacl-out');
    });
  });

  describe('edge 6: overlapping SG rules never conflict', () => {
    it('edge 6: overlapping rules: the most permissive wins', () => {
      const net = webWith([sg.tcp(22, '203.0.113.1/32'), sg.tcp([0, 1024], '203.0.113.0/24'), sg.tcp(22, WORLD)], []);
      for (const [i, from] of ['203.0.113.1', '203.0.113.77', '198.51.100.1'].entries()) allowed(tcpIn(net, from, 50000 + i, 22, i));
    });
    it('edge 6: [ASSUMPTION] the untracked status comes from the broad 0.0.0.0/0 rule even when a /32 rule also matches', () => {
      const net = webWith([sg.tcp(22, '203.0.113.1/32'), sg.tcp(22, WORLD)], [sg.all(WORLD)]);
      const r = tcpIn(net, '203.0.113.1', 50000, 22, 0);
      expect(hopOf(r, 'sg-ingress')?.decidedBy).toMatchObject({ kind: 'sg-rule', index: 0 });
      expect(trackingAt(r, 'sg-ingress')).toEqual(['untracked']);
    });
  });

  describe('edge 7: untracked needs both directions wide open', () => {
    it('edge 7: inbound TCP 22 from 0.0.0.0/0 with outbound TCP 443 only is tracked', () => {
      expect(trackingAt(tcpIn(webWith([sg.tcp(22, WORLD)], [sg.tcp(443, WORLD)]), '203.0.113.5', 50000, 22, 0), 'sg-ingress')).toEqual(['created']);
    });
    it('edge 7: with the default outbound "All traffic" rule it is untracked', () => {
      expect(trackingAt(tcpIn(webWith([sg.tcp(22, WORLD)], [sg.all(WORLD)]), '203.0.113.5', 50000, 22, 0), 'sg-ingress')).toEqual(['untracked']);
    });
    it('edge 7: a new group (outbound all, no inbound): instance-initiated flows are tracked', () => {
      expect(trackingAt(tcpOut(webWith([], [sg.all(WORLD)]), '198.51.100.20', 40000, 443, 0), 'sg-egress')).toEqual(['created']);
    });
    it('edge 7: a self-referencing rule, a group reference or a prefix list (even one holding 0.0.0.0/0) is never "all traffic"', () => {
      const prefix = webWith([sg.tcp(80, 'pl-all')], [sg.all(WORLD)], { prefixLists: [{ id: 'pl-all', cidrs: [WORLD] }] });
      expect(trackingAt(tcpIn(prefix, '203.0.113.5', 50000, 80, 0), 'sg-ingress')).toEqual(['created']);
      const reversePrefix = webWith([sg.tcp(80, WORLD)], [sg.all('pl-all')], { prefixLists: [{ id: 'pl-all', cidrs: [WORLD] }] });
      expect(trackingAt(tcpIn(reversePrefix, '203.0.113.5', 50000, 80, 0), 'sg-ingress')).toEqual(['created']);
      const selfRef = network({ groups: [{ id: 'sg-x', inbound: [sg.all('sg-x')], outbound: [sg.all(WORLD)] }], web: { groups: ['sg-x'] }, app: { groups: ['sg-x'] } });
      expect(trackingAt(selfRef.send({ from: 'web', to: 'app', proto: 'tcp', sport: 40000, dport: 22, flags: 'S', at: 0 }), 'sg-ingress')).toEqual(['created']);
      const groupRef = network({ groups: [{ id: 'sg-a', outbound: [sg.all(WORLD)] }, { id: 'sg-b', inbound: [sg.all('sg-a')], outbound: [sg.all(WORLD)] }], web: { groups: ['sg-a'] }, app: { groups: ['sg-b'] } });
      expect(trackingAt(groupRef.send({ from: 'web', to: 'app', proto: 'tcp', sport: 40000, dport: 22, flags: 'S', at: 0 }), 'sg-ingress')).toEqual(['created']);
    });
    it('edge 7: ICMP is always tracked', () => {
      expect(trackingAt(icmpIn(webWith([sg.all(WORLD)], [sg.all(WORLD)]), 8, 0, 0), 'sg-ingress')).toEqual(['created']);
    });
  });

  describe('edge 8: rule removal', () => {
    const openSsh = (net: Net) => {
      allowed(tcpIn(net, '203.0.113.1', 50050, 22, 0));
      allowed(tcpOut(net, '203.0.113.1', 22, 50050, 0.01, 'SA'));
      allowed(tcpIn(net, '203.0.113.1', 50050, 22, 0.02, 'A'));
    };
    it('edge 8: a tracked flow keeps passing both ways until it idles out (432000 s)', () => {
      const net = webWith([sg.tcp(22, '203.0.113.1/32')], []);
      openSsh(net);
      setRules(net, 'inbound', []);
      allowed(tcpIn(net, '203.0.113.1', 50050, 22, 100, 'D'));
      allowed(tcpOut(net, '203.0.113.1', 22, 50050, 432100, 'D'));
      dropped(tcpIn(net, '203.0.113.1', 50050, 22, 432100 + 432001, 'D'), 'sg-ingress');
    });
    it('edge 8: on Nitro v6 the tracked flow idles out after 350 s', () => {
      const net = webWith([sg.tcp(22, '203.0.113.1/32')], [], { web: { nitroV6: true } });
      openSsh(net);
      setRules(net, 'inbound', []);
      allowed(tcpIn(net, '203.0.113.1', 50050, 22, 300, 'D'));
      dropped(tcpIn(net, '203.0.113.1', 50050, 22, 300 + 351, 'D'), 'sg-ingress');
    });
    it('edge 8: an untracked flow: after removing the inbound rule client packets drop at once, server packets still pass', () => {
      const net = webWith([sg.tcp(22, WORLD)], [sg.all(WORLD)]);
      openSsh(net);
      setRules(net, 'inbound', []);
      dropped(tcpIn(net, '203.0.113.1', 50050, 22, 1, 'D'), 'sg-ingress');
      allowed(tcpOut(net, '203.0.113.1', 22, 50050, 1.01, 'D'));
    });
    it("edge 8: [UNSPECIFIED] removing the outbound all-rule under an untracked inbound flow: 'rules' drops the replies, 'track' tracks the flow from the next packet", () => {
      const run = (untrackedAfterChange: 'rules' | 'track') => {
        const net = webWith([sg.tcp(22, WORLD)], [sg.all(WORLD)], { settings: { untrackedAfterChange } });
        openSsh(net);
        setRules(net, 'outbound', []);
        allowed(tcpIn(net, '203.0.113.1', 50050, 22, 1, 'D'));
        return tcpOut(net, '203.0.113.1', 22, 50050, 1.01, 'D');
      };
      dropped(run('rules'), 'sg-egress');
      allowed(run('track'));
    });
  });

  describe('edge 9: responses through NACLs are not free', () => {
    const openGroups: NetSpec = {
      groups: [{ id: 'sg-open', inbound: [sg.all(WORLD)], outbound: [sg.all(WORLD)] }],
      web: { groups: ['sg-open'] },
      app: { groups: ['sg-open'] },
      db: { groups: ['sg-open'] },
    };
    it("edge 9: the SG lets the SYN-ACK out, but the NACL outbound must allow the client's ephemeral port", () => {
      const net = network({ ...openGroups, naclA: { inbound: [nacl.allow(100, 6, WORLD, { ports: 22 })], outbound: [nacl.allow(100, 6, WORLD, { ports: 22 })] } });
      allowed(tcpIn(net, '203.0.113.5', 50000, 22, 0));
      const r = tcpOut(net, '203.0.113.5', 22, 50000, 0.01, 'SA');
      dropped(r, 'nacl-out');
      expect(hopOf(r, 'sg-egress')?.verdict).toBe('allow');
    });
    it("edge 9: an instance-initiated request needs a NACL inbound rule for the instance's ephemeral ports", () => {
      const net = network({ ...openGroups, naclA: { inbound: [], outbound: [nacl.allow(100, -1, WORLD)] } });
      allowed(tcpOut(net, '198.51.100.20', 40000, 443, 0));
      dropped(net.send({ from: '198.51.100.20', to: 'web', proto: 'tcp', sport: 443, dport: 40000, flags: 'SA', at: 0.01 }), 'nacl-in');
    });
    it("edge 9: crossing subnets, both subnets' NACLs apply, for the request and for the response", () => {
      const net = network({
        ...openGroups,
        naclA: { inbound: [nacl.allow(100, 6, '10.0.2.0/24', { ports: 5432 })], outbound: [nacl.allow(100, -1, WORLD)] },
        naclB: { inbound: [nacl.allow(100, -1, WORLD)], outbound: [nacl.allow(100, 6, '10.0.1.0/24', { ports: 5432 })] },
      });
      const req = net.send({ from: 'web', to: 'db', proto: 'tcp', sport: 40000, dport: 5432, flags: 'S', at: 0 });
      allowed(req);
      expect(req.results.map((h) => h.subjectId)).toEqual(['eni-web', 'subnet-a', 'subnet-b', 'eni-db']);
      const resp = net.send({ from: 'db', to: 'web', proto: 'tcp', sport: 5432, dport: 40000, flags: 'SA', at: 0.01 });
      dropped(resp, 'nacl-out');
      expect(hopOf(resp, 'nacl-out')?.subjectId).toBe('subnet-b');
    });
    it('edge 9: within one subnet neither NACL applies', () => {
      const net = network({ ...openGroups, naclA: { inbound: [], outbound: [] } });
      const r = net.send({ from: 'web', to: 'app', proto: 'tcp', sport: 40000, dport: 5432, flags: 'S', at: 0 });
      allowed(r);
      expect(r.path).toEqual(['sg-egress', 'sg-ingress']);
    });
  });

  describe('edge 10: timeout boundaries', () => {
    const udpFlow = (spec: NetSpec = {}) => {
      const net = webWith([], [sg.all(WORLD)], spec);
      allowed(net.send({ from: 'web', toAddress: '198.51.100.53', proto: 'udp', sport: 53000, dport: 53, at: 0 }));
      return net;
    };
    const reply = (net: Net, at: number) => net.send({ from: '198.51.100.53', to: 'web', proto: 'udp', sport: 53, dport: 53000, at });
    it('edge 10: timeout boundaries: at timeout + 1 s the entry is gone', () => {
      dropped(reply(udpFlow(), 31), 'sg-ingress');
    });
    it('edge 10: timeout boundaries: [UNSPECIFIED] exactly at the timeout (expiryInclusive true passes, false drops)', () => {
      allowed(reply(udpFlow(), 30));
      dropped(reply(udpFlow({ settings: { expiryInclusive: false } }), 30), 'sg-ingress');
      allowed(reply(udpFlow({ settings: { expiryInclusive: false } }), 29.999));
    });
    it('edge 10: UDP timers are idle timers: any packet of the flow refreshes them', () => {
      const net = udpFlow();
      for (let t = 20; t <= 200; t += 20) allowed(net.send({ from: 'web', toAddress: '198.51.100.53', proto: 'udp', sport: 53000, dport: 53, at: t }));
      allowed(reply(net, 225));
      allowed(reply(net, 250));
      dropped(reply(net, 281), 'sg-ingress');
    });
  });

  describe('edge 11: other protocols (GRE, ESP, 253)', () => {
    it('edge 11: a reverse packet within 600 s is admitted regardless of inbound rules', () => {
      const net = webWith([], [sg.all(WORLD)]);
      allowed(net.send({ from: 'web', toAddress: '198.51.100.20', proto: 50, at: 0 }));
      const r = net.send({ from: '198.51.100.20', to: 'web', proto: 50, at: 600 });
      allowed(r);
      expect(hopOf(r, 'sg-ingress')?.decidedBy.kind).toBe('conntrack');
    });
    it('edge 11: the key is only (IP pair, protocol): any traffic of that protocol from that host counts, and refreshes', () => {
      const net = webWith([], [sg.all(WORLD)]);
      allowed(net.send({ from: 'web', toAddress: '198.51.100.20', proto: 253, at: 0 }));
      for (let t = 500; t <= 2500; t += 500) allowed(net.send({ from: '198.51.100.20', to: 'web', proto: 253, at: t }));
      dropped(net.send({ from: '198.51.100.20', to: 'web', proto: 253, at: 2500 + 601 }), 'sg-ingress');
      expect(net.ct.entries(eniOf('web'))).toHaveLength(0);
    });
    it('edge 11: a peer may open the same kind of exchange from its side (no ports, no request/reply)', () => {
      const net = webWith([sg.proto(47, '198.51.100.20/32')], []);
      allowed(net.send({ from: '198.51.100.20', to: 'web', proto: 47, at: 0 }));
      allowed(net.send({ from: 'web', toAddress: '198.51.100.20', proto: 47, at: 1 }));
    });
  });

  describe('edge 12: ICMP errors for tracked flows', () => {
    it('edge 12: Frag-Needed and Port Unreachable for tracked flows are dropped without an inbound ICMP rule (no Linux "related")', () => {
      const net = webWith([], [sg.all(WORLD)]);
      allowed(tcpOut(net, '198.51.100.20', 40000, 443, 0));
      allowed(net.send({ from: 'web', toAddress: '198.51.100.53', proto: 'udp', sport: 53000, dport: 53, at: 0 }));
      const frag = net.send({ from: '198.51.100.20', to: 'web', proto: 'icmp', icmpType: 3, icmpCode: 4, at: 0.01 });
      dropped(frag, 'sg-ingress');
      expect(hopOf(frag, 'sg-ingress')?.explanation).toMatch(/ICMP errors/);
      dropped(net.send({ from: '198.51.100.53', to: 'web', proto: 'icmp', icmpType: 3, icmpCode: 3, at: 0.02 }), 'sg-ingress');
      dropped(net.send({ from: '198.51.100.20', to: 'web', proto: 'icmp', icmpType: 11, icmpCode: 0, at: 0.03 }), 'sg-ingress');
    });
    it('edge 12: an ICMP error never uses tracking state, even an ICMP echo entry with the same id', () => {
      const net = webWith([], [sg.all(WORLD)]);
      allowed(net.send({ from: 'web', toAddress: '198.51.100.20', proto: 'icmp', icmpType: 8, icmpCode: 0, icmpId: 0, at: 0 }));
      dropped(net.send({ from: '198.51.100.20', to: 'web', proto: 'icmp', icmpType: 3, icmpCode: 1, icmpId: 0, at: 0.01 }), 'sg-ingress');
      allowed(net.send({ from: '198.51.100.20', to: 'web', proto: 'icmp', icmpType: 0, icmpCode: 0, icmpId: 0, at: 0.02 }));
    });
    it('edge 12: ICMPv6 Packet Too Big needs an icmpv6 rule as well', () => {
      const ptb = (net: Net) => net.send({ from: 'server', to: 'web', address: 'ipv6', proto: 'icmpv6', icmpType: 2, icmpCode: 0, at: 0.01 });
      const without = webWith([], [sg.all(WORLD6)], { ipv6: true });
      allowed(without.send({ from: 'web', to: 'server', address: 'ipv6', proto: 'tcp', sport: 40000, dport: 443, flags: 'S', at: 0 }));
      dropped(ptb(without), 'sg-ingress');
      const withRule = webWith([sg.icmpv6(2, -1, WORLD6)], [sg.all(WORLD6)], { ipv6: true });
      allowed(ptb(withRule));
    });
  });

  describe('edge 13: TCP flags stay out of the SG decision', () => {
    it('edge 13: an unsolicited SYN-ACK, FIN or RST that a rule allows passes (Linux would call it INVALID)', () => {
      const net = webWith([sg.tcp(80, '203.0.113.0/24')], []);
      allowed(tcpIn(net, '203.0.113.5', 50000, 80, 0, 'SA'));
      allowed(tcpIn(net, '203.0.113.5', 50001, 80, 1, 'F'));
      allowed(tcpIn(net, '203.0.113.5', 50002, 80, 2, 'R'));
      allowed(tcpIn(net, '203.0.113.5', 50003, 80, 3, 'A'));
    });
    it('edge 13: flags never make a rule match: an unsolicited SYN-ACK without a rule is dropped', () => {
      const net = webWith([sg.tcp(80, '203.0.113.0/24')], []);
      dropped(tcpIn(net, '203.0.113.5', 50000, 81, 0, 'SA'), 'sg-ingress');
    });
    it('edge 13: with mid-stream pickup off, the verdict is still the rule\'s (only tracking differs)', () => {
      const net = webWith([sg.tcp(80, '203.0.113.0/24')], [], { settings: { tcpMidstreamPickup: false } });
      allowed(tcpIn(net, '203.0.113.5', 50000, 80, 0, 'SA'));
    });
  });
});
