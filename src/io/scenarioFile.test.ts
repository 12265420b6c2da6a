/**
 * Scenario files as text: saving and reading back gives the same document, and each of ten kinds
 * of mistakes is refused with the message that names its field.
 */
import { describe, expect, it } from 'vitest';
import { validDocument } from '../domain/schema.fixture';
import { badFiles } from './mistakes.fixture';
import { loadScenarioText, saveScenarioText, scenarioFileName } from './scenarioFile';

describe('saveScenarioText', () => {
  it('writes pretty JSON that loads back as the same document', () => {
    const doc = validDocument();
    const text = saveScenarioText(doc);
    expect(text).toContain('\n  "version": 1,');
    expect(loadScenarioText(text)).toEqual({ ok: true, document: doc });
  });

  it('names rule peers as the file does (source inbound, destination outbound)', () => {
    const file = JSON.parse(saveScenarioText(validDocument())) as { securityGroups: { inbound: object[]; outbound: object[] }[] };
    const withRules = file.securityGroups.find((g) => g.inbound.length > 0 && g.outbound.length > 0);
    expect(withRules?.inbound[0]).toHaveProperty('source');
    expect(withRules?.outbound[0]).toHaveProperty('destination');
    expect(JSON.stringify(file)).not.toContain('"peer"');
  });
});

describe('scenarioFileName', () => {
  it('makes a safe name from free text', () => {
    const doc = validDocument();
    expect(scenarioFileName({ ...doc, name: 'Web / DB: v2 (café)' })).toBe('web-db-v2-cafe.stateful.json');
    expect(scenarioFileName({ ...doc, name: '***' })).toBe('scenario.stateful.json');
  });
});

describe('loadScenarioText refuses bad files with messages that name the field', () => {
  it('says when the text is not JSON', () => {
    const r = loadScenarioText('{ "version": 1, ');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatch(/^the file is not valid JSON: /);
  });

  const files = badFiles();
  it('covers ten kinds of mistakes', () => {
    expect(files.flatMap((f) => f.mistakes.map((m) => m.kind))).toHaveLength(10);
  });

  for (const file of files) {
    it(`${file.name}: ${file.mistakes.map((m) => m.kind).join(', ')}`, () => {
      const r = loadScenarioText(file.text);
      expect(r.ok).toBe(false);
      // Exactly these messages: no mistake is missed, and none is reported that was not made.
      if (!r.ok) expect([...r.errors].sort()).toEqual(file.mistakes.map((m) => m.message).sort());
    });
  }
});
