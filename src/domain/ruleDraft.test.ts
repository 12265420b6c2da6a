import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NaclRule, SgRule } from './document';
import { protocolNumber } from './protocol';
import {
  PRESETS,
  applyPreset,
  blankNaclDraft,
  blankSgDraft,
  draftFields,
  draftToNaclRule,
  draftToSgRule,
  naclRuleToDraft,
  preset,
  ruleWarnings,
  sgRuleToDraft,
  type SgDraftContext,
  type SgRuleDraft,
} from './ruleDraft';
import { asId, validDocument } from './schema.fixture';
import { sgRuleProblems } from './validateRules';

const ctx: SgDraftContext = {
  direction: 'inbound',
  vpcId: 'vpc-a',
  groups: [
    { id: asId('sg-web'), name: 'web', vpcId: asId('vpc-a') },
    { id: asId('sg-far'), name: 'far', vpcId: asId('vpc-b') },
  ],
  prefixLists: [{ id: asId('pl-admins'), name: 'admins' }],
};

const draft = (over: Partial<SgRuleDraft>): SgRuleDraft => ({ ...blankSgDraft(), ports: '80', peer: '10.0.0.0/16', ...over });

function rule(d: SgRuleDraft): SgRule {
  const r = draftToSgRule(d, ctx);
  if (!r.ok) throw new Error(`expected a rule, got ${JSON.stringify(r.errors)}`);
  return r.rule;
}

function errors(d: SgRuleDraft, c: SgDraftContext | undefined = ctx) {
  const r = draftToSgRule(d, c);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
}

describe('presets', () => {
  it('sets protocol and ports as the AWS console does', () => {
    const as = (type: Parameters<typeof preset>[0]) => rule(applyPreset(draft({}), type));
    expect(as('ssh')).toEqual({ protocol: 'tcp', fromPort: 22, toPort: 22, peer: '10.0.0.0/16' });
    expect(as('dns-udp')).toMatchObject({ protocol: 'udp', fromPort: 53, toPort: 53 });
    expect(as('dns-tcp')).toMatchObject({ protocol: 'tcp', fromPort: 53, toPort: 53 });
    expect(as('rdp')).toMatchObject({ protocol: 'tcp', fromPort: 3389, toPort: 3389 });
    expect(as('mysql')).toMatchObject({ fromPort: 3306 });
    expect(as('postgresql')).toMatchObject({ fromPort: 5432 });
    expect(as('all-icmp')).toEqual({ protocol: 'icmp', icmpType: -1, icmpCode: -1, peer: '10.0.0.0/16' });
    expect(as('all-traffic')).toEqual({ protocol: '-1', peer: '10.0.0.0/16' });
    expect(as('all-tcp')).toMatchObject({ protocol: 'tcp', fromPort: 0, toPort: 65535 });
  });

  it('keeps typed ports across custom types and shows fixed ones', () => {
    const d = applyPreset(draft({ ports: '8080' }), 'custom-udp');
    expect(d.ports).toBe('8080');
    expect(applyPreset(d, 'https').ports).toBe('443');
    expect(applyPreset(applyPreset(d, 'https'), 'custom-tcp').ports).toBe('443');
    expect(draftFields(applyPreset(d, 'https'))).toMatchObject({ portsEditable: false, protocolEditable: false });
    expect(draftFields(applyPreset(d, 'custom-protocol'))).toMatchObject({ protocolEditable: true, kind: 'ports', portsEditable: true });
  });

  it('reads a stored rule back as the preset it matches', () => {
    expect(sgRuleToDraft({ protocol: 'tcp', fromPort: 22, toPort: 22, peer: '0.0.0.0/0' }).type).toBe('ssh');
    expect(sgRuleToDraft({ protocol: '6', fromPort: 443, toPort: 443, peer: '0.0.0.0/0' }).type).toBe('https');
    expect(sgRuleToDraft({ protocol: 'tcp', fromPort: 8000, toPort: 8100, peer: '0.0.0.0/0' })).toMatchObject({ type: 'custom-tcp', ports: '8000-8100' });
    expect(sgRuleToDraft({ protocol: 'tcp', peer: '0.0.0.0/0' }).type).toBe('all-tcp');
    expect(sgRuleToDraft({ protocol: 'icmp', icmpType: 8, icmpCode: -1, peer: '0.0.0.0/0' })).toMatchObject({ type: 'custom-icmp', icmpType: '8', icmpCode: '' });
    expect(sgRuleToDraft({ protocol: 'icmpv6', peer: '::/0' }).type).toBe('all-icmpv6');
    expect(sgRuleToDraft({ protocol: '-1', peer: 'sg-web', description: 'self' })).toMatchObject({ type: 'all-traffic', description: 'self' });
    expect(sgRuleToDraft({ protocol: '47', peer: '10.0.0.0/8' })).toMatchObject({ type: 'custom-protocol', protocol: '47' });
  });
});

