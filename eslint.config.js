// Lint rules: the recommended sets, plus a few that catch real bugs in a deterministic codebase.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", ".tmp/**", "coverage/**", "**/fixtures/**", "bench/.work/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", Buffer: "readonly", URL: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-restricted-properties": [
        "error",
        { object: "Math", property: "random", message: "No randomness in deterministic code; take a seeded source." },
        { object: "Date", property: "now", message: "No wall clock in deterministic code; derive time from history." },
      ],
    },
  },
  {
    // Benchmarks and tests may read the clock to measure, and seed their own randomness.
    files: ["bench/**", "**/*.test.ts", "test/**"],
    rules: { "no-restricted-properties": "off" },
  },
);
