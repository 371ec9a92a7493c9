/**
 * One-line logs on stderr, with a level. Secrets never reach it: values that look like Slack
 * tokens are masked whatever the caller passes.
 */
import { type Logger as BoltLogger, LogLevel } from "@slack/bolt";

/** Log levels, least to most severe. */
export type Level = "debug" | "info" | "warn" | "error";

const order: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };
const secretPattern = /\b(xox[abposr]|xapp)-[A-Za-z0-9-]+/g;

/** A minimal logger that Bolt accepts too. */
export interface Log extends BoltLogger {
  child(name: string): Log;
}

/** Masks anything that looks like a Slack token, plus the given secrets. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(secretPattern, "$1-***");
  for (const secret of secrets) if (secret.length >= 8) out = out.split(secret).join("***");
  return out;
}

/** A logger writing `LEVEL name: message` lines through `write`. */
export function createLog(
  level: Level,
  secrets: readonly string[] = [],
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  name = "bomba",
): Log {
  let current = level;
  const emit = (at: Level, parts: unknown[]) => {
    if (order[at] < order[current]) return;
    const text = parts
      .map((p) => (p instanceof Error ? p.message : typeof p === "string" ? p : JSON.stringify(p)))
      .join(" ");
    write(redact(`${new Date().toISOString()} ${at.toUpperCase()} ${name}: ${text}`, secrets));
  };
  return {
    debug: (...m) => emit("debug", m),
    info: (...m) => emit("info", m),
    warn: (...m) => emit("warn", m),
    error: (...m) => emit("error", m),
    setLevel: (l: LogLevel) => {
      current = l as Level;
    },
    getLevel: () => current as LogLevel,
    setName: () => {},
    child: (child) => createLog(current, secrets, write, `${name}:${child}`),
  };
}

export { LogLevel };
