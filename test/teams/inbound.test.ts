import { describe, expect, it } from "vitest";
import { parseCommand } from "../../src/teams/inbound.ts";

describe("parseCommand", () => {
  it.each([
    ["ayuda", { command: "help" }],
    ["  HELP  ", { command: "help" }],
    ["<at>Correo Bomba</at> ayuda", { command: "help" }],
    ["<at>Correo Bomba</at>&nbsp;help me", { command: "help" }],
    ["<p>ayuda</p>", { command: "help" }],
    ["lista mine", { command: "run", text: "lista mine" }],
    ["<at>Correo Bomba</at>&nbsp;ver   12", { command: "run", text: "ver 12" }],
    ["inicio", { command: "home" }],
    [" HOME ", { command: "home" }],
    ["inicio ya", { command: "run", text: "inicio ya" }],
    ["qué tal", { command: "run", text: "qué tal" }],
    ["", { command: "help" }],
    [42, { command: "help" }],
    [undefined, { command: "help" }],
  ])("%j", (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });
});
