/**
 * The words of a command (after `/bomba` in Slack, sent to the bot in Teams), in English or
 * Spanish, into a typed request. Junk is an `invalid` result naming the problem (a catalog key)
 * and the word at fault, never a throw.
 */
import type { Locale } from "../core/org.ts";
import { type ChatCatalog, type CommandWriter, catalog } from "../i18n/catalog.ts";

/** Why a command text was not understood; each has a sentence in every locale. */
export type CommandProblem = keyof ChatCatalog["commands"];

/** Which bombs `/bomba list` shows. */
export type ListScope = "mine" | "all" | { department: string };

/** What `/bomba <text>` asks for. */
export type CommandRequest =
  | { kind: "open" }
  | { kind: "list"; scope: ListScope }
  | { kind: "show"; id: number }
  | { kind: "digest" }
  | { kind: "report"; quarter: string | null }
  | { kind: "help" }
  | { kind: "invalid"; reason: CommandProblem; word: string };

const verbs: Readonly<Record<string, Exclude<CommandRequest["kind"], "invalid">>> = {
  open: "open",
  new: "open",
  abrir: "open",
  nueva: "open",
  list: "list",
  lista: "list",
  listar: "list",
  show: "show",
  ver: "show",
  digest: "digest",
  resumen: "digest",
  report: "report",
  informe: "report",
  help: "help",
  ayuda: "help",
  "?": "help",
};

const mine = new Set(["mine", "my", "mias", "mías", "mis"]);
const all = new Set(["all", "todas", "todo", "todos"]);

/** Parses a command's words; case and extra spaces do not matter. */
export function parseCommandText(text: string): CommandRequest {
  const words = text
    .trim()
    .split(/\s+/u)
    .filter((w) => w !== "");
  const [first, second, third] = words;
  if (first === undefined) return { kind: "open" };
  // Own keys only: "__proto__" or "constructor" typed after /bomba are words, not verbs.
  const word = first.toLowerCase();
  const verb = Object.hasOwn(verbs, word) ? verbs[word] : undefined;
  // "/bomba #12" is short for "/bomba show 12".
  if (verb === undefined && /^#?\d+$/.test(first) && second === undefined) return showOf(first);
  if (verb === undefined) return invalid("unknown_command", first);
  const extra = verb === "list" || verb === "show" || verb === "report" ? third : second;
  if (extra !== undefined) return invalid("extra_words", extra);
  switch (verb) {
    case "list":
      return listOf(second);
    case "show":
      return showOf(second);
    case "report":
      return reportOf(second);
    default:
      return { kind: verb };
  }
}

/** The sentence for an `invalid` result, in the org's language. */
export function describeCommandProblem(
  request: Extract<CommandRequest, { kind: "invalid" }>,
  locale: Locale,
  command: CommandWriter,
): string {
  return catalog(locale).chat.commands[request.reason]({ word: request.word }, command);
}

function listOf(word: string | undefined): CommandRequest {
  if (word === undefined) return { kind: "list", scope: "mine" };
  const lower = word.toLowerCase();
  if (mine.has(lower)) return { kind: "list", scope: "mine" };
  if (all.has(lower)) return { kind: "list", scope: "all" };
  // Department ids are lower-case codes (org-schema); whether it exists is the use case's question.
  if (/^[a-z0-9][a-z0-9_-]*$/.test(lower)) return { kind: "list", scope: { department: lower } };
  return invalid("bad_scope", word);
}

function showOf(word: string | undefined): CommandRequest {
  if (word === undefined) return invalid("missing_id", "");
  const match = /^#?(\d{1,9})$/.exec(word);
  const id = match?.[1] === undefined ? Number.NaN : Number(match[1]);
  if (!Number.isSafeInteger(id) || id <= 0) return invalid("bad_id", word);
  return { kind: "show", id };
}

function reportOf(word: string | undefined): CommandRequest {
  if (word === undefined) return { kind: "report", quarter: null };
  const match = /^(\d{4})-?q([1-4])$/i.exec(word) ?? /^q([1-4])-?(\d{4})$/i.exec(word);
  if (match === null) return invalid("bad_quarter", word);
  const [year, quarter] = /^\d{4}$/.test(match[1] ?? "")
    ? [match[1], match[2]]
    : [match[2], match[1]];
  return { kind: "report", quarter: `${year}-Q${quarter}` };
}

function invalid(reason: CommandProblem, word: string): CommandRequest {
  return { kind: "invalid", reason, word };
}
