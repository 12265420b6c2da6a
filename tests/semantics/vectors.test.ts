/**
 * The public test vectors of section 5 of the reference semantics, packet by packet at the given
 * times. Each packet is checked for its verdict and, when dropped, for the checkpoint that dropped it.
 * Raw packets from the internet address the instance's public IP; the internet gateway translates it.
 */
import { describe, expect, it } from 'vitest';
import { defaultSecurityGroup, newSecurityGroup } from '../../src/domain/defaults';
import type { SecurityGroupId } from '../../src/domain/ids';
import { DEFAULT_SETTINGS } from '../../src/domain/settings';
import { id, network, outcome, sg, nacl, VPC, type SendResult } from '../support/network';

const WORLD = '0.0.0.0/0';

function expectAllowed(r: SendResult): void {
  expect(outcome(r)).toBe('allow');
}

describe('section 5 vectors', () => {
  describe('vectors 1-4: the classic web server (in TCP 80 from 0.0.0.0/0, no outbound rules)', () => {
    const classic = () =>
      network({ groups: [{ id: 'sg-web', inbound: [sg.tcp(80, WORLD)], outbound: [] }], web: { groups: ['sg-web'] } });

    it('vector 1: inbound SYN to port 80 is allowed and tracked (no all-ports outbound rule)', () => {
      const net = classic();
      const r = net.send({ from: '203.0.113.5', to: 'web', proto: 'tcp', sport: 50000, dport: 80, flags: 'S', at: 0 });
      expectAllowed(r);
      expect(r.path).toEqual(['igw', 'nacl-in', 'sg-ingress']);
      const ingress = r.results.find((h) => h.hop === 'sg-ingress');
      expect(ingress?.tracking.map((t) => t.kind)).toEqual(['created']);
    });

    it('vector 2: the SYN-ACK leaves without an outbound rule (tracked response)', () => {
      const net = classic();
      expectAllowed(net.send({ from: '203.0.113.5', to: 'web', proto: 'tcp', sport: 50000, dport: 80, flags: 'S', at: 0 }));
      const r = net.send({ from: 'web', toAddress: '203.0.113.5', proto: 'tcp', sport: 80, dport: 50000, flags: 'SA', at: 0.01 });
      expectAllowed(r);
      expect(r.results[0]?.decidedBy.kind).toBe('conntrack');
    });

    it('vector 3: a SYN to port 22 is dropped at the group (no inbound rule for 22)', () => {
      const net = classic();
      expectAllowed(net.send({ from: '203.0.113.5', to: 'web', proto: 'tcp', sport: 50000, dport: 80, flags: 'S', at: 0 }));
      expectAllowed(net.send({ from: 'web', toAddress: '203.0.113.5', proto: 'tcp', sport: 80, dport: 50000, flags: 'SA', at: 0.01 }));
      expect(outcome(net.send({ from: '203.0.113.5', to: 'web', proto: 'tcp', sport: 50001, dport: 22, flags: 'S', at: 1 }))).toBe('drop@sg-ingress');
    });

    it('vector 4: an unsolicited outbound SYN is dropped at the group (no outbound rule, no state)', () => {
      const net = classic();
      expectAllowed(net.send({ from: '203.0.113.5', to: 'web', proto: 'tcp', sport: 50000, dport: 80, flags: 'S', at: 0 }));
      expect(outcome(net.send({ from: 'web', toAddress: '198.51.100.20', proto: 'tcp', sport: 40000, dport: 443, flags: 'S', at: 2 }))).toBe('drop@sg-egress');
    });
  });

  it('vector 5: SSH from a /32: only that address is admitted', () => {
    const net = network({ groups: [{ id: 'sg-web', inbound: [sg.tcp(22, '203.0.113.1/32')], outbound: [sg.all(WORLD)] }], web: { groups: ['sg-web'] } });
    expectAllowed(net.send({ from: '203.0.113.1', to: 'web', proto: 'tcp', sport: 50010, dport: 22, flags: 'S', at: 0 }));
    expect(outcome(net.send({ from: '203.0.113.2', to: 'web', proto: 'tcp', sport: 50011, dport: 22, flags: 'S', at: 1 }))).toBe('drop@sg-ingress');
  });

  /** A group as AWS creates it (rule 13): no inbound rules, outbound all to 0.0.0.0/0. */
  const outboundOnly = (nitroV6 = false) =>
    network({ securityGroups: [newSecurityGroup(id<SecurityGroupId>('sg-new'), 'new', VPC, DEFAULT_SETTINGS)], web: { groups: ['sg-new'], nitroV6 } });

  it('vector 6: outbound-only group (new-group defaults) drops inbound SSH', () => {
    const net = outboundOnly();
    expect(outcome(net.send({ from: '203.0.113.1', to: 'web', proto: 'tcp', sport: 50020, dport: 22, flags: 'S', at: 0 }))).toBe('drop@sg-ingress');
  });

  it('vector 7: instance-initiated HTTPS: the response is tracked, a SYN-ACK to another port is not', () => {
    const net = outboundOnly();
    expectAllowed(net.send({ from: 'web', toAddress: '198.51.100.20', proto: 'tcp', sport: 41000, dport: 443, flags: 'S', at: 0 }));
    expectAllowed(net.send({ from: '198.51.100.20', to: 'web', proto: 'tcp', sport: 443, dport: 41000, flags: 'SA', at: 0.02 }));
    expect(outcome(net.send({ from: '198.51.100.20', to: 'web', proto: 'tcp', sport: 443, dport: 41001, flags: 'SA', at: 0.03 }))).toBe('drop@sg-ingress');
  });

  it('vector 8: SG-to-SG reference admits members of sg-web only', () => {
    const net = network({
      groups: [
        { id: 'sg-web', outbound: [sg.all(WORLD)] },
        { id: 'sg-db', inbound: [sg.tcp(3306, 'sg-web')] },
        { id: 'sg-app', outbound: [sg.all(WORLD)] },
      ],
      web: { groups: ['sg-web'] },
      db: { groups: ['sg-db'] },
      app: { groups: ['sg-app'] },
    });
    const a = net.send({ from: 'web', to: 'db', proto: 'tcp', sport: 42000, dport: 3306, flags: 'S', at: 0 });
    expectAllowed(a);
    expect(a.path).toEqual(['sg-egress', 'nacl-out', 'nacl-in', 'sg-ingress']);
    expect(outcome(net.send({ from: 'app', to: 'db', proto: 'tcp', sport: 42001, dport: 3306, flags: 'S', at: 1 }))).toBe('drop@sg-ingress');
  });

  it('vector 10: sharing a group grants nothing (same subnet, so no NACL hop)', () => {
    const net = network({
      groups: [{ id: 'sg-x', inbound: [sg.tcp(22, '203.0.113.0/24')], outbound: [sg.all(WORLD)] }],
      web: { groups: ['sg-x'] },
      app: { groups: ['sg-x'] },
    });
    const r = net.send({ from: 'web', to: 'app', proto: 'tcp', sport: 43000, dport: 22, flags: 'S', at: 0 });
    expect(outcome(r)).toBe('drop@sg-ingress');
    expect(r.path).toEqual(['sg-egress', 'sg-ingress']);
  });

  it('vector 11: the default group admits its own members and nothing from outside', () => {
    const net = network({
      securityGroups: [defaultSecurityGroup(id<SecurityGroupId>('sg-default'), VPC, false)],
      web: { groups: ['sg-default'] },
      app: { groups: ['sg-default'] },
    });
    expectAllowed(net.send({ from: 'web', to: 'app', proto: 'tcp', sport: 43001, dport: 5432, flags: 'S', at: 0 }));
    expect(outcome(net.send({ from: '203.0.113.5', to: 'web', proto: 'tcp', sport: 50030, dport: 22, flags: 'S', at: 1 }))).toBe('drop@sg-ingress');
  });

  it('vector 12: the rules of two groups on one ENI aggregate', () => {
    const net = network({
      groups: [
        { id: 'sg-ssh', inbound: [sg.tcp(22, '203.0.113.0/24')], outbound: [sg.all(WORLD)] },
        { id: 'sg-https', inbound: [sg.tcp(443, WORLD)], outbound: [sg.all(WORLD)] },
      ],
      web: { groups: ['sg-ssh', 'sg-https'] },
    });
    expectAllowed(net.send({ from: '203.0.113.9', to: 'web', proto: 'tcp', sport: 50040, dport: 22, flags: 'S', at: 0 }));
    expect(outcome(net.send({ from: '198.51.100.7', to: 'web', proto: 'tcp', sport: 50041, dport: 22, flags: 'S', at: 1 }))).toBe('drop@sg-ingress');
    expectAllowed(net.send({ from: '198.51.100.7', to: 'web', proto: 'tcp', sport: 50042, dport: 443, flags: 'S', at: 2 }));
    expect(outcome(net.send({ from: '203.0.113.9', to: 'web', proto: 'tcp', sport: 50043, dport: 80, flags: 'S', at: 3 }))).toBe('drop@sg-ingress');
  });

  it('vector 14: UDP idle timeout of 30 s: a reply 31 s later is dropped', () => {
    const net = outboundOnly();
    expectAllowed(net.send({ from: 'web', toAddress: '198.51.100.53', proto: 'udp', sport: 53000, dport: 53, at: 0 }));
    expectAllowed(net.send({ from: '198.51.100.53', to: 'web', proto: 'udp', sport: 53, dport: 53000, at: 0.02 }));
    expectAllowed(net.send({ from: 'web', toAddress: '198.51.100.53', proto: 'udp', sport: 53001, dport: 53, at: 100 }));
    expect(outcome(net.send({ from: '198.51.100.53', to: 'web', proto: 'udp', sport: 53, dport: 53001, at: 131 }))).toBe('drop@sg-ingress');
  });

  describe('vector 17: established TCP idle timeout', () => {
    const run = (nitroV6: boolean) => {
      const net = outboundOnly(nitroV6);
      expectAllowed(net.send({ from: 'web', toAddress: '198.51.100.20', proto: 'tcp', sport: 44000, dport: 443, flags: 'S', at: 0 }));
      expectAllowed(net.send({ from: '198.51.100.20', to: 'web', proto: 'tcp', sport: 443, dport: 44000, flags: 'SA', at: 0.01 }));
      expectAllowed(net.send({ from: 'web', toAddress: '198.51.100.20', proto: 'tcp', sport: 44000, dport: 443, flags: 'A', at: 0.02 }));
      return net;
    };

    it('vector 17: default timeouts (432000 s): data after 1 h passes, after 432001 s idle it is dropped', () => {
      const net = run(false);
      expectAllowed(net.send({ from: '198.51.100.20', to: 'web', proto: 'tcp', sport: 443, dport: 44000, flags: 'D', at: 3600 }));
      expect(outcome(net.send({ from: '198.51.100.20', to: 'web', proto: 'tcp', sport: 443, dport: 44000, flags: 'D', at: 3600 + 432001 }))).toBe('drop@sg-ingress');
    });

    it('vector 17: Nitro v6 (350 s default): server data at t3600 is dropped', () => {
      const net = run(true);
      expect(outcome(net.send({ from: '198.51.100.20', to: 'web', proto: 'tcp', sport: 443, dport: 44000, flags: 'D', at: 3600 }))).toBe('drop@sg-ingress');
    });
  });

  it('vector 18: removing the rule of a tracked flow keeps it alive; new flows need a rule', () => {
    const net = network({ groups: [{ id: 'sg-web', inbound: [sg.tcp(22, '203.0.113.1/32')], outbound: [sg.all(WORLD)] }], web: { groups: ['sg-web'] } });
    expectAllowed(net.send({ from: '203.0.113.1', to: 'web', proto: 'tcp', sport: 50050, dport: 22, flags: 'S', at: 0 }));
    expectAllowed(net.send({ from: 'web', toAddress: '203.0.113.1', proto: 'tcp', sport: 22, dport: 50050, flags: 'SA', at: 0.01 }));
    expectAllowed(net.send({ from: '203.0.113.1', to: 'web', proto: 'tcp', sport: 50050, dport: 22, flags: 'A', at: 0.02 }));
    net.change((d) => {
      const g = d.securityGroups.find((x) => x.id === 'sg-web');
      if (g) g.inbound = [];
    });
    expectAllowed(net.send({ from: '203.0.113.1', to: 'web', proto: 'tcp', sport: 50050, dport: 22, flags: 'D', at: 11 }));
    expectAllowed(net.send({ from: 'web', toAddress: '203.0.113.1', proto: 'tcp', sport: 22, dport: 50050, flags: 'D', at: 11.1 }));
    expect(outcome(net.send({ from: '203.0.113.1', to: 'web', proto: 'tcp', sport: 50051, dport: 22, flags: 'S', at: 12 }))).toBe('drop@sg-ingress');
  });

  describe('vector 21: NACL without an ephemeral-port outbound rule', () => {
    const build = (withEphemeral: boolean) =>
      network({
        groups: [{ id: 'sg-web', inbound: [sg.tcp(80, WORLD)], outbound: [sg.all(WORLD)] }],
        web: { groups: ['sg-web'] },
        naclA: {
          inbound: [nacl.allow(100, 6, WORLD, { ports: 80 })],
          outbound: [nacl.allow(100, 6, WORLD, { ports: 80 }), ...(withEphemeral ? [nacl.allow(110, 6, WORLD, { ports: [1024, 65535] })] : [])],
        },
      });

    it('vector 21: the SYN-ACK passes the group but falls to NACL-A outbound *', () => {
      const net = build(false);
      expectAllowed(net.send({ from: '203.0.113.5', to: 'web', proto: 'tcp', sport: 51000, dport: 80, flags: 'S', at: 0 }));
      const r = net.send({ from: 'web', toAddress: '203.0.113.5', proto: 'tcp', sport: 80, dport: 51000, flags: 'SA', at: 0.01 });
      expect(outcome(r)).toBe('drop@nacl-out');
      expect(r.results[0]).toMatchObject({ hop: 'sg-egress', verdict: 'allow' });
      expect(r.results[1]?.decidedBy).toMatchObject({ kind: 'nacl-star', ruleNumber: 32767 });
    });

    it('vector 21: adding out 110 allow TCP 1024-65535 lets the SYN-ACK out', () => {
      const net = build(true);
      expectAllowed(net.send({ from: '203.0.113.5', to: 'web', proto: 'tcp', sport: 51000, dport: 80, flags: 'S', at: 0 }));
      const r = net.send({ from: 'web', toAddress: '203.0.113.5', proto: 'tcp', sport: 80, dport: 51000, flags: 'SA', at: 0.01 });
      expectAllowed(r);
      expect(r.results[1]?.decidedBy).toMatchObject({ kind: 'nacl-rule', ruleNumber: 110 });
    });
  });

  describe('vector 22: NACL explicit deny, lowest number first', () => {
    const build = (denyNumber: number) =>
      network({
        groups: [{ id: 'sg-web', inbound: [sg.tcp(22, WORLD)] }],
        web: { groups: ['sg-web'] },
        naclA: {
          inbound: [nacl.deny(denyNumber, 6, '198.51.100.0/24', { ports: 22 }), nacl.allow(100, 6, WORLD, { ports: 22 })],
          outbound: [nacl.allow(100, -1, WORLD)],
        },
      });

    it('vector 22: deny 90 drops 198.51.100.9 at NACL-A inbound', () => {
      const net = build(90);
      const r = net.send({ from: '198.51.100.9', to: 'web', proto: 'tcp', sport: 50070, dport: 22, flags: 'S', at: 0 });
      expect(outcome(r)).toBe('drop@nacl-in');
      expect(r.results[1]?.decidedBy).toMatchObject({ kind: 'nacl-rule', ruleNumber: 90, action: 'deny' });
    });

    it('vector 22: 203.0.113.9 misses the deny and is allowed by 100', () => {
      const net = build(90);
      expectAllowed(net.send({ from: '203.0.113.9', to: 'web', proto: 'tcp', sport: 50071, dport: 22, flags: 'S', at: 0 }));
    });

    it('vector 22: with the deny renumbered 110, rule 100 allows 198.51.100.9 first', () => {
      const net = build(110);
      const r = net.send({ from: '198.51.100.9', to: 'web', proto: 'tcp', sport: 50070, dport: 22, flags: 'S', at: 0 });
      expectAllowed(r);
      expect(r.results[1]?.decidedBy).toMatchObject({ kind: 'nacl-rule', ruleNumber: 100, action: 'allow' });
    });
  });

  describe('vector 24: ICMP ping', () => {
    it('vector 24: echo request admitted by 8/-1; the echo reply leaves without an outbound rule (ICMP is tracked)', () => {
      const net = network({ groups: [{ id: 'sg-web', inbound: [sg.icmp(8, -1, WORLD)], outbound: [] }], web: { groups: ['sg-web'] } });
      expectAllowed(net.send({ from: '203.0.113.5', to: 'web', proto: 'icmp', icmpType: 8, icmpCode: 0, icmpId: 7, at: 0 }));
      const r = net.send({ from: 'web', toAddress: '203.0.113.5', proto: 'icmp', icmpType: 0, icmpCode: 0, icmpId: 7, at: 0.01 });
      expectAllowed(r);
      expect(r.results[0]?.decidedBy.kind).toBe('conntrack');
    });

    it('vector 24: a rule FromPort=8,ToPort=8 means type 8 code 8 and drops a real ping', () => {
      const net = network({ groups: [{ id: 'sg-web', inbound: [sg.icmp(8, 8, WORLD)], outbound: [] }], web: { groups: ['sg-web'] } });
      expect(outcome(net.send({ from: '203.0.113.5', to: 'web', proto: 'icmp', icmpType: 8, icmpCode: 0, icmpId: 7, at: 0 }))).toBe('drop@sg-ingress');
    });
  });

  it('vector 28: restricted outbound: port 80 dropped, port 443 allowed with its tracked response', () => {
    const net = network({ groups: [{ id: 'sg-web', inbound: [], outbound: [sg.tcp(443, WORLD)] }], web: { groups: ['sg-web'] } });
    expect(outcome(net.send({ from: 'web', toAddress: '198.51.100.20', proto: 'tcp', sport: 47000, dport: 80, flags: 'S', at: 0 }))).toBe('drop@sg-egress');
    expectAllowed(net.send({ from: 'web', toAddress: '198.51.100.20', proto: 'tcp', sport: 47001, dport: 443, flags: 'S', at: 1 }));
    expectAllowed(net.send({ from: '198.51.100.20', to: 'web', proto: 'tcp', sport: 443, dport: 47001, flags: 'SA', at: 1.02 }));
  });
});
