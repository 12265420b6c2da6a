/** Shared shorthands of the semantics tests: the whole families, verdict assertions, and web with one group. */
import { expect } from 'vitest';
import type { SgRule } from '../../src/domain/document';
import { network, outcome, type Net, type NetSpec, type SendResult } from './network';

export const WORLD = '0.0.0.0/0';
export const WORLD6 = '::/0';

export const allowed = (r: SendResult): void => {
  expect(outcome(r)).toBe('allow');
};

export const dropped = (r: SendResult, hop: string): void => {
  expect(outcome(r)).toBe(`drop@${hop}`);
};

/** web with group sg-web (plus any groups the spec gives web). */
export function webWith(inbound: SgRule[], outbound: SgRule[], spec: NetSpec = {}): Net {
  return network({ ...spec, groups: [{ id: 'sg-web', inbound, outbound }, ...(spec.groups ?? [])], web: { ...spec.web, groups: ['sg-web', ...(spec.web?.groups ?? [])] } });
}
