/**
 * A bomb's whole life through the real `bomba serve`, driven only as Slack drives it: a loyalty
 * manager opens it, nobody answers, it climbs, the superior forwards it to another department's
 * link, who accepts, is reminded, resolves; the loyalty manager verifies and everyone involved
 * hears "incidencia finalizada", with every earlier DM updated in place.
 *
 * The bot's clock starts at REFERENCE_CLOCK (Monday 14 December 2026, 10:00 Madrid) and runs on
 * from there; `bomba tick --at` plays the days that pass.
 */

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "../support/csv-parse.ts";
import { stateValue } from "../support/signed-request.ts";
import type { RecordedCall } from "../support/slack-stand-in.ts";
import {
  type Bot,
  blockKitProblems,
  buttonsOf,
  dmOf,
  messageOf,
  messagesTo,
  openedViews,
  postsTo,
  selectValues,
  slackIds,
  startBot,
  waitFor,
  waitForDm,
  waitForModal,
} from "./harness.ts";

const { ana, nacho, luis, sergio } = slackIds;
const holderButtons = ["bomba_accept", "bomba_forward", "bomba_resolve"];

/**
 * Three working days after the opening: Thursday 17 December, 10:00 and the seconds the bot's
 * clock had run on when the bomb was opened; a few minutes later it is surely due.
 */
const ANSWER_DUE = "2026-12-17T10:05:00+01:00";
/** Committed Tuesday 22 (minor); reminded 3 days before, Saturday 19, moved to Friday 18 09:00. */
const COMMITTED = "2026-12-22";
const REMINDER = "2026-12-18T09:00:00+01:00";

