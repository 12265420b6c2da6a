/** Checking a scenario's expectations against what a run did. */
import type { Expectation } from '../domain/document';
import type { Simulation } from './simulation';

export interface ExpectationResult {
  expectation: Expectation;
  passed: boolean;
  /** What happened, in words: `allowed`, `dropped at sg-ingress`, or `never reached a verdict`. */
  actual: string;
}

export function describeExpectation(e: Expectation): string {
  const what = `${e.traffic} ${e.packet ?? 'request'}`;
  return e.verdict === 'dropped' && e.hop ? `${what} dropped at ${e.hop}` : `${what} ${e.verdict}`;
}

export function checkExpectations(sim: Simulation, expectations: readonly Expectation[]): ExpectationResult[] {
  return expectations.map((expectation) => {
    const o = sim.outcome(expectation.traffic, expectation.packet ?? 'request');
    if (!o) return { expectation, passed: false, actual: 'never reached a verdict' };
    const actual = o.verdict === 'dropped' ? `dropped at ${o.hop ?? 'an unknown hop'}` : 'allowed';
    const passed = o.verdict === expectation.verdict && (expectation.hop === undefined || o.hop === expectation.hop);
    return { expectation, passed, actual };
  });
}
