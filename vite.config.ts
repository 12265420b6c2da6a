import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// One file for the dev server, the build and Vitest, so that they resolve modules the same way.
export default defineConfig({
  plugins: [react()],
  server: {
    // Playwright starts its own server on 5174 (playwright.config.ts) so that a running
    // `npm start` on 5173 is never mistaken for the one under test.
    port: 5173,
  },
  build: {
    target: 'es2022',
    sourcemap: true,
  },
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    environment: 'node',
    // Threads start faster than forks on a 2-core machine; the suites are pure functions and
    // need no process isolation from each other.
    pool: 'threads',
    // The layering test boots ESLint + the TypeScript parser: about a second on a cold cache.
    testTimeout: 20_000,
  },
});
