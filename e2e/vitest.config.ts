import { defineConfig } from 'vitest/config';

// Browser tests: one file at a time (each starts a real server and a real Chromium).
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
