/**
 * Verdicts with their reasons. Each checkpoint answers allow or drop, names what decided (a rule
 * with its group and position, a connection-tracking entry, a NACL rule number or `*`, or that no
 * rule matched) and what it did to connection tracking.
 */
import { igwHop, naclHop } from './borderHops';
import type { Packet } from './packet';
import type { Hop } from './route';
import { evaluateSg } from './sgCheck';
import type { HopContext, HopOutcome, HopResult, Verdict } from './verdict';

export { evaluateSg } from './sgCheck';
export { snapshot, type CtSnapshot, type DecidedBy, type HopContext, type HopOutcome, type HopResult, type TrackingEffect, type Verdict } from './verdict';

export function evaluateHop(ctx: HopContext, hop: Hop, p: Packet): HopOutcome {
  switch (hop.name) {
    case 'sg-egress':
      return { result: evaluateSg(ctx, hop.eni, 'outbound', p), packet: p };
    case 'sg-ingress':
      return { result: evaluateSg(ctx, hop.eni, 'inbound', p), packet: p };
    case 'nacl-out':
      return { result: naclHop(ctx, hop.eni, 'outbound', p), packet: p };
    case 'nacl-in':
      return { result: naclHop(ctx, hop.eni, 'inbound', p), packet: p };
    case 'igw':
      return igwHop(ctx, hop.vpcId, hop.way, p);
  }
}

/** Runs every hop of a route at one instant: the CLI and the tests use it; the simulation spaces hops in time. */
export function evaluateRoute(ctx: HopContext, hops: readonly Hop[], p: Packet): { verdict: Verdict; results: HopResult[]; packet: Packet } {
  const results: HopResult[] = [];
  let current = p;
  for (const hop of hops) {
    const out = evaluateHop(ctx, hop, current);
    results.push(out.result);
    current = out.packet;
    if (out.result.verdict === 'drop') return { verdict: 'drop', results, packet: current };
  }
  return { verdict: 'allow', results, packet: current };
}
