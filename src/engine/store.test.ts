import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyDocument } from '../domain/defaults';
import type { NetworkDocument } from '../domain/document';
import { formatIssue } from '../domain/issuePath';
import { validDocument } from '../domain/schema.fixture';
import { intentArb, stepFor } from '../domain/topologyEdit.fixture';
import { validateDocument } from '../domain/validate';
import type { Command } from './commands';
import { HISTORY_LIMIT } from './history';
import { DocumentStore, type ChangeCause } from './store';

const addVpc: Command = { type: 'node.add', kind: 'vpc', at: { x: 0, y: 0 } };
const startArb = fc.boolean().map((fixture) => (fixture ? validDocument() : emptyDocument('t')));

function withSubnet(): DocumentStore {
  const s = new DocumentStore(emptyDocument('t'));
  s.dispatch(addVpc);
  s.dispatch({ type: 'node.add', kind: 'subnet', at: { x: 10, y: 10 }, parentId: 'vpc-1' });
  s.dispatch({ type: 'node.add', kind: 'instance', at: { x: 50, y: 50 }, parentId: 'subnet-1' });
  return s;
}

describe('DocumentStore', () => {
  it('applies a command, returns what it created and tells the listeners', () => {
    const s = new DocumentStore(emptyDocument('t'));
    const heard: [string, ChangeCause][] = [];
    const stop = s.subscribe((doc, cause) => heard.push([doc.vpcs.map((v) => v.id).join(), cause]));
    expect(s.dispatch(addVpc)).toEqual({ ok: true, created: ['vpc-1'] });
    s.undo();
    s.redo();
    stop();
    s.undo();
    expect(heard).toEqual([
      ['vpc-1', 'command'],
      ['', 'undo'],
      ['vpc-1', 'redo'],
    ]);
  });

  it('refuses a command without changing the document, the history or the listeners', () => {
    const s = withSubnet();
    const before = s.document;
    let calls = 0;
    s.subscribe(() => calls++);
    expect(s.dispatch({ type: 'node.add', kind: 'instance', at: { x: 0, y: 0 } })).toEqual({ ok: false, error: 'An EC2 instance must be dropped inside a subnet' });
    expect(s.document).toBe(before);
    expect([calls, s.undoDepth, s.canRedo]).toEqual([0, 3, false]);
  });

  it('records nothing for an edit that changes nothing', () => {
    const s = withSubnet();
    expect(s.dispatch({ type: 'nodes.move', ids: ['i-1'], dx: 0, dy: 0 })).toEqual({ ok: true, created: [] });
    expect(s.undoDepth).toBe(3);
  });

  it('makes a whole drag one undo step, and a second drag another', () => {
    const s = withSubnet();
    const start = s.document;
    for (let k = 0; k < 10; k++) s.dispatch({ type: 'nodes.move', ids: ['i-1'], dx: 1, dy: 0 }, { gesture: 'drag-1' });
    const afterFirst = s.document;
    for (let k = 0; k < 5; k++) s.dispatch({ type: 'nodes.move', ids: ['i-1'], dx: 0, dy: 1 }, { gesture: 'drag-2' });
    expect(s.document.layout['i-1']).toEqual({ x: 60, y: 55 });
    s.undo();
    expect(s.document).toBe(afterFirst);
    s.undo();
    expect(s.document).toBe(start);
  });

  it('clears redo on a new command, and records document.replace like any edit', () => {
    const s = withSubnet();
    s.undo();
    expect(s.canRedo).toBe(true);
    s.dispatch({ type: 'document.replace', document: validDocument() });
    expect(s.canRedo).toBe(false);
    expect(s.document.name).toBe('Web and database');
    s.undo();
    expect(s.document.subnets.map((x) => x.id)).toEqual(['subnet-1']);
  });

  it('skips history when asked: undo then returns to the last recorded snapshot, redo to the skipped change', () => {
    const s = new DocumentStore(emptyDocument('t'));
    s.dispatch(addVpc);
    s.dispatch({ type: 'node.rename', id: 'vpc-1', name: 'main' }, { history: 'skip' });
    const skipped = s.document;
    expect([skipped.vpcs[0]?.name, s.undoDepth]).toEqual(['main', 1]);
    s.undo();
    expect(s.document.vpcs).toEqual([]);
    s.redo();
    expect(s.document).toBe(skipped);
  });

  it('says whether undo and redo did anything', () => {
    const s = new DocumentStore(emptyDocument('t'));
    expect([s.canUndo, s.canRedo, s.undo(), s.redo()]).toEqual([false, false, false, false]);
  });

  it(`keeps the last ${HISTORY_LIMIT} steps`, () => {
    const s = withSubnet();
    for (let k = 0; k < HISTORY_LIMIT + 20; k++) s.dispatch({ type: 'nodes.move', ids: ['i-1'], dx: 1, dy: 0 });
    expect(s.undoDepth).toBe(HISTORY_LIMIT);
    while (s.undo());
    expect(s.document.layout['i-1']).toEqual({ x: 70, y: 50 });
  });
});

