import { describe, expect, it } from "vitest";
import { parseCommand } from "../../src/teams/inbound.ts";

describe("parseCommand", () => {
  it.each([
    ["ayuda", { command: "help" }],
    ["  HELP  ", { command: "help" }],
    ["<at>Correo Bomba</at> ayuda", { command: "help" }],
    ["<at>Correo Bomba</at>&nbsp;help me", { command: "help" }],
    ["<p>ayuda</p>", { command: "help" }],
    ["lista mine", { command: "unrouted", word: "lista" }],
    ["", { command: "unrouted", word: "" }],
    [42, { command: "unrouted", word: "" }],
    [undefined, { command: "unrouted", word: "" }],
  ])("%j", (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });
});
