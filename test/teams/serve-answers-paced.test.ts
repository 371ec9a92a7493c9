/**
 * The answers `serve` on Teams gives in a person's chat (a command's card, the "working" line
 * then the digest) share the per-conversation pace with the outbox's posts: Teams takes about 7
 * a second in one conversation and refuses the rest with 429. The answers once went out unpaced,
 * and an answer refused so was lost (told to the log only): a burst of twelve commands got about
 * seven answers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { teamsCatalog } from "../../src/i18n/teams-catalog.ts";
import { waitFor } from "../e2e/harness.ts";
import {
  connectorProblems,
  heldIn,
  startTeamsBot,
  type TeamsBot,
  textOf,
} from "./story-harness.ts";

describe("answers in a person's chat are paced with the outbox", () => {
  let bot: TeamsBot;

  beforeAll(async () => {
    bot = await startTeamsBot();
  });

  afterAll(async () => {
    await bot?.stop();
  });

  it("twelve commands at once from one person: twelve answers, none refused by Teams", async () => {
    const title = teamsCatalog("es").help.title;
    const before = heldIn(bot.standIn, "ana").filter((held) => textOf(held).includes(title)).length;
    const statuses = await Promise.all(Array.from({ length: 12 }, () => bot.say("ana", "ayuda")));
    expect(statuses.every((status) => status === 200)).toBe(true);
    await waitFor(
      () =>
        heldIn(bot.standIn, "ana").filter((held) => textOf(held).includes(title)).length ===
        before + 12,
      "twelve help cards in Ana's chat",
      15_000,
    ).catch((error: Error) => {
      const got = heldIn(bot.standIn, "ana").filter((held) => textOf(held).includes(title));
      throw new Error(`${error.message}; got ${got.length - before}`);
    });
    const refused = bot.standIn
      .callsTo("connector", "POST", /\/activities$/)
      .filter((call) => call.status === 429);
    expect(refused).toHaveLength(0);
    expect(connectorProblems(bot.standIn)).toEqual([]);
  }, 30_000);
});
