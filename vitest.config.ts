import { defineConfig } from "vitest/config";

// Three tiers: pure unit tests, database + HTTP tests (PGlite, and PostgreSQL when TEST_DATABASE_URL
// is set), and browser tests in Debian chromium. `npm test` runs all three.
export default defineConfig({
  test: {
    // Two files at a time, browser files among them: most of a test's time is spent waiting on a
    // server, a browser or a child process, so on 2 cores two files finish in ~0.65 of the time of one
    // after the other (vitest's default there is one worker). Tests wait for conditions, never for time.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: "unit",
          include: ["core/**/*.test.ts", "contracts/**/*.test.ts", "server/**/*.unit.test.ts", "web/src/**/*.test.ts", "test/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        test: {
          name: "db",
          include: ["db/**/*.test.ts", "server/**/*.test.ts", "cli/**/*.test.ts", "bench/**/*.test.ts"],
          exclude: ["server/**/*.unit.test.ts"],
          environment: "node",
          // The CLI tests start a process per command (~5 s each, several times that on a loaded machine).
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["e2e/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
