/**
 * Proves the layering rule in eslint.config.js bites: for each layer, a forbidden import is
 * reported and an allowed one is not. Files are virtual (ESLint's lintText with a filePath), so
 * nothing is written into folders other people own.
 */
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RULE = '@typescript-eslint/no-restricted-imports';

type Import = string | { typeOnly: string };
interface Case {
  /** Path of the virtual file, relative to the repo root. */
  file: string;
  allowed: Import[];
  forbidden: Import[];
}

const CASES: Case[] = [
  {
    file: 'src/domain/__layering__.ts',
    allowed: ['./addr', 'ipaddr.js', 'zod'],
    forbidden: [
      '../sim/clock', '../engine/store', '../canvas/RenderEngine', '../ui/App', '../io/file',
      '../record/recorder', '../cli/simulate', '/src/ui/App', '../../src/ui/App',
      'react', 'react-dom/client', 'pixi.js', 'xstate', '@xstate/react', 'node:fs',
      { typeOnly: 'xstate' },
    ],
  },
  {
    file: 'src/domain/nested/deeper/__layering__.ts',
    allowed: ['../../addr'],
    forbidden: ['../../../ui/App', '../../../sim/clock'],
  },
  {
    file: 'src/domain/__layering__.test.ts',
    allowed: ['node:fs', 'vitest', 'fast-check', './addr'],
    forbidden: ['../sim/clock', 'xstate'],
  },
  {
    file: 'src/sim/__layering__.ts',
    allowed: ['../domain/addr', 'xstate', './clock'],
    forbidden: ['../engine/store', '../canvas/RenderEngine', '../ui/App', '../io/file', 'react', 'pixi.js', '@xstate/react', 'node:fs'],
  },
  {
    file: 'src/sim/__layering__.test.ts',
    allowed: ['@xstate/graph', 'node:fs', '../domain/addr'],
    forbidden: ['../engine/store'],
  },
  {
    file: 'src/engine/__layering__.ts',
    allowed: ['../domain/addr', '../sim/simulation', 'xstate', './testHook'],
    forbidden: ['../canvas/RenderEngine', '../ui/App', '../io/file', '../record/recorder', '../cli/simulate', 'react', 'pixi.js', 'node:fs'],
  },
  {
    file: 'src/canvas/__layering__.ts',
    allowed: ['../domain/addr', '../engine/testHook', 'pixi.js', './RenderEngine'],
    forbidden: ['../ui/App', '../sim/clock', '../io/file', '../record/recorder', 'react', 'react-dom', 'xstate', '@xstate/react'],
  },
  {
    file: 'src/ui/__layering__.tsx',
    allowed: ['../engine/testHook', '../domain/addr', '../canvas/RenderEngine', 'react', '@xstate/react', './App', { typeOnly: 'xstate' }],
    forbidden: ['pixi.js', '../canvas', '../canvas/views/nodeView', '../canvas/RenderEngineExtra', '../sim/clock', '../io/file', '../record/recorder', '../cli/simulate', 'xstate', 'node:fs'],
  },
  {
    file: 'src/io/__layering__.ts',
    allowed: ['../domain/document', 'zod', 'node:fs'],
    forbidden: ['../sim/clock', '../engine/store', '../canvas/RenderEngine', '../ui/App', 'react', 'pixi.js', 'xstate'],
  },
  {
    file: 'src/record/__layering__.ts',
    allowed: ['../canvas/RenderEngine', '../engine/testHook', { typeOnly: '../domain/document' }],
    forbidden: ['../domain/document', '../ui/App', '../sim/clock', '../io/file', 'react'],
  },
  {
    file: 'src/cli/__layering__.ts',
    allowed: ['../domain/document', '../sim/simulation', '../engine/store', '../io/file', 'node:fs', 'xstate'],
    forbidden: ['../canvas/RenderEngine', '../ui/App', '../record/recorder', 'react', 'pixi.js', '@xstate/react'],
  },
  {
    // Outside the layers (tests, scripts, the entry point) nothing is restricted.
    file: 'tests/__layering__.test.ts',
    allowed: ['../src/ui/App', '../src/canvas/RenderEngine', 'react', 'pixi.js'],
    forbidden: [],
  },
];

function source(spec: Import): string {
  if (typeof spec === 'string') return `import * as m from '${spec}';\nexport { m };\n`;
  return `import type * as m from '${spec.typeOnly}';\nexport type M = typeof m;\n`;
}

function label(spec: Import): string {
  return typeof spec === 'string' ? spec : `type ${spec.typeOnly}`;
}

let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

async function restrictedImportMessages(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}${file}`, warnIgnored: true });
  if (!result) throw new Error(`ESLint returned no result for ${file}`);
  const fatal = result.messages.filter((m) => m.fatal);
  expect(fatal, `ESLint could not parse ${file}`).toEqual([]);
  return result.messages.filter((m) => m.ruleId === RULE).map((m) => m.message);
}

describe('layering (eslint.config.js)', () => {
  it('lints the virtual fixture paths (they are not ignored)', async () => {
    for (const { file } of CASES) expect(await eslint.isPathIgnored(`${ROOT}${file}`), file).toBe(false);
  });

  describe.each(CASES)('$file', ({ file, allowed, forbidden }) => {
    it.each(forbidden.map((spec) => [label(spec), spec] as const))('rejects %s', async (_label, spec) => {
      const messages = await restrictedImportMessages(file, source(spec));
      expect(messages.length, `expected ${label(spec)} to be forbidden in ${file}`).toBeGreaterThan(0);
    });

    if (allowed.length > 0) {
      it.each(allowed.map((spec) => [label(spec), spec] as const))('allows %s', async (_label, spec) => {
        expect(await restrictedImportMessages(file, source(spec))).toEqual([]);
      });
    }
  });

  it('also catches re-exports and side-effect imports', async () => {
    expect(await restrictedImportMessages('src/domain/__layering__.ts', `export * from '../ui/App';\n`)).not.toEqual([]);
    expect(await restrictedImportMessages('src/domain/__layering__.ts', `import '../canvas/RenderEngine';\n`)).not.toEqual([]);
  });

  it('names the rule and the allowed layers in the message', async () => {
    const [message] = await restrictedImportMessages('src/sim/__layering__.ts', source('../ui/App'));
    expect(message).toMatch(/sim\/ may not import ui\//);
    expect(message).toMatch(/allowed: domain/);
  });
});
