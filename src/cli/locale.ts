/**
 * Which language the command line speaks before (or without) loading an org: the language of
 * the org file at hand, else the system's (LC_ALL, LC_MESSAGES, LANG), else English.
 */
import { closeSync, openSync, readSync } from "node:fs";
import type { Locale } from "../core/org.ts";

/** The language of the system's locale variables: Spanish for es_*, English otherwise. */
export function systemLocale(env: NodeJS.ProcessEnv = process.env): Locale {
  // POSIX order: LC_ALL overrides LC_MESSAGES, which overrides LANG; empty means unset.
  const value = env.LC_ALL || env.LC_MESSAGES || env.LANG || "";
  return /^es(?:[_.@-]|$)/i.test(value) ? "es" : "en";
}

/** How much of an org file is read to find its `locale:` line. */
const peekBytes = 64 * 1024;

/**
 * The `locale:` of the org file at `path` (an org without one is Spanish, as the loader reads
 * it), or null when there is no readable file there. A peek at the text, not a parse: help and
 * usage errors must not pay for loading the YAML and schema libraries, and the full check
 * happens when the command runs.
 */
export function orgFileLocale(path: string): Locale | null {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return null;
  }
  try {
    const buffer = Buffer.alloc(peekBytes);
    const length = readSync(fd, buffer, 0, peekBytes, 0);
    const text = buffer.subarray(0, length).toString("utf8");
    const match = /^locale:\s*["']?(es|en)["']?\s*(?:#.*)?$/m.exec(text);
    return match?.[1] === "en" ? "en" : "es";
  } catch {
    // A folder, a device: no org there.
    return null;
  } finally {
    closeSync(fd);
  }
}

/** The language for usage and errors: the org file's at `orgPath` when there is one, else the system's. */
export function localeAtHand(
  orgPath: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Locale {
  return (orgPath === undefined ? null : orgFileLocale(orgPath)) ?? systemLocale(env);
}

/** The org file the commands that read BOMBA_ORG would use. */
export function envOrgPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.BOMBA_ORG || "./org.yaml";
}
