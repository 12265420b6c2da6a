/**
 * Share links: every built-in scenario (renamed and moved at random, to reach odd characters and
 * numbers) survives the trip through the URL fragment, and a damaged link yields a message.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NetworkDocument } from '../domain/document';
import { toScenarioFile } from '../domain/scenarioFile';
import { parseDocument } from '../domain/schema';
import { decodeShareLink, encodeShareLink, MAX_SHARED_BYTES, shareFragmentPayload, shareUrl } from './shareLink';

const DIR = join(import.meta.dirname, '../../assets/scenarios');
const BUILTIN: NetworkDocument[] = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => {
    const r = parseDocument(JSON.parse(readFileSync(join(DIR, f), 'utf8')));
    if (!r.ok) throw new Error(`${f}: ${r.errors.join('; ')}`);
    return r.document;
  });

async function deflateRaw(bytes: Uint8Array): Promise<string> {
  const packed = new Uint8Array(await new Response(new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer());
  return Buffer.from(packed).toString('base64url');
}

describe('share links', () => {
  it('has built-in scenarios to try', () => {
    expect(BUILTIN.length).toBeGreaterThanOrEqual(8);
  });

  it('round-trips every built-in scenario, whatever its name and layout', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...BUILTIN),
        fc.string({ unit: 'grapheme', maxLength: 40 }),
        fc.integer({ min: -5000, max: 5000 }),
        async (base, name, dx) => {
          const layout = Object.fromEntries(Object.entries(base.layout).map(([id, p]) => [id, { ...p, x: p.x + dx }]));
          const doc: NetworkDocument = { ...base, name, layout };
          const link = await encodeShareLink(doc);
          expect(link).toMatch(/^#doc=[A-Za-z0-9_-]+$/);
          expect(await decodeShareLink(link)).toEqual({ ok: true, document: doc });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('is clearly shorter than the JSON it carries', async () => {
    const doc = BUILTIN[0]!;
    const link = await encodeShareLink(doc);
    expect(link.length).toBeLessThan(JSON.stringify(doc).length * 0.6);
  });

  it('finds the document among other fragment parameters, and nothing where there is none', async () => {
    const link = await encodeShareLink(BUILTIN[1]!);
    expect(await decodeShareLink(`#view=1&${link.slice(1)}`)).toMatchObject({ ok: true });
    expect(await decodeShareLink('')).toBeNull();
    expect(await decodeShareLink('#section-2')).toBeNull();
    expect(shareFragmentPayload(link.slice(1))).toBe(link.slice('#doc='.length));
  });

  it('builds the page address with the fragment', () => {
    expect(shareUrl({ origin: 'https://x.test', pathname: '/app/', search: '?a=1' }, '#doc=abc')).toBe('https://x.test/app/?a=1#doc=abc');
  });

  it('refuses a corrupted link with a message, never an exception', async () => {
    const link = await encodeShareLink(BUILTIN[0]!);
    const cut = link.slice(0, Math.floor(link.length / 2));
    const flipped = `${link.slice(0, 20)}${link[20] === 'A' ? 'B' : 'A'}${link.slice(21)}`;
    for (const bad of [cut, flipped, '#doc=', '#doc=not*base64!', '#doc=A']) {
      const r = await decodeShareLink(bad);
      expect(r, bad).not.toBeNull();
      expect(r?.ok, bad).toBe(false);
      if (r && !r.ok) expect(r.errors.length).toBeGreaterThan(0);
    }
    const r = await decodeShareLink(cut);
    if (r && !r.ok) expect(r.errors[0]).toMatch(/^the share link is damaged: /);
  });

  it('checks a well-formed link like any file: the schema names the bad field', async () => {
    const bad = JSON.parse(JSON.stringify(toScenarioFile(BUILTIN[0]!))) as { vpcs: { cidr: string }[] };
    bad.vpcs[0]!.cidr = '10.0.0.0/33';
    const r = await decodeShareLink(`#doc=${await deflateRaw(new TextEncoder().encode(JSON.stringify(bad)))}`);
    expect(r).toMatchObject({ ok: false, errors: [expect.stringMatching(/^vpcs\[0\]\.cidr: "10\.0\.0\.0\/33"/)] });
  });

  it('refuses a link that unpacks to more than any scenario', async () => {
    const huge = new Uint8Array(MAX_SHARED_BYTES + 1024).fill(0x20);
    const r = await decodeShareLink(`#doc=${await deflateRaw(huge)}`);
    expect(r).toMatchObject({ ok: false, errors: [expect.stringMatching(/unpacks to more than 4 MB/)] });
  });
});
