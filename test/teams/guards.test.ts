/**
 * The bot's guards on Teams, end to end through the real `bomba serve`, the twin of
 * test/e2e/guards.test.ts: a token Teams did not sign changes nothing, a stranger's and a stale
 * click are answered with the bomb as it is, a button's bomb id is read only as plain digits, a
 * wrong date is named under its field, a very long complaint still fits Teams' card limit.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalog } from "../../src/i18n/catalog.ts";
import { teamsCatalog } from "../../src/i18n/teams-catalog.ts";
import { waitFor } from "../e2e/harness.ts";
import { cardText, inputIds } from "../support/adaptive-cards.ts";
import { BAD_BOT_TOKEN_KINDS } from "../support/teams-tokens.ts";
import {
  cardOf,
  connectorProblems,
  dialogCardOf,
  dialogLineOf,
  entraIds,
  heldIn,
  startTeamsBot,
  type TeamsBot,
  textOf,
} from "./story-harness.ts";

const es = teamsCatalog("es");
const words = catalog("es");
const report = {
  action: "bomba_open",
  customer: "Hotel Miramar",
  contact: "Marta, 600 000 000",
  complaint: "Tres entregas tarde este mes.",
  source: "direct",
  department: "logistica",
};

describe("the bot's guards on Teams, end to end", () => {
  let bot: TeamsBot;

  beforeAll(async () => {
    bot = await startTeamsBot();
    const filed = await bot.invoke("ana", "task/submit", { data: report }, "guards-report-1");
    expect(dialogLineOf(filed.body)).toBe(es.answers.reported({ id: 1 }));
  });

  afterAll(async () => {
    await bot?.stop();
  });

  it.each(BAD_BOT_TOKEN_KINDS)(
    "a submission with a %s token gets 401 and changes nothing",
    async (kind) => {
      const before = bot.bomb(1);
      const answer = await bot.invoke(
        "nacho",
        "task/submit",
        {
          data: {
            action: "bomba_accept",
            bombId: 1,
            severity: "minor",
            due: "2026-12-22",
            visit_by: entraIds.nacho,
            visit_on: "2026-12-16",
            plan: "Llamar",
          },
        },
        undefined,
        { kind },
      );
      expect(answer.status).toBe(401);
      expect(bot.bomb(1)).toEqual(before);
    },
  );

  it("a stranger's click (someone outside the org file) is answered with the bomb as it is", async () => {
    const before = bot.bomb(1);
    const answer = await bot.invoke(
      "nacho",
      "task/fetch",
      { data: { msteams: { type: "task/fetch" }, action: "bomba_accept", bombId: 1 } },
      undefined,
      {
        from: {
          id: "29:stranger",
          aadObjectId: "eeeeeeee-0000-4000-8000-000000000666",
          name: "Stranger",
        },
      },
    );
    expect(answer.status).toBe(200);
    const dialog = dialogCardOf(answer.body);
    const line = dialogLineOf(answer.body);
    // As on Slack: where the bomb stands, nothing to fill in.
    expect(line).toBeNull();
    if (dialog === null) throw new Error("no answer to the stranger");
    expect(inputIds(dialog)).toEqual([]);
    expect(cardText(dialog)).toContain(words.chat.status.intro);
    expect(cardText(dialog)).toContain(words.states.pending);
    expect(bot.bomb(1)).toEqual(before);
  });

  it.each(["1e0", "01", " 1", "1.0", "+1", "0x1", 1.5, -1, "1; DROP TABLE bombs", null])(
    "reads a button's bomb id only when it is plain digits (%j): nothing opened, nothing changed",
    async (bombId) => {
      const before = bot.bomb(1);
      const answer = await bot.invoke("nacho", "task/fetch", {
        data: { msteams: { type: "task/fetch" }, action: "bomba_accept", bombId },
      });
      expect(answer.status).toBe(200);
      const dialog = dialogCardOf(answer.body);
      expect(dialog === null ? [] : inputIds(dialog)).toEqual([]);
      expect(bot.bomb(1)).toEqual(before);
    },
  );

  it.each(["2026-02-30", "mañana", "22/12/2026", "2026-12-22T10:00"])(
    "names the field when the committed date is wrong (%s), keeps the rest, and changes nothing",
    async (due) => {
      const answer = await bot.invoke("nacho", "task/submit", {
        data: {
          action: "bomba_accept",
          bombId: 1,
          severity: "minor",
          due,
          visit_by: entraIds.nacho,
          visit_on: "2026-12-16",
          plan: "Llamar y visitar",
        },
      });
      expect(answer.status).toBe(200);
      const dialog = dialogCardOf(answer.body);
      if (dialog === null) throw new Error(`no dialog again: ${JSON.stringify(answer.body)}`);
      expect(inputIds(dialog)).toContain("due");
      expect(cardText(dialog)).toMatch(/⚠️/);
      expect(JSON.stringify(dialog)).toContain("Llamar y visitar");
      expect(bot.bomb(1)?.state).toBe("pending");
    },
  );

  it("a complaint over 3,000 characters is refused under its field; one of 3,000 is filed and its card fits", async () => {
    const text = "Palés rotos y cajas abiertas en cada entrega. ".repeat(100);
    const count = bot.bombCount();
    const refused = await bot.invoke("ana", "task/submit", {
      data: { ...report, customer: "Bodegas Sur", complaint: text.repeat(10).slice(0, 30_000) },
    });
    const again = dialogCardOf(refused.body);
    if (again === null) throw new Error("no dialog again for a complaint too long");
    expect(cardText(again)).toMatch(/⚠️.*3000/);
    expect(bot.bombCount()).toBe(count);

    const filed = await bot.invoke("ana", "task/submit", {
      data: { ...report, customer: "Bodegas Sur", complaint: text.slice(0, 3000) },
    });
    const line = dialogLineOf(filed.body);
    const id = Number(/#(\d+)/.exec(String(line))?.[1]);
    expect(line).toBe(es.answers.reported({ id }));
    const held = await waitFor(
      () =>
        heldIn(bot.standIn, "nacho").find((h) =>
          textOf(h).includes(words.messages.bomb_assigned({ customer: "Bodegas Sur" })),
        ),
      "the long complaint's card in Nacho's chat",
      20_000,
    );
    expect(cardText(cardOf(held))).toContain("Palés rotos");
  });

  it("one report dialog submitted twice (Teams retrying with a new activity id) files one bomb; a new dialog files another", async () => {
    const open = async () => {
      const opened = await bot.invoke("ana", "task/fetch", {
        data: { msteams: { type: "task/fetch" }, action: "bomba_open" },
      });
      const dialog = dialogCardOf(opened.body);
      const submit = (dialog?.actions as { data: Record<string, unknown> }[] | undefined)?.[0];
      if (submit === undefined) throw new Error("no submit button on the report dialog");
      return submit.data;
    };
    const values = { ...report, customer: "Ultramarinos Paco", complaint: "Una caja abierta." };
    const count = bot.bombCount();
    const data = await open();
    // Teams retries an invoke it got no answer to within 15 s, and then with a new id.
    const first = await bot.invoke("ana", "task/submit", { data: { ...data, ...values } });
    const again = await bot.invoke("ana", "task/submit", { data: { ...data, ...values } });
    expect(dialogLineOf(first.body)).toBe(es.answers.reported({ id: count + 1 }));
    expect(dialogLineOf(again.body)).toBe(es.answers.reported({ id: count + 1 }));
    expect(bot.bombCount()).toBe(count + 1);
    // The same complaint filed again from a new dialog is a new report.
    const other = await bot.invoke("ana", "task/submit", {
      data: { ...(await open()), ...values },
    });
    expect(dialogLineOf(other.body)).toBe(es.answers.reported({ id: count + 2 }));
    expect(bot.bombCount()).toBe(count + 2);
  });

  it("kept every card valid Adaptive Card 1.5 and every request under 40 KB", async () => {
    await bot.settled();
    expect(connectorProblems(bot.standIn)).toEqual([]);
  });
});
