import { defineConfig } from "vitest/config";

/**
 * The Slack end-to-end suites that start `bomba serve` through the harness's `startBot`: with
 * BOMBA_TEST_PG set they run a second time with BOMBA_DB on PostgreSQL (project "postgres", a
 * fresh database per file; see test/e2e/database.ts).
 */
const slackE2e = ["test/e2e/story.test.ts", "test/e2e/commands.test.ts", "test/e2e/guards.test.ts"];
/** Suites that need a PostgreSQL server: several instances share one database. */
const postgresOnly = ["test/reliability/multi-*.test.ts"];

export default defineConfig({
  test: {
    globalSetup: ["./test/support/bundle-setup.ts", "./test/support/cache-setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    reporters: ["default", "./test/support/summary-reporter.ts"],
    projects: [
      {
        extends: true,
        test: { name: "sqlite", include: ["test/**/*.test.ts"], exclude: postgresOnly },
      },
      ...(process.env.BOMBA_TEST_PG
        ? [
            {
              extends: true as const,
              test: {
                name: "postgres",
                include: [...slackE2e, ...postgresOnly],
                env: { BOMBA_E2E_DB: "postgres" },
              },
            },
          ]
        : []),
    ],
  },
});
