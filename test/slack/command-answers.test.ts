import { describe, expect, it } from "vitest";
import { catalog } from "../../src/i18n/catalog.ts";
import { commandAnswers, responseUrlUses } from "../../src/slack/listeners/commands.ts";

const part = (n: number) => ({ text: `parte ${n}`, blocks: [] });

describe("commandAnswers: what a command's response_url is asked to post", () => {
  it("posts every part while they fit in Slack's five uses of a response_url", () => {
    const parts = [1, 2, 3, 4, 5].map(part);
    expect(responseUrlUses).toBe(5);
    expect(commandAnswers(parts, catalog("es"))).toEqual(parts);
  });

  it("past five, posts four parts and a last line counting the rest, in each language", () => {
    const parts = [1, 2, 3, 4, 5, 6, 7].map(part);
    const es = commandAnswers(parts, catalog("es"));
    const en = commandAnswers(parts, catalog("en"));
    expect(es).toHaveLength(5);
    expect(es.slice(0, 4)).toEqual(parts.slice(0, 4));
    expect(es[4]).toEqual({
      text: "… y 3 partes más, que no caben aquí: Slack deja contestar a un comando cinco veces como mucho.",
    });
    expect(en[4]).toEqual({
      text: "… and 3 more parts that do not fit here: Slack lets a command be answered five times at most.",
    });
  });

  it("answers something when there is nothing to show", () => {
    expect(commandAnswers([], catalog("es"))).toEqual([{ text: catalog("es").words.nobody }]);
  });
});
