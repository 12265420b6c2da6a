// @ts-check
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/*
 * Layering (docs: /work/shared/design.md, "Layers"). Each folder under src/ lists the project
 * folders it may import; every other layer folder is forbidden. Matching is on the import
 * specifier, so a relative path that climbs out (`../ui/x`, `../../ui`, `/src/ui`) names the
 * layer it lands in. Consequence: do not reuse a layer's name (ui, canvas, io...) for a
 * subfolder inside another layer, or `../io` from inside it would be read as the io layer.
 * tests/layering.test.ts proves each rule bites.
 */
const LAYERS = ['domain', 'sim', 'engine', 'canvas', 'ui', 'io', 'record', 'cli'];

const REACT = ['react', 'react/*', 'react-dom', 'react-dom/*'];
const PIXI = ['pixi.js', 'pixi.js/*', '@pixi/*', 'pixi-*'];
const XSTATE = ['xstate', 'xstate/*', '@xstate/*'];

/**
 * @typedef {object} LayerRule
 * @property {string[]} may           project layers this layer may import
 * @property {string[]} [typesOnly]   project layers it may import with `import type` only
 * @property {{ group: string[], message: string, allowTypeImports?: boolean }[]} packages
 * @property {boolean} browser        runs in the browser: no Node built-ins outside tests
 * @property {RegExp[]} [except]      specifiers allowed although they name a forbidden layer
 */

/** @type {Record<string, LayerRule>} */
const RULES = {
  domain: {
    may: [],
    packages: [
      { group: [...REACT, ...PIXI, ...XSTATE], message: 'domain/ is pure data and functions: no React, Pixi or XState.' },
    ],
    browser: true,
  },
  sim: {
    may: ['domain'],
    packages: [{ group: [...REACT, ...PIXI, '@xstate/react'], message: 'sim/ holds XState machines only: no React or Pixi.' }],
    browser: true,
  },
  engine: {
    may: ['domain', 'sim'],
    packages: [{ group: [...REACT, ...PIXI, '@xstate/react'], message: 'engine/ is framework-free: no React or Pixi.' }],
    browser: true,
  },
  canvas: {
    may: ['domain', 'engine'],
    packages: [
      { group: REACT, message: 'canvas/ never uses React: the ui/ hosts it.' },
      { group: XSTATE, message: 'canvas/ reads simulation state through engine/, not XState directly.' },
    ],
    browser: true,
  },
  ui: {
    may: ['engine', 'domain'],
    // The one door from React into Pixi: the host component owns a RenderEngine.
    except: [/^(?:(?:\.\.\/)+(?:src\/)?|\/src\/)canvas\/RenderEngine(?:\.ts)?$/],
    packages: [
      { group: PIXI, message: 'ui/ never touches Pixi objects: talk to canvas/RenderEngine.' },
      { group: ['xstate', 'xstate/*'], allowTypeImports: true, message: 'ui/ uses @xstate/react hooks on actors the engine owns; import xstate types only.' },
    ],
    browser: true,
  },
  io: {
    may: ['domain'],
    packages: [{ group: [...REACT, ...PIXI, ...XSTATE], message: 'io/ converts documents: no React, Pixi or XState.' }],
    browser: false,
  },
  record: {
    may: ['canvas', 'engine'],
    typesOnly: ['domain'],
    packages: [{ group: REACT, message: 'record/ drives canvas/ and engine/, not React.' }],
    browser: true,
  },
  cli: {
    may: ['domain', 'sim', 'engine', 'io'],
    packages: [{ group: [...REACT, ...PIXI, '@xstate/react'], message: 'cli/ is headless: no React or Pixi.' }],
    browser: false,
  },
};

/** A relative or root-absolute specifier that lands in the given top-level layer folder. */
function layerSpecifier(layer) {
  return `^(?:(?:\\.\\./)+(?:src/)?|/src/)${layer}(?:/|$)`;
}

/** Same, but leaves out the specifiers in `except` (lookahead on the whole specifier). */
function layerSpecifierExcept(layer, except) {
  if (!except || except.length === 0) return layerSpecifier(layer);
  const not = except.map((re) => `(?!${re.source})`).join('');
  return `^${not}(?:(?:\\.\\./)+(?:src/)?|/src/)${layer}(?:/|$)`;
}

/** @param {string} layer @param {boolean} isTest */
function restrictionsFor(layer, isTest) {
  const rule = /** @type {LayerRule} */ (RULES[layer]);
  const patterns = [];
  for (const other of LAYERS) {
    if (other === layer || rule.may.includes(other)) continue;
    const typesOnly = rule.typesOnly?.includes(other) ?? false;
    patterns.push({
      regex: layerSpecifierExcept(other, rule.except),
      allowTypeImports: typesOnly,
      message: `${layer}/ may not import ${other}/${typesOnly ? ' except with `import type`' : ''} (allowed: ${
        rule.may.length ? rule.may.join(', ') : 'nothing outside domain/'
      }). See the layers table in design.md.`,
    });
  }
  for (const p of rule.packages) {
    patterns.push({ group: p.group, message: p.message, allowTypeImports: p.allowTypeImports ?? false });
  }
  if (rule.browser && !isTest) {
    patterns.push({
      group: ['node:*'],
      message: `${layer}/ runs in the browser: Node built-ins belong in cli/, scripts/ or tests.`,
    });
  }
  return patterns;
}

const TEST_FILES = ['**/*.test.ts', '**/*.test.tsx'];

const layering = LAYERS.flatMap((layer) => [
  {
    name: `stateful/layering/${layer}`,
    files: [`src/${layer}/**/*.{ts,tsx}`],
    ignores: TEST_FILES,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: restrictionsFor(layer, false) }] },
  },
  {
    name: `stateful/layering/${layer}/tests`,
    files: TEST_FILES.map((glob) => `src/${layer}/${glob}`),
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: restrictionsFor(layer, true) }] },
  },
]);

export default defineConfig(
  globalIgnores(['dist/', 'coverage/', 'test-results/', 'playwright-report/', 'docs/screenshots/', '.vite/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    name: 'stateful/base',
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.browser },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'no-unused-vars': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    name: 'stateful/node',
    files: ['src/cli/**', 'scripts/**', 'bench/**', 'tests/**', 'e2e/**', '*.config.{js,ts,mjs}', '**/*.test.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    name: 'stateful/react-hooks',
    files: ['src/ui/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      // A missing dependency is a stale-closure bug: fail the build, not just warn.
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  ...layering,
);
