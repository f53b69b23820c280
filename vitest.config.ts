import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["generator/**/*.test.ts", "runtime/**/*.test.ts", "test/**/*.test.ts", "examples/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores here and in CI: more forks only fight over them.
    maxWorkers: 2,
  },
});
