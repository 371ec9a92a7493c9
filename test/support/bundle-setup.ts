/**
 * Vitest's global set-up: builds the bundle (scripts/bundle.mjs) before any test runs, so that
 * every test that starts `bin/bomba.js` (the e2e suites' `serve`, the command-line tests) runs
 * the code users run, not the TypeScript through tsx.
 */
import { execFileSync } from "node:child_process";

/** Bundles src/ into dist/ once per test run. */
export default function setup(): void {
  // Each project (sqlite, postgres) runs the global set-up it inherits, in this one process:
  // the bundle is built once, not swapped under a project already running the bin.
  if (process.env.BOMBA_TEST_BUNDLED === "1") return;
  execFileSync(process.execPath, ["scripts/bundle.mjs"], { stdio: "inherit" });
  process.env.BOMBA_TEST_BUNDLED = "1";
}
