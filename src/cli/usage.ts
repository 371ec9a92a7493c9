/**
 * Usage lines, each command's `--help`, the `bomba help` overview, and the reading of a
 * command's arguments with its mistakes worded in the language at hand.
 */
import type { Locale } from "../core/org.ts";
import { type CliCatalog, type CommandName, cliCatalog } from "../i18n/cli-catalog.ts";
import {
  type ArgumentProblem,
  asksForHelp,
  type ParsedArguments,
  parseArguments,
} from "./command-line.ts";
import { commandNames, commandSpecs, orgFileAtHand } from "./commands.ts";
import type { CliIo } from "./io.ts";
import { localeAtHand } from "./locale.ts";

/** `bomba simulate [--org FILE] [--department ID] [--start ISO] [--json]`, in `locale`'s placeholders. */
export function synopsis(locale: Locale, command: CommandName): string {
  const words = cliCatalog(locale);
  const spec = commandSpecs[command];
  const parts = [`bomba ${command}`];
  for (const [name, option] of Object.entries(spec.options)) {
    parts.push(
      option.type === "boolean"
        ? `[--${name}]`
        : `[--${name} ${words.placeholders[option.placeholder]}]`,
    );
  }
  for (const { placeholder, optional } of spec.positionals) {
    const word = words.placeholders[placeholder];
    parts.push(optional ? `[${word}]` : word);
  }
  return parts.join(" ");
}

/** "usage: bomba tick [--at ISO] [--dry-run]". */
export function usageLine(locale: Locale, command: CommandName): string {
  return `${cliCatalog(locale).usage}: ${synopsis(locale, command)}`;
}

/** A command's whole `--help`: usage, what it does, its arguments, options and environment. */
export function commandHelp(locale: Locale, command: CommandName): string {
  const words = cliCatalog(locale);
  const about = words.commands[command];
  const spec = commandSpecs[command];
  const lines = [usageLine(locale, command), "", ...wrap(about.about.join(" "), helpWidth)];
  const table = (heading: string, rows: [string, string][]) => {
    if (rows.length === 0) return;
    const width = Math.max(...rows.map(([left]) => left.length));
    lines.push("", heading);
    for (const [left, right] of rows) {
      const [head = "", ...tail] = wrap(right, helpWidth - width - 5);
      lines.push(
        `  ${left.padEnd(width)}   ${head}`,
        ...tail.map((t) => `${" ".repeat(width + 5)}${t}`),
      );
    }
  };
  table(
    words.headings.arguments,
    spec.positionals.map(({ placeholder }) => [
      words.placeholders[placeholder],
      about.arguments?.[placeholder] ?? "",
    ]),
  );
  table(words.headings.options, [
    ...Object.entries(spec.options).map(([name, option]): [string, string] => [
      option.type === "boolean"
        ? `--${name}`
        : `--${name} ${words.placeholders[option.placeholder]}`,
      about.options?.[name] ?? "",
    ]),
    ["-h, --help", words.helpOption],
  ]);
  if (about.environment !== undefined) {
    lines.push("", ...wrap(`${words.headings.environment} ${about.environment}`, helpWidth));
  }
  return lines.join("\n");
}

/** Help lines stay within a classic terminal's width. */
const helpWidth = 80;

/** `text` broken into lines of at most `width` characters, at spaces. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  lines.push(line);
  return lines;
}

/** `bomba help`: every command with its synopsis and one line on what it does. */
export function overview(locale: Locale, version: string): string {
  const words = cliCatalog(locale);
  const lines = [words.overview.title({ version }), "", words.headings.commands];
  for (const command of commandNames) {
    lines.push(`  ${synopsis(locale, command)}`, `      ${words.commands[command].summary}`);
  }
  lines.push("  bomba --version", `      ${words.versionSummary}`, "");
  for (const line of words.overview.footer) lines.push(...wrap(line, helpWidth));
  return lines.join("\n");
}

/** A problem with the arguments as one line of `words`. */
export function problemText(words: CliCatalog, problem: ArgumentProblem): string {
  const e = words.errors;
  switch (problem.code) {
    case "unknownOption":
      return e.unknownOption(problem);
    case "missingValue":
      return e.missingValue({ ...problem, placeholder: words.placeholders[problem.placeholder] });
    case "noValueTaken":
      return e.noValueTaken(problem);
    case "strayArgument":
      return e.strayArgument(problem);
    case "missingArgument":
      return e.missingArgument({ placeholder: words.placeholders[problem.placeholder] });
    case "emptyArgument":
      return e.emptyArgument({ placeholder: words.placeholders[problem.placeholder] });
  }
}

/**
 * Reads `command`'s arguments; on a mistake prints it and the usage line in the language at
 * hand and returns exit code 2. Asking for help prints the help and returns 0.
 */
export function readArguments(
  command: CommandName,
  args: readonly string[],
  io: CliIo,
): ParsedArguments | number {
  const help = asksForHelp(args);
  const parsed = help ? null : parseArguments(args, commandSpecs[command]);
  if (parsed !== null && !("code" in parsed)) return parsed;
  const locale = localeAtHand(orgFileAtHand(command, args));
  if (parsed === null) {
    io.out(commandHelp(locale, command));
    return 0;
  }
  io.err(problemText(cliCatalog(locale), parsed));
  io.err(usageLine(locale, command));
  return 2;
}
