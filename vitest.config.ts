import { defineConfig } from 'vitest/config';

// Two cores: two forks. Each test file builds its own database, so files run in parallel safely.
export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'common/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