describe('draftToSgRule', () => {
  it('says what is wrong with each field, in plain words', () => {
    expect(errors(draft({ peer: '10.0.0.300/33' }))).toEqual([{ field: 'peer', message: '"10.0.0.300/33" is not an IPv4 CIDR (the prefix must be 0 to 32)' }]);
    expect(errors(draft({ ports: '8080-80' }))).toEqual([{ field: 'ports', message: 'The port range is reversed: 8080 is above 80' }]);
    expect(errors(draft({ ports: '70000' }))[0]?.message).toBe('Port 70000 is too high: ports go from 0 to 65535');
    expect(errors(draft({ ports: 'http' }))[0]?.message).toMatch(/^"http" is not a port/);
    expect(errors(draft({ ports: '' }))[0]?.message).toBe('Enter a port (e.g. 8080) or a range (e.g. 8000-8100)');
    expect(errors(draft({ type: 'custom-icmp', icmpType: '300' }))).toEqual([{ field: 'icmp', message: 'ICMP type must be -1 (all) or 0 to 255' }]);
    expect(errors(draft({ type: 'custom-icmp', icmpType: '3', icmpCode: 'x' }))[0]?.message).toBe('ICMP code must be -1 (all) or 0 to 255');
    expect(errors(draft({ type: 'custom-icmp', icmpType: '-1', icmpCode: '4' }))[0]?.message).toMatch(/with type -1 \(all types\) the code must be -1 too/);
    expect(errors(draft({ type: 'custom-protocol', protocol: 'tpc' }))[0]).toEqual({ field: 'protocol', message: '"tpc" is not a protocol: use tcp, udp, icmp, icmpv6 or a number from 0 to 255' });
    expect(errors(draft({ peer: '' }))[0]?.message).toMatch(/^Enter a source: a CIDR/);
    expect(errors(draft({ peer: '' }), { ...ctx, direction: 'outbound' })[0]?.message).toMatch(/^Enter a destination/);
    expect(errors(draft({ peer: 'anywhere' }))[0]?.message).toMatch(/^"anywhere" is not a CIDR/);
    expect(errors(draft({ peer: '10.0.0.5' }))[0]?.message).toMatch(/needs a \/prefix/);
    expect(errors(draft({ description: 'it\'s <b>' }))[0]).toMatchObject({ field: 'description' });
    expect(errors(draft({ description: 'x'.repeat(256) }))[0]?.message).toMatch(/at most 255/);
  });

  it('reports every wrong field at once', () => {
    expect(errors(draft({ ports: '9-1', peer: 'nope', description: '<' })).map((e) => e.field)).toEqual(['ports', 'peer', 'description']);
  });

  it('checks references against the VPC and accepts names from the picker', () => {
    expect(rule(draft({ peer: 'sg-web' })).peer).toBe('sg-web');
    expect(rule(draft({ peer: 'Web' })).peer).toBe('sg-web');
    expect(rule(draft({ peer: 'admins' })).peer).toBe('pl-admins');
    expect(errors(draft({ peer: 'sg-ghost' }))[0]?.message).toBe('No security group has id "sg-ghost"');
    expect(errors(draft({ peer: 'sg-far' }))[0]?.message).toMatch(/in another VPC/);
    expect(errors(draft({ peer: 'pl-none' }))[0]?.message).toBe('No prefix list has id "pl-none"');
    // Without a context only the form is checked.
    expect(draftToSgRule(draft({ peer: 'sg-ghost', ports: '80' })).ok).toBe(true);
  });

  it('trims, and leaves an empty description out', () => {
    expect(rule(draft({ ports: ' 8000 - 8100 ', peer: ' ::/0 ', description: '  api  ' }))).toEqual({ protocol: 'tcp', fromPort: 8000, toPort: 8100, peer: '::/0', description: 'api' });
    expect('description' in rule(draft({ ports: '1' }))).toBe(false);
  });
});