describe("a bomb's life, end to end", () => {
  let bot: Bot;
  let bombId: number;
  /** The DMs of this bomb as they were posted, oldest first. */
  const posted: RecordedCall[] = [];

  /** The DM just posted to `userId` saying `words`, remembered for the in-place checks. */
  async function dm(userId: string, words: string): Promise<RecordedCall> {
    const post = await waitForDm(bot.standIn, userId, words);
    if (!posted.includes(post)) posted.push(post);
    return post;
  }

  /** Waits until the message of `post` shows exactly `buttons` (earlier DMs refresh in the background). */
  async function showsButtons(post: RecordedCall, buttons: string[]): Promise<void> {
    await waitFor(
      () => JSON.stringify(buttonsOf(messageOf(bot.standIn, post))) === JSON.stringify(buttons),
      `the DM ${String(post.args.text)} to show [${buttons.join(", ")}]`,
    ).catch((error: Error) => {
      const now = buttonsOf(messageOf(bot.standIn, post));
      throw new Error(`${error.message}; it shows [${now.join(", ")}]`);
    });
  }

  /** Opens a bomb's modal by clicking its button, as Slack would after the click. */
  async function clickForModal(userId: string, actionId: string) {
    const before = openedViews(bot.standIn).length;
    const answer = await bot.click(userId, actionId, bombId);
    expect(answer.status).toBe(200);
    const modal = await waitForModal(bot.standIn, actionId, before);
    expect(JSON.parse(String(modal.private_metadata))).toEqual({ bombId });
    return modal;
  }

  beforeAll(async () => {
    bot = await startBot();
  });

  afterAll(async () => {
    await bot?.stop();
  });

  it("opens: /bomba gives the loyalty manager the report modal with the department", async () => {
    const answer = await bot.command(ana, "");
    expect(answer.status).toBe(200);
    const modal = await waitForModal(bot.standIn, "bomba_open");
    const blockIds = (modal.blocks as { block_id?: string }[]).map((b) => b.block_id);
    expect(blockIds).toEqual(
      expect.arrayContaining(["customer", "contact", "complaint", "source", "department"]),
    );
    expect(selectValues(modal, "department")).toEqual(["logistica", "comercial"]);
  });

  it("assigns: the submitted report goes to the department's link with its buttons", async () => {
    const answer = await bot.submit({
      userId: ana,
      callbackId: "bomba_open",
      privateMetadata: "",
      viewId: "V0STORY01",
      values: {
        customer: stateValue.text("Frutas Hernández S.A."),
        contact: stateValue.text("María Hernández, 600 123 456"),
        complaint: stateValue.text("Tres entregas seguidas llegaron tarde y sin aviso."),
        source: stateValue.staticSelect("direct"),
        department: stateValue.staticSelect("logistica"),
      },
    });
    expect(answer.status).toBe(200);
    expect(answer.text).toBe("");
    expect(bot.bombCount()).toBe(1);
    bombId = 1;
    expect(bot.bomb(bombId)).toMatchObject({ state: "pending", holder: "nacho@example.com" });

    const post = await dm(nacho, "Tienes una bomba");
    expect(bot.standIn.callsTo("conversations.open").map((c) => c.args.users)).toContain(nacho);
    expect(post.args.channel).toBe(dmOf(nacho));
    expect(String(post.args.text)).toContain("Frutas Hernández");
    const message = messageOf(bot.standIn, post);
    expect(buttonsOf(message)).toEqual(holderButtons);
    // Rendered on the bot's clock, like the deadline itself.
    expect(JSON.stringify(message.blocks)).toContain("jue, 17 dic, 10:00 (en 3 días laborables)");
    const values = (message.blocks as { type: string; elements?: { value?: string }[] }[])
      .filter((b) => b.type === "actions")
      .flatMap((b) => b.elements?.map((e) => e.value) ?? []);
    expect(new Set(values)).toEqual(new Set([String(bombId)]));
  });

  it("climbs: unanswered three working days, it goes to the superior; the holder is told", async () => {
    await bot.settled();
    const run = await bot.tick(ANSWER_DUE);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/: 1 bomba avanzada \(/);
    expect(bot.bomb(bombId)).toMatchObject({ state: "pending", holder: "luis@example.com" });

    const escalated = await dm(luis, "Bomba no contestada por Nacho Pérez: ahora es tuya");
    expect(buttonsOf(messageOf(bot.standIn, escalated))).toEqual(holderButtons);
    await dm(nacho, "no se contestó y ha subido a Luis Gil");
    const toManager = await dm(ana, "no se contestó y ha subido a Luis Gil");
    expect(buttonsOf(messageOf(bot.standIn, toManager))).toEqual(["bomba_defuse"]);
    // Nacho is still among the holders: the bomb climbed through him and never changed hands.
    const first = posted[0] as RecordedCall;
    await showsButtons(first, holderButtons);
  });

  it("forwards: the superior sends it to another department's link with a note", async () => {
    const modal = await clickForModal(luis, "bomba_forward");
    expect(selectValues(modal, "target")).toContain(sergio);
    const answer = await bot.submit({
      userId: luis,
      callbackId: "bomba_forward",
      privateMetadata: { bombId },
      viewId: "V0STORY02",
      values: {
        target: stateValue.staticSelect(sergio),
        note: stateValue.text("Es un tema de condiciones comerciales del contrato."),
      },
    });
    expect(answer.status).toBe(200);
    expect(answer.text).toBe("");
    expect(bot.bomb(bombId)).toMatchObject({ state: "pending", holder: "sergio@example.com" });

    const forwarded = await dm(sergio, "Luis Gil te reenvía la bomba de Frutas Hernández");
    const message = messageOf(bot.standIn, forwarded);
    expect(buttonsOf(message)).toEqual(holderButtons);
    expect(JSON.stringify(message.blocks)).toContain("condiciones comerciales");
    // It changed hands: those it climbed through hold nothing any more.
    for (const post of posted.filter((p) => p.args.channel !== dmOf(sergio))) {
      const expected = post.args.channel === dmOf(ana) ? ["bomba_defuse"] : [];
      await showsButtons(post, expected);
    }
  });

  it("accepts: the new holder commits a date and a visit", async () => {
    const modal = await clickForModal(sergio, "bomba_accept");
    const blockIds = (modal.blocks as { block_id?: string }[]).map((b) => b.block_id);
    expect(blockIds).toEqual(
      expect.arrayContaining(["severity", "due", "visit_by", "visit_on", "plan"]),
    );
    const answer = await bot.submit({
      userId: sergio,
      callbackId: "bomba_accept",
      privateMetadata: { bombId },
      viewId: "V0STORY03",
      values: {
        severity: stateValue.radio("minor"),
        due: stateValue.date(COMMITTED),
        visit_by: stateValue.user(sergio),
        visit_on: stateValue.date("2026-12-15"),
        plan: stateValue.text("Cambiar la ruta de reparto y visitar al cliente el martes."),
      },
    });
    expect(answer.status).toBe(200);
    expect(answer.text).toBe("");
    expect(bot.bomb(bombId)).toMatchObject({ state: "accepted", holder: "sergio@example.com" });

    const accepted = await dm(ana, "Sergio Castillo ha aceptado la bomba");
    expect(buttonsOf(messageOf(bot.standIn, accepted))).toEqual(["bomba_defuse"]);
    const toSergio = posted.find((p) => p.args.channel === dmOf(sergio)) as RecordedCall;
    await showsButtons(toSergio, ["bomba_resolve"]);
  });

  it("reminds: the owner hears of the committed date before it comes", async () => {
    await bot.settled();
    const run = await bot.tick(REMINDER);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/: 1 bomba avanzada \(/);
    const reminder = await dm(sergio, "La solución para Frutas Hernández S.A. vence el");
    expect(String(reminder.args.text)).toContain("22 dic");
    expect(buttonsOf(messageOf(bot.standIn, reminder))).toEqual(["bomba_resolve"]);
  });

  it("resolves: after the visit, the loyalty managers are asked to verify", async () => {
    const modal = await clickForModal(sergio, "bomba_resolve");
    const blockIds = (modal.blocks as { block_id?: string }[]).map((b) => b.block_id);
    expect(blockIds).toEqual(expect.arrayContaining(["solution", "visited_on", "visited_by"]));
    const answer = await bot.submit({
      userId: sergio,
      callbackId: "bomba_resolve",
      privateMetadata: { bombId },
      viewId: "V0STORY04",
      values: {
        solution: stateValue.text("Ruta nueva desde el lunes; el cliente recibió disculpas."),
        visited_on: stateValue.date("2026-12-14"),
        visited_by: stateValue.user(sergio),
      },
    });
    expect(answer.status).toBe(200);
    expect(answer.text).toBe("");
    expect(bot.bomb(bombId)).toMatchObject({ state: "resolved" });

    const resolved = await dm(ana, "resuelta: pendiente de verificar");
    expect(buttonsOf(messageOf(bot.standIn, resolved))).toEqual([
      "bomba_verify",
      "bomba_reopen",
      "bomba_defuse",
    ]);
    for (const post of posted.filter((p) => p.args.channel === dmOf(sergio))) {
      await showsButtons(post, []);
    }
  });

  it("closes: the loyalty manager verifies; everyone involved hears it, every DM is current", async () => {
    await bot.settled();
    const before = bot.standIn.calls.length;
    await clickForModal(ana, "bomba_verify");
    const answer = await bot.submit({
      userId: ana,
      callbackId: "bomba_verify",
      privateMetadata: { bombId },
      viewId: "V0STORY05",
      values: {
        satisfaction: stateValue.radio("satisfied"),
        note: stateValue.text("El cliente confirma que las entregas llegan a su hora."),
      },
    });
    expect(answer.status).toBe(200);
    expect(answer.text).toBe("");
    expect(bot.bomb(bombId)).toMatchObject({ state: "closed" });

    const earlier = [...posted];
    for (const person of [ana, nacho, luis, sergio]) {
      const closed = await dm(person, "Incidencia finalizada: Frutas Hernández S.A.");
      expect(buttonsOf(messageOf(bot.standIn, closed))).toEqual([]);
    }
    const everyone = new Set(
      postsTo(bot.standIn, ana)
        .concat(postsTo(bot.standIn, nacho), postsTo(bot.standIn, luis))
        .filter((p) => String(p.args.text).includes("Incidencia finalizada"))
        .map((p) => p.args.channel),
    );
    expect(everyone.size).toBe(3);

    // Every earlier DM was updated in place after the close, and none keeps a live button.
    await waitFor(() => {
      const updated = new Set(
        bot.standIn.calls
          .slice(before)
          .filter((c) => c.method === "chat.update" && c.response?.ok === true)
          .map((c) => `${String(c.args.channel)}/${String(c.args.ts)}`),
      );
      return earlier.every((p) =>
        updated.has(`${String(p.args.channel)}/${String(p.response?.ts)}`),
      );
    }, "chat.update on every earlier DM");
    for (const post of earlier) await showsButtons(post, []);
    for (const person of [ana, nacho, luis, sergio]) {
      for (const message of messagesTo(bot.standIn, person)) expect(buttonsOf(message)).toEqual([]);
    }
    expect(bot.timeline(bombId)).toEqual([
      "reported",
      "opened",
      "escalated",
      "forwarded",
      "accepted",
      "reminded",
      "resolved",
      "closed",
    ]);
  });

  it("sent one DM per message: nothing twice", async () => {
    await bot.settled();
    const texts = bot.standIn
      .callsTo("chat.postMessage")
      .map((c) => `${String(c.args.channel)} ${String(c.args.text)}`);
    expect(texts.length).toBe(new Set(texts).size);
    expect(bot.standIn.callsTo("chat.postMessage").every((c) => c.response?.ok === true)).toBe(
      true,
    );
    expect(bot.standIn.callsTo("chat.update").every((c) => c.response?.ok === true)).toBe(true);
  });

  it("reports the quarter from the database serve and tick filled: one CSV row per bomb", async () => {
    // Once the quarter is over: the ticks above ran days ahead of the bot's clock, and a quarter
    // under way is reported only up to now.
    const run = await bot.run(["report", "--quarter", "2026-Q4", "--format", "csv"], {
      BOMBA_CLOCK: "2027-01-04T10:00:00+01:00",
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout.charCodeAt(0)).toBe(0xfeff);
    const rows = parseCsv(run.stdout.slice(1));
    expect(rows.length - 1).toBe(bot.bombCount());
    expect(rows.slice(1).every((r) => r.length === rows[0]?.length)).toBe(true);
  });

  it("kept every Block Kit payload within Slack's limits", () => {
    expect(bot.standIn.calls.length).toBeGreaterThan(20);
    expect(blockKitProblems(bot.standIn.calls, bot.commandAnswers)).toEqual([]);
  });
});