describe('store properties', () => {
  const sessionArb = fc.tuple(startArb, fc.array(intentArb, { maxLength: 30 }));

  it('undoes any session back to the start and redoes it to the end; every document is valid', () => {
    fc.assert(
      fc.property(sessionArb, ([start, intents]) => {
        const s = new DocumentStore(start);
        const reached: NetworkDocument[] = [start];
        for (const intent of intents) {
          if (s.dispatch(stepFor(s.document, intent)).ok && s.document !== reached[reached.length - 1]) reached.push(s.document);
        }
        for (const doc of reached) expect(validateDocument(doc).map(formatIssue)).toEqual([]);
        const end = structuredClone(s.document);
        for (let k = reached.length - 1; k > 0; k--) {
          expect(s.undo()).toBe(true);
          expect(s.document).toEqual(reached[k - 1]);
        }
        expect(s.canUndo).toBe(false);
        expect(s.document).toEqual(start);
        for (let k = 1; k < reached.length; k++) s.redo();
        expect(s.canRedo).toBe(false);
        expect(s.document).toEqual(end);
      }),
      { numRuns: 150 },
    );
  });

  it('leaves document and history untouched when a command is refused', () => {
    fc.assert(
      fc.property(sessionArb, intentArb, ([start, intents], last) => {
        const s = new DocumentStore(start);
        for (const intent of intents) s.dispatch(stepFor(s.document, intent));
        if (intents.length % 2 === 1) s.undo();
        const before = { doc: s.document, depth: s.undoDepth, canRedo: s.canRedo };
        const r = s.dispatch(stepFor(s.document, last));
        if (r.ok) return;
        expect({ doc: s.document, depth: s.undoDepth, canRedo: s.canRedo }).toEqual(before);
        expect(s.document).toBe(before.doc);
      }),
      { numRuns: 150 },
    );
  });

  it('makes a gesture of N moves one undo step', () => {
    const moveArb = fc.array(fc.tuple(fc.integer({ min: -20, max: 20 }), fc.integer({ min: -20, max: 20 })), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(moveArb, fc.constantFrom(['i-1'], ['subnet-1'], ['vpc-1'], ['vpc-1', 'i-1']), (moves, ids) => {
        const s = withSubnet();
        const start = s.document;
        const depth = s.undoDepth;
        for (const [dx, dy] of moves) expect(s.dispatch({ type: 'nodes.move', ids, dx, dy }, { gesture: 'drag' }).ok).toBe(true);
        const moved = moves.some(([dx, dy]) => dx !== 0 || dy !== 0);
        expect(s.undoDepth).toBe(moved ? depth + 1 : depth);
        if (moved) s.undo();
        expect(s.document).toBe(start);
      }),
    );
  });
});
