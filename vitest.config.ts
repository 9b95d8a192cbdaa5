import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // A Slack fake that hangs must not hang the suite.
    testTimeout: 20_000,
    setupFiles: ['test/support/captureLogs.ts'],
  },
});
