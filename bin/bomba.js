#!/usr/bin/env node
// The CLI runs the TypeScript sources directly through tsx, so a fresh clone needs no build step.
import { existsSync } from "node:fs";
import { register } from "tsx/esm/api";

// `bomba simulate | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

// Settings from ./.env when present; variables already in the environment win.
if (existsSync(".env")) process.loadEnvFile(".env");

register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
