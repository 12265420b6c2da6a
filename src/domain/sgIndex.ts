/**
 * The rules of every group on one ENI, for one direction, in the order a verdict reads them. An
 * IPv4 verdict asks the document's shared index (`BitIndex`) for the first of the ENI's rules that
 * covers the packet, reading the ENI's groups in the ENI's order: the answer a scan of every rule
 * gives (rule 2: any match allows; the verdict names the first match). The property tests hold
 * the two side by side.
 *
 * IPv6 verdicts, and every verdict of a document too large for the index, scan the rules: one ENI
 * carries a few hundred rules at most, and the scan is the reference reading.
 */
import type { IpAddress, IpFamily } from './addr';
import { NOT_INDEXED, type BitIndex, type EniPlan } from './bitIndex';
import type { Packet } from './packet';
import { opensEverything, portsMatch, sgRuleMatches, type CompiledSgRule } from './sgRule';

export class SgRuleSet {
  private readonly plan: EniPlan | null;
  /** The rules whose peer is exactly 0.0.0.0/0 or ::/0: few, so they are scanned. */
  private readonly wholeFamilyRules: readonly CompiledSgRule[];

  /**
   * `rules`: the ENI's groups' rules, group after group, each group's in its order (a rule's
   * `order` is its position here). `groups`: the ENI's groups as ordinals of `index`, and
   * `starts` the position in `rules` where each begins.
   */
  constructor(
    readonly rules: readonly CompiledSgRule[],
    private readonly index: BitIndex | null,
    groups: Int32Array,
    starts: Int32Array,
  ) {
    this.plan = index ? index.plan(groups, starts) : null;
    this.wholeFamilyRules = rules.filter((r) => r.wholeFamily !== null);
  }

  /** Whether IPv4 verdicts use the shared index (false: the document is too large for it, and they scan). */
  get indexed(): boolean {
    return this.plan !== null;
  }

  /** The first rule, in group order, that admits the packet from or to `remote`, or null. */
  match(p: Packet, remote: IpAddress): CompiledSgRule | null {
    const at = this.firstMatch(p, remote);
    return at < 0 ? null : (this.rules[at] as CompiledSgRule);
  }

  /** The same verdict as a position in `rules` (the rule's `order`), or -1 when no rule admits the packet. */
  firstMatch(p: Packet, remote: IpAddress): number {
    if (remote.family === 4 && this.index !== null && this.plan !== null) {
      const at = this.index.first(p, remote.v4, this.plan);
      if (at !== NOT_INDEXED) return at;
    }
    return this.rules.findIndex((r) => sgRuleMatches(r, p, remote));
  }

  /**
   * The first rule covering the packet's protocol and port whose peer is exactly the whole of the
   * remote address's family (0.0.0.0/0 or ::/0): half of AWS's untracked-flow condition (rule 18).
   */
  wholeFamilyMatch(p: Packet, remote: IpAddress): CompiledSgRule | null {
    for (const r of this.wholeFamilyRules) if (r.wholeFamily === remote.family && portsMatch(r, p)) return r;
    return null;
  }

  /** The first rule that opens this direction to the whole family on every port for the protocol. */
  opensEverything(protocol: number, family: IpFamily): CompiledSgRule | null {
    for (const r of this.wholeFamilyRules) if (opensEverything(r, protocol, family)) return r;
    return null;
  }
}
