/**
 * The same life on Teams for an English org (`locale: en`): the report dialog, its errors and
 * every card in English, `tick` speaking English, the life from report to close through the real
 * `bomba serve` on Teams; nothing in Spanish reaches anyone.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalog } from "../../src/i18n/catalog.ts";
import { teamsCatalog } from "../../src/i18n/teams-catalog.ts";
import { cardText, inputIds } from "../support/adaptive-cards.ts";
import {
  buttonsOf,
  cardOf,
  connectorProblems,
  dialogCardOf,
  dialogLineOf,
  entraIds,
  heldIn,
  startTeamsBot,
  type TeamsBot,
  textOf,
  type Who,
  waitForCard,
} from "./story-harness.ts";

const en = teamsCatalog("en");
const words = catalog("en");
const spanish = catalog("es");
const customer = "Harbour Foods Ltd.";

describe("a bomb's life on Teams in English", () => {
  let bot: TeamsBot;

  async function submit(who: Who, action: string, values: Record<string, unknown>, id?: string) {
    const answer = await bot.invoke(who, "task/submit", { data: { action, ...values } }, id);
    expect(answer.status).toBe(200);
    return { line: dialogLineOf(answer.body), dialog: dialogCardOf(answer.body) };
  }

  beforeAll(async () => {
    bot = await startTeamsBot({ locale: "en" });
  });

  afterAll(async () => {
    await bot?.stop();
  });

  it("new: the card, then the report dialog in English; an empty customer is refused under it", async () => {
    expect(await bot.say("ana", "new")).toBe(200);
    const answer = await waitForCard(bot.standIn, "ana", en.newReport.text);
    expect(buttonsOf(cardOf(answer))).toEqual(["bomba_open"]);
    const opened = await bot.invoke("ana", "task/fetch", {
      data: { msteams: { type: "task/fetch" }, action: "bomba_open" },
    });
    const dialog = dialogCardOf(opened.body);
    expect(inputIds(dialog)).toEqual(["customer", "contact", "complaint", "source", "department"]);
    const refused = await submit("ana", "bomba_open", {
      customer: " ",
      contact: "Jane Doe",
      complaint: "Late deliveries",
      source: "direct",
      department: "logistica",
    });
    expect(refused.line).toBeNull();
    expect(cardText(refused.dialog)).toContain(words.reasons.field_required({}));
    expect(bot.bombCount()).toBe(0);
  });

  it("files the report: the link gets the card in English with its buttons", async () => {
    const report = {
      customer,
      contact: "Jane Doe, +44 20 7946 0000",
      complaint: "Three deliveries in a row arrived late and unannounced.",
      source: "direct",
      department: "logistica",
    };
    const { line } = await submit("ana", "bomba_open", report, "english-report-1");
    expect(line).toBe(en.answers.reported({ id: 1 }));
    expect(bot.bomb(1)).toMatchObject({ state: "pending", holder: "nacho@example.com" });
    const held = await waitForCard(
      bot.standIn,
      "nacho",
      words.messages.bomb_assigned({ customer }),
    );
    expect(buttonsOf(cardOf(held))).toEqual(["bomba_accept", "bomba_forward", "bomba_resolve"]);
    expect(textOf(held)).not.toContain(spanish.messages.bomb_assigned({ customer }));
    // Twice submitted, filed once.
    expect((await submit("ana", "bomba_open", report, "english-report-1")).line).toBe(
      en.answers.reported({ id: 1 }),
    );
    expect(bot.bombCount()).toBe(1);
  });

  it("climbs by tick three working days later, tick speaking English", async () => {
    await bot.settled();
    const run = await bot.tick("2026-12-17T10:05:00+01:00");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/: 1 bomb advanced \(/);
    expect(run.stdout).toMatch(/messages? delivered, 0 to retry, 0 failed/);
    expect(bot.bomb(1)).toMatchObject({ holder: "luis@example.com" });
    await waitForCard(
      bot.standIn,
      "luis",
      words.messages.bomb_escalated({ from: "Nacho Pérez", customer }),
    );
  });

  it("accepted, resolved and verified: everyone involved hears the end; every card current", async () => {
    const accept = await submit("luis", "bomba_accept", {
      bombId: 1,
      severity: "minor",
      due: "2026-12-22",
      visit_by: entraIds.luis,
      visit_on: "2026-12-15",
      plan: "New delivery route and a visit on Tuesday.",
    });
    expect(accept.line).toBe(en.answers.done({ id: 1 }));
    // A stale Accept: where it stands, in English.
    const stale = await bot.invoke("luis", "task/fetch", {
      data: { msteams: { type: "task/fetch" }, action: "bomba_accept", bombId: 1 },
    });
    expect(cardText(dialogCardOf(stale.body))).toContain(words.states.accepted);
    const resolve = await submit("luis", "bomba_resolve", {
      bombId: 1,
      solution: "New route since Monday; the customer got an apology.",
      visited_on: "2026-12-14",
      visited_by: entraIds.luis,
    });
    expect(resolve.line).toBe(en.answers.done({ id: 1 }));
    await waitForCard(bot.standIn, "ana", words.messages.bomb_resolved({ customer }));
    const verify = await submit("ana", "bomba_verify", {
      bombId: 1,
      satisfaction: "satisfied",
      note: "The customer confirms deliveries are on time.",
    });
    expect(verify.line).toBe(en.answers.done({ id: 1 }));
    expect(bot.bomb(1)).toMatchObject({ state: "closed" });
    for (const who of ["ana", "nacho", "luis"] as const) {
      await waitForCard(bot.standIn, who, words.messages.bomb_closed({ customer }));
    }
    await bot.settled();
    for (const who of ["ana", "nacho", "luis"] as const) {
      for (const held of heldIn(bot.standIn, who)) {
        if (textOf(held).includes(customer)) expect(buttonsOf(cardOf(held))).toEqual([]);
      }
    }
  });

  it("said nothing in Spanish, and every card was valid Adaptive Card 1.5 under 40 KB", () => {
    const everything = bot.standIn.activities.map(textOf).join("\n");
    for (const spanishWords of [
      spanish.messages.bomb_assigned({ customer }),
      spanish.messages.bomb_closed({ customer }),
      spanish.states.pending,
    ]) {
      expect(everything).not.toContain(spanishWords);
    }
    expect(connectorProblems(bot.standIn)).toEqual([]);
  });
});
