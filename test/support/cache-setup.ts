/**
 * Vitest's global set-up for the holiday cache (src/org/holiday-cache.ts): every test, and every
 * command a test starts, keeps date-holidays' results in a folder of this run's own, so no test
 * reads what an earlier run or the developer's own commands left in the system's one.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  // Both projects (sqlite, postgres) run the set-up they inherit in this one process.
  const existing = process.env.BOMBA_CACHE_DIR;
  if (existing?.includes("bomba-test-cache-")) return () => {};
  const folder = mkdtempSync(join(tmpdir(), "bomba-test-cache-"));
  process.env.BOMBA_CACHE_DIR = folder;
  return () => rmSync(folder, { recursive: true, force: true });
}
