import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["generator/**/*.test.ts", "runtime/**/*.test.ts", "test/**/*.test.ts", "examples/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores here and in CI: more forks only fight over them.
    maxWorkers: 2,
  },
  resolve: {
    // Code under test gets graphql's CommonJS build, as under Node: the libraries Node loads for it (graphql-http,
    // graphql-ws, graphql-jit) get that one, and graphql-js refuses types from another module ("realm"). Vitest
    // would otherwise hand TypeScript sources graphql's ESM build.
    alias: [
      { find: /^graphql$/, replacement: fileURLToPath(new URL("./node_modules/graphql/index.js", import.meta.url)) },
    ],
  },
});
