#!/usr/bin/env node
// Runs the bundle in dist/ (built by `npm run build`, which `npm ci` runs through `prepare`) when
// it is newer than every source file; otherwise the TypeScript sources through tsx, so an edit is
// never hidden behind a stale build.
import { existsSync, readdirSync, statSync } from "node:fs";
import module from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

// `bomba simulate | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

// Settings from ./.env when present; variables already in the environment win.
if (existsSync(".env")) process.loadEnvFile(".env");

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const time = entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs;
    if (time > newest) newest = time;
  }
  return newest;
}

// The code V8 compiles for each module is kept on disk (in the system's temporary folder) and
// reused by the next run (Node 22; NODE_DISABLE_COMPILE_CACHE=1 turns it off). On an older Node,
// which the project does not support, there is no such cache and nothing is done.
module.enableCompileCache?.();

const built = join(root, "dist", "main.js");
const fresh = existsSync(built) && statSync(built).mtimeMs >= newestSource(join(root, "src"));
let main;
if (fresh) {
  ({ main } = await import(pathToFileURL(built).href));
} else {
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import("../src/cli/main.ts"));
}
process.exitCode = await main(process.argv.slice(2));