const cidrArb = fc.oneof(
  fc.constantFrom('0.0.0.0/0', '::/0', '10.0.0.0/16', '203.0.113.5/32', '2001:db8::/32'),
  fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 })).map(([a, b]) => `${a}.${b}.0.0/16`),
);
const sgRuleArb: fc.Arbitrary<SgRule> = fc.oneof(
  fc.tuple(fc.constantFrom('tcp', 'udp'), fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 65535 }), cidrArb).map(([protocol, a, b, peer]) => ({
    protocol,
    fromPort: Math.min(a, b),
    toPort: Math.max(a, b),
    peer,
  })),
  fc.tuple(fc.constantFrom('icmp', 'icmpv6'), fc.integer({ min: -1, max: 255 }), fc.integer({ min: -1, max: 255 }), cidrArb).map(([protocol, t, c, peer]) => ({
    protocol,
    icmpType: t,
    icmpCode: t === -1 ? -1 : c,
    peer,
  })),
  fc.tuple(fc.constantFrom('-1', '47', '50'), fc.constantFrom('sg-web', 'pl-admins', '0.0.0.0/0')).map(([protocol, peer]) => ({ protocol, peer })),
);

describe('properties', () => {
  it('a stored rule survives the round trip through a draft unchanged', () => {
    fc.assert(
      fc.property(sgRuleArb, (r) => {
        expect(draftToSgRule(sgRuleToDraft(r), ctx)).toEqual({ ok: true, rule: r });
      }),
    );
  });

  it('every rule a draft yields is one the document validator takes', () => {
    const draftArb = fc.record({
      type: fc.constantFrom(...PRESETS.map((x) => x.id)),
      protocol: fc.constantFrom('tcp', 'udp', 'icmp', '-1', '47', 'x', ''),
      ports: fc.oneof(fc.string({ maxLength: 6 }), fc.tuple(fc.nat(70000), fc.nat(70000)).map(([a, b]) => `${a}-${b}`)),
      icmpType: fc.constantFrom('', '-1', '0', '8', '255', '256', 'x'),
      icmpCode: fc.constantFrom('', '-1', '0', '4', '300'),
      peer: fc.oneof(cidrArb, fc.constantFrom('sg-web', 'pl-admins', '10.0.0.1/8', 'x', '')),
      description: fc.string({ maxLength: 8 }),
    });
    const refs: Parameters<typeof sgRuleProblems>[3] = {
      groups: new Map(ctx.groups.map((g) => [g.id as string, g])),
      prefixLists: new Map(ctx.prefixLists.map((p) => [p.id as string, p])),
    };
    fc.assert(
      fc.property(draftArb, (d) => {
        const r = draftToSgRule(d, ctx);
        if (r.ok) expect(sgRuleProblems(r.rule, 'inbound', 'vpc-a', refs)).toEqual([]);
        else expect(r.errors.length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('ruleWarnings', () => {
  it('warns about SSH, RDP and all traffic open to the internet, inbound only', () => {
    const ssh: SgRule = { protocol: 'tcp', fromPort: 22, toPort: 22, peer: '0.0.0.0/0' };
    expect(ruleWarnings(ssh, 'inbound')).toEqual([expect.stringMatching(/^SSH \(port 22\) is open to 0\.0\.0\.0\/0/)]);
    expect(ruleWarnings({ ...ssh, peer: '203.0.113.5/32' }, 'inbound')).toEqual([]);
    expect(ruleWarnings(ssh, 'outbound')).toEqual([]);
    expect(ruleWarnings({ ...ssh, fromPort: 3389, toPort: 3389, peer: '::/0' }, 'inbound')[0]).toMatch(/^RDP \(port 3389\) is open to ::\/0/);
    expect(ruleWarnings({ protocol: 'tcp', fromPort: 0, toPort: 65535, peer: '0.0.0.0/0' }, 'inbound')).toHaveLength(2);
    expect(ruleWarnings({ protocol: '-1', peer: '0.0.0.0/0' }, 'inbound')[0]).toMatch(/^All traffic is open/);
    expect(ruleWarnings({ protocol: 'udp', fromPort: 22, toPort: 22, peer: '0.0.0.0/0' }, 'inbound')).toEqual([]);
    expect(ruleWarnings({ protocol: 'tcp', fromPort: 443, toPort: 443, peer: '0.0.0.0/0' }, 'inbound')).toEqual([]);
  });
});

describe('network ACL drafts', () => {
  const nacl = (over: Partial<ReturnType<typeof blankNaclDraft>>) => ({ ...blankNaclDraft([]), cidr: '0.0.0.0/0', ports: '22', ...over });

  it('turns a draft into a numbered entry with a protocol number', () => {
    expect(draftToNaclRule(nacl({ ruleNumber: '90', action: 'deny' }))).toEqual({
      ok: true,
      rule: { ruleNumber: 90, protocol: '6', action: 'deny', cidr: '0.0.0.0/0', fromPort: 22, toPort: 22 },
    });
    expect(draftToNaclRule(applyPreset(nacl({}), 'all-traffic'))).toMatchObject({ ok: true, rule: { protocol: '-1' } });
  });

  it('refuses rule numbers out of range or taken, and references', () => {
    const fields = (over: Partial<ReturnType<typeof blankNaclDraft>>, taken: number[] = []) => {
      const r = draftToNaclRule(nacl(over), { direction: 'inbound', taken });
      return r.ok ? [] : r.errors;
    };
    expect(fields({ ruleNumber: '0' })).toEqual([{ field: 'ruleNumber', message: 'Rule number must be a whole number from 1 to 32766' }]);
    expect(fields({ ruleNumber: '32767' })[0]?.field).toBe('ruleNumber');
    expect(fields({ ruleNumber: '' })[0]?.message).toBe('Enter a rule number from 1 to 32766');
    expect(fields({ ruleNumber: '100' }, [100])[0]?.message).toMatch(/already an inbound rule 100/);
    expect(fields({ cidr: 'sg-web' })[0]).toMatchObject({ field: 'cidr', message: expect.stringMatching(/takes a CIDR/) });
    expect(fields({ cidr: '10.0.0.1/8' })[0]?.message).toMatch(/host bits are set/);
  });

  it('round-trips stored entries, whatever protocol spelling the file used', () => {
    const stored: NaclRule[] = validDocument().networkAcls.flatMap((a) => [...a.inbound, ...a.outbound]);
    for (const r of stored) {
      const back = draftToNaclRule(naclRuleToDraft(r));
      expect(back.ok && { ...back.rule, protocol: protocolNumber(back.rule.protocol) }).toEqual({ ...r, protocol: protocolNumber(r.protocol) });
    }
  });

  it('numbers a new row ten past the highest', () => {
    expect(blankNaclDraft([]).ruleNumber).toBe('10');
    expect(blankNaclDraft([100, 90]).ruleNumber).toBe('110');
    expect(blankNaclDraft([105]).ruleNumber).toBe('110');
  });
});
