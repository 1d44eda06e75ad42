import { defineConfig } from 'vitest/config'

// Tiers: `unit` is every test that needs nothing but Node.js (unit, route and repository tests),
// run on PGlite by `npm test` and on PostgreSQL by `npm run test:postgres` (ASSURE_TEST_DB);
// `browser` drives Chromium with Playwright and axe-core (`npm run test:browser`).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['test/browser/**', 'node_modules/**'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
          fileParallelism: false,
        },
      },
    ],
  },
})
