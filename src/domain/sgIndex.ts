/**
 * The rules of every group on one ENI, for one direction, in the order a verdict reads them. An
 * IPv4 verdict asks the document's shared index (`GroupIndex`) which of the ENI's groups has a rule
 * for the packet, and names the first in the ENI's group order: the answer a scan of every rule
 * gives (rule 2: any match allows). The property tests hold the two side by side.
 *
 * IPv6 verdicts scan the rules: bigint intervals would not be faster for the few rules a real
 * group has for IPv6, and the scan is the reference reading.
 */
import type { IpAddress, IpFamily } from './addr';
import type { GroupHit, GroupIndex } from './groupIndex';
import type { Packet } from './packet';
import { addressMatches, opensEverything, portsMatch, type CompiledSgRule } from './sgRule';

export interface SgMatch {
  /** The first matching rule in group order: the one a verdict names. */
  rule: CompiledSgRule;
  /** A matching rule's peer is exactly 0.0.0.0/0 or ::/0 (half of the untracked condition). */
  wholeFamilyRule: CompiledSgRule | null;
}

export class SgRuleSet {
  private readonly hit: GroupHit = { position: -1, index: -1, worldPosition: -1, worldIndex: -1 };

  /**
   * `rules`: the ENI's groups' rules, group after group, each group's in its order (a rule's
   * `order` is its position here). `groups`: the ENI's groups as ordinals of `index`, and
   * `starts` the position in `rules` where each begins.
   */
  constructor(
    readonly rules: readonly CompiledSgRule[],
    private readonly index: GroupIndex,
    private readonly groups: Int32Array,
    private readonly starts: Int32Array,
  ) {}

  match(p: Packet, remote: IpAddress): SgMatch | null {
    if (remote.family === 6) return this.scan(p, remote);
    const h = this.hit;
    if (!this.index.match(p, remote.v4, this.groups, h)) return this.scan(p, remote);
    if (h.position < 0) return null;
    const rule = this.rules[(this.starts[h.position] as number) + h.index] as CompiledSgRule;
    const world = h.worldPosition < 0 ? null : (this.rules[(this.starts[h.worldPosition] as number) + h.worldIndex] as CompiledSgRule);
    return { rule, wholeFamilyRule: world };
  }

  /** The first rule that opens this direction to the whole family on every port for the protocol. */
  opensEverything(protocol: number, family: IpFamily): CompiledSgRule | null {
    return this.rules.find((r) => opensEverything(r, protocol, family)) ?? null;
  }

  /** The reference reading: every rule in group order. */
  private scan(p: Packet, remote: IpAddress): SgMatch | null {
    let rule: CompiledSgRule | null = null;
    let world: CompiledSgRule | null = null;
    for (const r of this.rules) {
      if (!portsMatch(r, p)) continue;
      if (rule === null && addressMatches(r.ranges, remote)) rule = r;
      if (world === null && r.wholeFamily === remote.family) world = r;
      if (rule !== null && world !== null) break;
    }
    return rule ? { rule, wholeFamilyRule: world } : null;
  }
}
