import { describe, expect, it } from "vitest";
import { type CommandWriter, catalog } from "../../src/i18n/catalog.ts";
import { slackSurface } from "../../src/slack/surface.ts";

/** Every sentence that tells people what to type (all but `bad_scope`), written with `command`. */
function commandSentences(locale: "es" | "en", command: CommandWriter): string[] {
  const chat = catalog(locale).chat;
  const word = { word: "zzz" };
  return [
    chat.footer({ id: 12, at: "1 dic", source: "encuesta" }, command),
    ...Object.entries(chat.commands)
      .filter(([problem]) => problem !== "bad_scope")
      .map(([, sentence]) => sentence(word, command)),
    ...Object.values(chat.help.commands).map((line) => line(command)),
    chat.onlyInCharge(command),
    chat.home.emptyHint(command),
  ];
}

describe("sentences that name a command or the chat", () => {
  it.each(["es", "en"] as const)("%s: on Slack they say the slash command", (locale) => {
    const said = commandSentences(locale, slackSurface.command);
    for (const sentence of said) expect(sentence).toMatch(/\/bomba/);
    expect(said[0]).toBe(
      locale === "es"
        ? "Bomba #12 · recibida el 1 dic · encuesta · historial: /bomba ver 12"
        : "Bomb #12 · reported 1 dic · encuesta · history: /bomba show 12",
    );
  });

  it.each(["es", "en"] as const)("%s: where commands are typed bare, no slash", (locale) => {
    const bare: CommandWriter = (words) => (words === "" ? "nueva" : words);
    for (const sentence of commandSentences(locale, bare)) {
      expect(sentence).not.toMatch(/\/bomba|Slack/);
    }
    const chat = catalog(locale).chat;
    expect(chat.help.commands.show(bare)).toMatch(/^`(ver|show) <n>` — /);
    expect(chat.forms.noTargets({ platform: "Teams" })).toMatch(/ Teams /);
  });
});
