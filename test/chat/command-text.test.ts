import { describe, expect, it } from "vitest";
import {
  type CommandRequest,
  describeCommandProblem,
  parseCommandText,
} from "../../src/chat/command-text.ts";
import { slackSurface } from "../../src/slack/surface.ts";

describe("parseCommandText", () => {
  it.each<[string, CommandRequest]>([
    ["", { kind: "open" }],
    ["   ", { kind: "open" }],
    ["open", { kind: "open" }],
    ["nueva", { kind: "open" }],
    ["list", { kind: "list", scope: "mine" }],
    ["lista", { kind: "list", scope: "mine" }],
    ["list mine", { kind: "list", scope: "mine" }],
    ["lista mías", { kind: "list", scope: "mine" }],
    ["LISTA MÍAS", { kind: "list", scope: "mine" }],
    ["lista mias", { kind: "list", scope: "mine" }],
    ["list all", { kind: "list", scope: "all" }],
    ["  lista    todas  ", { kind: "list", scope: "all" }],
    ["list logistica", { kind: "list", scope: { department: "logistica" } }],
    ["lista Servicios-Tecnicos", { kind: "list", scope: { department: "servicios-tecnicos" } }],
    ["show 12", { kind: "show", id: 12 }],
    ["show #12", { kind: "show", id: 12 }],
    ["ver #7", { kind: "show", id: 7 }],
    ["VER 0042", { kind: "show", id: 42 }],
    ["12", { kind: "show", id: 12 }],
    ["#12", { kind: "show", id: 12 }],
    ["digest", { kind: "digest" }],
    ["resumen", { kind: "digest" }],
    ["report", { kind: "report", quarter: null }],
    ["informe", { kind: "report", quarter: null }],
    ["report 2026-Q4", { kind: "report", quarter: "2026-Q4" }],
    ["informe 2026-q1", { kind: "report", quarter: "2026-Q1" }],
    ["informe 2026q2", { kind: "report", quarter: "2026-Q2" }],
    ["report Q3-2027", { kind: "report", quarter: "2027-Q3" }],
    ["help", { kind: "help" }],
    ["ayuda", { kind: "help" }],
    ["Ayuda", { kind: "help" }],
    ["\u00a0help\u00a0", { kind: "help" }],
  ])("%j → %j", (text, expected) => {
    expect(parseCommandText(text)).toEqual(expected);
  });

  it.each<[string, string, string]>([
    ["borrar 12", "unknown_command", "borrar"],
    ["12 13", "unknown_command", "12"],
    ["#0", "bad_id", "#0"],
    ["show", "missing_id", ""],
    ["ver doce", "bad_id", "doce"],
    ["show #", "bad_id", "#"],
    ["show 0", "bad_id", "0"],
    ["show -3", "bad_id", "-3"],
    ["show 1.5", "bad_id", "1.5"],
    ["show 99999999999999999999", "bad_id", "99999999999999999999"],
    ["show 12 13", "extra_words", "13"],
    ["report 2026-Q5", "bad_quarter", "2026-Q5"],
    ["informe otoño", "bad_quarter", "otoño"],
    ["list <script>", "bad_scope", "<script>"],
    ["lista mías todas", "extra_words", "todas"],
    ["help me", "extra_words", "me"],
    ["digest now", "extra_words", "now"],
    ["__proto__", "unknown_command", "__proto__"],
    ["constructor", "unknown_command", "constructor"],
    ["toString 1", "unknown_command", "toString"],
  ])("%j is invalid: %s (%j)", (text, reason, word) => {
    expect(parseCommandText(text)).toEqual({ kind: "invalid", reason, word });
  });

  it("never throws on junk", () => {
    for (const junk of [
      "\u0000",
      "💣💣",
      "ver 💣",
      "#".repeat(5000),
      "list\n\tall",
      "🙂 ".repeat(100),
    ]) {
      expect(() => parseCommandText(junk)).not.toThrow();
    }
    expect(parseCommandText("list\n\tall")).toEqual({ kind: "list", scope: "all" });
  });
});

describe("describeCommandProblem", () => {
  it.each([
    ["borrar", "es", "No conozco «borrar». Prueba /bomba ayuda."],
    ["borrar", "en", 'I don\'t know "borrar". Try /bomba help.'],
    ["ver doce", "es", "«doce» no es un número de bomba; por ejemplo: /bomba ver 12."],
    ["show", "en", "The bomb number is missing, e.g. /bomba show 12."],
    ["informe 2026-Q9", "es", "«2026-Q9» no es un trimestre; por ejemplo: /bomba informe 2026-Q4."],
  ] as const)("%j in %s", (text, locale, expected) => {
    const parsed = parseCommandText(text);
    if (parsed.kind !== "invalid") throw new Error("expected invalid");
    expect(describeCommandProblem(parsed, locale, slackSurface.command)).toBe(expected);
  });

  // Teams: the same words typed in the chat with the bot, no slash command.
  it.each([
    ["borrar", "es", "No conozco «borrar». Prueba ayuda."],
    ["show", "en", "The bomb number is missing, e.g. show 12."],
  ] as const)("%j in %s, where commands are typed without a slash", (text, locale, expected) => {
    const parsed = parseCommandText(text);
    if (parsed.kind !== "invalid") throw new Error("expected invalid");
    expect(describeCommandProblem(parsed, locale, (words) => words)).toBe(expected);
  });
});
