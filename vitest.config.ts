import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{shared,server,electron,renderer,bench,scripts}/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // On CI, one retry for the suites that race real sockets and processes; vitest reports the retry.
    retry: process.env.CI ? 1 : 0,
  },
});
