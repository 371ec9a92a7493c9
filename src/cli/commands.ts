/**
 * The commands `bomba` knows, what arguments each takes, and which org file is "at hand" for
 * each (the one whose language its help and usage errors speak). Light on purpose: `bomba help`
 * and every usage error are answered from here without loading any command.
 */
import { existsSync } from "node:fs";
import type { CommandName } from "../i18n/cli-catalog.ts";
import type { ArgumentSpec } from "./command-line.ts";
import { envOrgPath } from "./locale.ts";

/** The commands in the order `bomba help` lists them. */
export const commandNames: readonly CommandName[] = [
  "serve",
  "simulate",
  "tick",
  "org check",
  "org import",
  "report",
  "backup",
  "teams package",
  "help",
];

const isoLike = (text: string) => /^\d{4}-\d{2}-\d{2}/.test(text);
const orgFileLike = (text: string) => /\.ya?ml$/i.test(text) || existsSync(text);
const quarterLike = (text: string) => /^(?:\d{4}-?q[1-4]|q[1-4]-?\d{4})$/i.test(text.trim());
const idLike = (text: string) => /^[a-z0-9][a-z0-9_-]*$/.test(text);

/** What each command takes; option order is the order of its synopsis. */
export const commandSpecs: Record<CommandName, ArgumentSpec> = {
  serve: { options: {}, positionals: [] },
  simulate: {
    options: {
      org: { type: "string", placeholder: "file", looksLike: orgFileLike },
      department: { type: "string", placeholder: "id", looksLike: idLike },
      start: { type: "string", placeholder: "iso", looksLike: isoLike },
      json: { type: "boolean" },
    },
    positionals: [],
  },
  tick: {
    options: {
      at: { type: "string", placeholder: "iso", looksLike: isoLike },
      "dry-run": { type: "boolean" },
    },
    positionals: [],
  },
  "org check": { options: {}, positionals: [{ placeholder: "file", optional: true }] },
  "org import": { options: {}, positionals: [{ placeholder: "file", optional: true }] },
  report: {
    options: {
      quarter: { type: "string", placeholder: "quarter", looksLike: quarterLike },
      format: { type: "string", placeholder: "format", looksLike: (t) => /^(md|csv)$/i.test(t) },
    },
    positionals: [],
  },
  backup: { options: {}, positionals: [{ placeholder: "file", optional: false }] },
  "teams package": {
    options: {
      out: { type: "string", placeholder: "file", looksLike: (t) => /\.zip$/i.test(t) },
      domain: { type: "string", placeholder: "host", looksLike: (t) => t.includes(".") },
    },
    positionals: [],
  },
  help: { options: {}, positionals: [{ placeholder: "command", optional: true }] },
};

/**
 * The org file a command would read, judged from its raw arguments before they are checked:
 * `--org FILE` for simulate, the FILE of `org check` and `org import`, else BOMBA_ORG (or
 * ./org.yaml for the commands that default to it). Undefined when the command would use none.
 */
export function orgFileAtHand(
  command: CommandName,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (command === "simulate") {
    const index = args.findIndex((a) => a === "--org" || a.startsWith("--org="));
    const given = args[index]?.startsWith("--org=") ? args[index]?.slice(6) : args[index + 1];
    // Without --org or BOMBA_ORG simulate plays the example org, which is nobody's own.
    return index === -1 || given === undefined ? env.BOMBA_ORG || undefined : given;
  }
  if (command === "org check" || command === "org import") {
    const file = args.find((a) => !a.startsWith("-"));
    return file ?? envOrgPath(env);
  }
  return envOrgPath(env);
}
