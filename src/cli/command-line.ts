/**
 * Reads a command's arguments against its spec. Every mistake (an unknown option, a value left
 * out, an argument the command does not take) becomes a problem with a likely fix, never a
 * silently ignored word: `bomba simulate us.yaml` must not simulate the example org.
 */
import type { Placeholder } from "../i18n/cli-catalog.ts";

/** One option: a flag, or an option with a value standing for `placeholder`. */
export type OptionSpec =
  | { type: "boolean" }
  | {
      type: "string";
      placeholder: Placeholder;
      /** Whether a stray argument looks like this option's value, for the hint. */
      looksLike?: (argument: string) => boolean;
    };

/** What a command takes. */
export interface ArgumentSpec {
  options: Record<string, OptionSpec>;
  /** Positional arguments in order; `optional` ones may be left out. */
  positionals: { placeholder: Placeholder; optional: boolean }[];
}

/** The arguments as read. */
export interface ParsedArguments {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** The value of a string option, or undefined when it was not given. */
export function optionText(parsed: ParsedArguments, name: string): string | undefined {
  const value = parsed.values[name];
  return typeof value === "string" ? value : undefined;
}

/** Whether a flag was given. */
export function optionFlag(parsed: ParsedArguments, name: string): boolean {
  return parsed.values[name] === true;
}

/** What is wrong with the arguments; the CLI words it in the locale at hand. */
export type ArgumentProblem =
  | { code: "unknownOption"; option: string; suggestion: string | undefined }
  | { code: "missingValue"; option: string; placeholder: Placeholder }
  | { code: "noValueTaken"; option: string }
  | { code: "strayArgument"; argument: string; suggestion: string | undefined }
  | { code: "missingArgument"; placeholder: Placeholder }
  | { code: "emptyArgument"; placeholder: Placeholder };

/** Whether `args` asks for help: `-h` or `--help` before any `--`. */
export function asksForHelp(args: readonly string[]): boolean {
  for (const arg of args) {
    if (arg === "--") return false;
    if (arg === "--help" || arg === "-h") return true;
  }
  return false;
}

/** Reads `args` against `spec`: the values and positionals, or the first problem found. */
export function parseArguments(
  args: readonly string[],
  spec: ArgumentSpec,
): ParsedArguments | ArgumentProblem {
  const values: ParsedArguments["values"] = {};
  const positionals: string[] = [];
  let onlyPositionals = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (onlyPositionals || arg === "-" || !arg.startsWith("-")) {
      positionals.push(arg);
      continue;
    }
    if (arg === "--") {
      onlyPositionals = true;
      continue;
    }
    const equals = arg.indexOf("=");
    const option = equals === -1 ? arg : arg.slice(0, equals);
    const inline = equals === -1 ? undefined : arg.slice(equals + 1);
    const name = option.startsWith("--") ? option.slice(2) : null;
    const found = name === null ? undefined : spec.options[name];
    if (name === null || found === undefined) {
      return { code: "unknownOption", option, suggestion: closestOption(option, spec) };
    }
    if (found.type === "boolean") {
      if (inline !== undefined) return { code: "noValueTaken", option };
      values[name] = true;
      continue;
    }
    // `--org --json` means the value was forgotten, not a file named "--json".
    const next = args[i + 1];
    const value = inline ?? (next?.startsWith("--") ? undefined : next);
    if (value === undefined || value === "") {
      return { code: "missingValue", option, placeholder: found.placeholder };
    }
    if (inline === undefined) i++;
    values[name] = value;
  }
  const allowed = spec.positionals.length;
  for (const [index, wanted] of spec.positionals.entries()) {
    const given = positionals[index];
    if (given === undefined && !wanted.optional) {
      return { code: "missingArgument", placeholder: wanted.placeholder };
    }
    if (given === "") return { code: "emptyArgument", placeholder: wanted.placeholder };
  }
  const stray = positionals[allowed];
  if (stray !== undefined) {
    return { code: "strayArgument", argument: stray, suggestion: strayHint(stray, spec) };
  }
  return { values, positionals };
}

/** The option a stray argument was probably meant for: `us.yaml` → `--org us.yaml`. */
function strayHint(argument: string, spec: ArgumentSpec): string | undefined {
  const bare = argument.toLowerCase();
  // `bomba tick dry-run`: the flag without its dashes.
  for (const name of Object.keys(spec.options)) if (bare === name) return `--${name}`;
  for (const [name, option] of Object.entries(spec.options)) {
    if (option.type === "string" && option.looksLike?.(argument)) return `--${name} ${argument}`;
  }
  return undefined;
}

/** The known option closest to a mistyped one, when it is close enough to be the likely one. */
function closestOption(option: string, spec: ArgumentSpec): string | undefined {
  const typed = option.replace(/^-+/, "").toLowerCase();
  return closest(typed, Object.keys(spec.options), (name) => `--${name}`);
}

/** Of `candidates`, the one within a small edit distance of `typed` (or starting with it). */
export function closest<T extends string>(
  typed: string,
  candidates: readonly T[],
  show: (candidate: T) => string = (c) => c,
): string | undefined {
  let best: { candidate: T; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(typed, candidate);
    if (best === undefined || distance < best.distance) best = { candidate, distance };
  }
  if (best === undefined) return undefined;
  const limit = Math.max(1, Math.floor(best.candidate.length / 3));
  const prefix = typed.length >= 2 && best.candidate.startsWith(typed);
  return best.distance <= limit || prefix ? show(best.candidate) : undefined;
}

/** Levenshtein distance, with a swap of two neighbours counted as one edit. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, at(i - 2, j - 2) + 1);
      }
      const row = rows[i];
      if (row !== undefined) row[j] = value;
    }
  }
  return at(a.length, b.length);
}
