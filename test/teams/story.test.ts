/**
 * A bomb's whole life through the real `bomba serve` on Microsoft Teams, driven only as Teams
 * drives it (signed activities to `/api/messages`: command words, `task/fetch` and `task/submit`
 * of dialogs, `Action.Execute`, the compose box's action) and by `bomba tick --at` on the same
 * database, the twin of test/e2e/story.test.ts for Slack: the loyalty manager files a report
 * through the dialog, nobody answers, it climbs, the superior forwards it to another
 * department's link, who accepts, is reminded, resolves; the loyalty manager verifies and
 * everyone involved hears "incidencia finalizada", every earlier card edited in place. Then a
 * second bomb reopened and defused, a report through triage, and a catch-up after downtime.
 *
 * What is checked is what the stand-in's Bot Connector holds (every card valid Adaptive Card
 * 1.5, every request under 40 KB) and the store. The bot's clock starts at REFERENCE_CLOCK
 * (Monday 14 December 2026, 10:00 Madrid) and runs on from there.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalog } from "../../src/i18n/catalog.ts";
import { teamsCatalog } from "../../src/i18n/teams-catalog.ts";
import { waitFor } from "../e2e/harness.ts";
import { cardText, inputIds } from "../support/adaptive-cards.ts";
import { parseCsv } from "../support/csv-parse.ts";
import type { ConnectorActivity } from "../support/teams-stand-in.ts";
import {
  buttonsOf,
  cardOf,
  choiceValues,
  connectorProblems,
  DIGEST_CHANNEL,
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

const holderButtons = ["bomba_accept", "bomba_forward", "bomba_resolve"];
/** Three working days after the opening, a few minutes on: the answer is surely due. */
const ANSWER_DUE = "2026-12-17T10:05:00+01:00";
/** Committed Tuesday 22 (minor); reminded 3 days before, Saturday 19, moved to Friday 18 09:00. */
const COMMITTED = "2026-12-22";
const REMINDER = "2026-12-18T09:00:00+01:00";

const es = teamsCatalog("es");
const words = catalog("es");

describe("a bomb's life on Teams, end to end (Spanish org)", () => {
  let bot: TeamsBot;
  const bombId = 1;
  /** The cards of this bomb as they were posted, oldest first (live: edits show). */
  const posted: ConnectorActivity[] = [];

  async function card(who: Who, text: string): Promise<ConnectorActivity> {
    const held = await waitForCard(bot.standIn, who, text);
    if (!posted.includes(held)) posted.push(held);
    return held;
  }

  /** Waits until `held` shows exactly `buttons` (earlier cards are edited in the background). */
  async function showsButtons(held: ConnectorActivity, buttons: string[]): Promise<void> {
    await waitFor(
      () => JSON.stringify(buttonsOf(cardOf(held))) === JSON.stringify(buttons),
      `the card "${String(held.activity.summary)}" to show [${buttons.join(", ")}]`,
    ).catch((error: Error) => {
      throw new Error(`${error.message}; it shows [${buttonsOf(cardOf(held)).join(", ")}]`);
    });
  }

  /** `who` presses the bomb's button `action` (a `task/fetch`): the dialog's card. */
  async function openDialog(who: Who, action: string, id = bombId) {
    const answer = await bot.invoke(who, "task/fetch", {
      data: { msteams: { type: "task/fetch" }, action, bombId: id },
    });
    expect(answer.status).toBe(200);
    const dialog = dialogCardOf(answer.body);
    if (dialog === null) throw new Error(`no dialog: ${JSON.stringify(answer.body)}`);
    return dialog;
  }

  /** `who` submits the dialog of `action` with `values`; the answer's line. */
  async function submit(
    who: Who,
    action: string,
    values: Record<string, unknown>,
    id?: string,
  ): Promise<string | null> {
    const answer = await bot.invoke(who, "task/submit", { data: { action, ...values } }, id);
    expect(answer.status).toBe(200);
    const line = dialogLineOf(answer.body);
    if (line !== null) return line;
    // Shown again: what it says (an error under a field, or where the bomb stands).
    return `dialog: ${cardText(dialogCardOf(answer.body))}`;
  }

  beforeAll(async () => {
    bot = await startTeamsBot();
  });

  afterAll(async () => {
    await bot?.stop();
  });

  it("opens: nueva gives the loyalty manager the card whose button opens the report dialog", async () => {
    expect(await bot.say("ana", "nueva")).toBe(200);
    const answer = await waitForCard(bot.standIn, "ana", es.newReport.text);
    expect(buttonsOf(cardOf(answer))).toEqual(["bomba_open"]);
    const opened = await bot.invoke("ana", "task/fetch", {
      data: { msteams: { type: "task/fetch" }, action: "bomba_open" },
    });
    const dialog = dialogCardOf(opened.body);
    if (dialog === null) throw new Error("no report dialog");
    expect(inputIds(dialog)).toEqual(["customer", "contact", "complaint", "source", "department"]);
    expect(choiceValues(dialog, "department")).toEqual(["logistica", "comercial"]);
  });

  it("assigns: the submitted report goes to the department's link with its buttons", async () => {
    const line = await submit(
      "ana",
      "bomba_open",
      {
        customer: "Frutas Hernández S.A.",
        contact: "María Hernández, 600 123 456",
        complaint: "Tres entregas seguidas llegaron tarde y sin aviso.",
        source: "direct",
        department: "logistica",
      },
      "story-report-1",
    );
    expect(line).toBe(es.answers.reported({ id: bombId }));
    expect(bot.bombCount()).toBe(1);
    expect(bot.bomb(bombId)).toMatchObject({ state: "pending", holder: "nacho@example.com" });

    const held = await card("nacho", "Tienes una bomba");
    expect(textOf(held)).toContain("Frutas Hernández");
    expect(buttonsOf(cardOf(held))).toEqual(holderButtons);
    // Rendered on the bot's clock, like the deadline itself.
    expect(textOf(held)).toContain("jue, 17 dic, 10:00 (en 3 días laborables)");
    const ids = ((cardOf(held).actions ?? []) as { data?: { bombId?: unknown } }[]).map(
      (a) => a.data?.bombId,
    );
    expect(new Set(ids)).toEqual(new Set([bombId]));
  });

  it("double submission: the same report again (Teams retrying the invoke) files nothing twice", async () => {
    const line = await submit(
      "ana",
      "bomba_open",
      {
        customer: "Frutas Hernández S.A.",
        contact: "María Hernández, 600 123 456",
        complaint: "Tres entregas seguidas llegaron tarde y sin aviso.",
        source: "direct",
        department: "logistica",
      },
      "story-report-1",
    );
    expect(line).toBe(es.answers.reported({ id: bombId }));
    expect(bot.bombCount()).toBe(1);
    await bot.settled();
    expect(
      heldIn(bot.standIn, "nacho").filter((h) => textOf(h).includes("Tienes una bomba")),
    ).toHaveLength(1);
  });

  it("climbs: unanswered three working days, it goes to the superior; the holder is told", async () => {
    await bot.settled();
    const run = await bot.tick(ANSWER_DUE);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/: 1 bomba avanzada \(/);
    expect(bot.bomb(bombId)).toMatchObject({ state: "pending", holder: "luis@example.com" });

    const escalated = await card("luis", "Bomba no contestada por Nacho Pérez: ahora es tuya");
    expect(buttonsOf(cardOf(escalated))).toEqual(holderButtons);
    await card("nacho", "no se contestó y ha subido a Luis Gil");
    const toManager = await card("ana", "no se contestó y ha subido a Luis Gil");
    expect(buttonsOf(cardOf(toManager))).toEqual(["bomba_defuse"]);
    // Nacho is still among the holders: the bomb climbed through him and never changed hands.
    await showsButtons(posted[0] as ConnectorActivity, holderButtons);
  });

  it("forwards: the superior sends it to another department's link with a note", async () => {
    const dialog = await openDialog("luis", "bomba_forward");
    expect(inputIds(dialog)).toEqual(["target", "note"]);
    expect(choiceValues(dialog, "target")).toContain("sergio@example.com");
    const line = await submit("luis", "bomba_forward", {
      bombId,
      target: "sergio@example.com",
      note: "Es un tema de condiciones comerciales del contrato.",
    });
    expect(line).toBe(es.answers.done({ id: bombId }));
    expect(bot.bomb(bombId)).toMatchObject({ state: "pending", holder: "sergio@example.com" });

    const forwarded = await card("sergio", "Luis Gil te reenvía la bomba de Frutas Hernández");
    expect(buttonsOf(cardOf(forwarded))).toEqual(holderButtons);
    expect(textOf(forwarded)).toContain("condiciones comerciales");
    // It changed hands: those it climbed through hold nothing any more.
    const sergioChat = await bot.chatOf("sergio");
    const anaChat = await bot.chatOf("ana");
    for (const held of posted.filter((p) => p.conversationId !== sergioChat)) {
      await showsButtons(held, held.conversationId === anaChat ? ["bomba_defuse"] : []);
    }
  });

  it("a foreign click: Nacho, who holds it no more, presses Accept; he is told where it stands", async () => {
    const before = bot.bomb(bombId);
    const dialog = await openDialog("nacho", "bomba_accept");
    expect(inputIds(dialog)).toEqual([]);
    const said = JSON.stringify(dialog);
    expect(said).toContain(words.chat.status.intro);
    expect(said).toContain("Sergio Castillo");
    expect(bot.bomb(bombId)).toEqual(before);
  });

  it("accepts: the new holder commits a date and a visit", async () => {
    const dialog = await openDialog("sergio", "bomba_accept");
    expect(inputIds(dialog)).toEqual(["severity", "due", "visit_by", "visit_on", "plan"]);
    const accept = {
      bombId,
      severity: "minor",
      due: COMMITTED,
      visit_by: entraIds.sergio,
      visit_on: "2026-12-15",
      plan: "Cambiar la ruta de reparto y visitar al cliente el martes.",
    };
    expect(await submit("sergio", "bomba_accept", accept, "story-accept-1")).toBe(
      es.answers.done({ id: bombId }),
    );
    expect(bot.bomb(bombId)).toMatchObject({ state: "accepted", holder: "sergio@example.com" });

    const accepted = await card("ana", "Sergio Castillo ha aceptado la bomba");
    expect(buttonsOf(cardOf(accepted))).toEqual(["bomba_defuse"]);
    const sergioChat = await bot.chatOf("sergio");
    await showsButtons(posted.find((p) => p.conversationId === sergioChat) as ConnectorActivity, [
      "bomba_resolve",
    ]);

    // The same submission again changes nothing: one acceptance on the timeline.
    const version = bot.bomb(bombId)?.version;
    await submit("sergio", "bomba_accept", accept, "story-accept-1");
    expect(bot.bomb(bombId)?.version).toBe(version);
    expect(bot.timeline(bombId).filter((kind) => kind === "accepted")).toHaveLength(1);
  });

  it("a stale click: Accept on Sergio's first card answers with the bomb as it stands now", async () => {
    const dialog = await openDialog("sergio", "bomba_accept");
    expect(inputIds(dialog)).toEqual([]);
    expect(JSON.stringify(dialog)).toContain(words.states.accepted);
    expect(bot.bomb(bombId)?.state).toBe("accepted");
  });

  it("reminds: the owner hears of the committed date before it comes", async () => {
    await bot.settled();
    const run = await bot.tick(REMINDER);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/: 1 bomba avanzada \(/);
    const reminder = await card("sergio", "La solución para Frutas Hernández S.A. vence el");
    expect(textOf(reminder)).toContain("22 dic");
    expect(buttonsOf(cardOf(reminder))).toEqual(["bomba_resolve"]);
  });

  it("resolves: after the visit, the loyalty manager is asked to verify", async () => {
    const dialog = await openDialog("sergio", "bomba_resolve");
    expect(inputIds(dialog)).toEqual(["solution", "visited_on", "visited_by"]);
    const line = await submit("sergio", "bomba_resolve", {
      bombId,
      solution: "Ruta nueva desde el lunes; el cliente recibió disculpas.",
      visited_on: "2026-12-14",
      visited_by: entraIds.sergio,
    });
    expect(line).toBe(es.answers.done({ id: bombId }));
    expect(bot.bomb(bombId)).toMatchObject({ state: "resolved" });

    const resolved = await card("ana", "resuelta: pendiente de verificar");
    expect(buttonsOf(cardOf(resolved))).toEqual(["bomba_verify", "bomba_reopen", "bomba_defuse"]);
    const sergioChat = await bot.chatOf("sergio");
    for (const held of posted.filter((p) => p.conversationId === sergioChat)) {
      await showsButtons(held, []);
    }
  });

  it("closes: the loyalty manager verifies; everyone involved hears it, every card is current", async () => {
    await bot.settled();
    const updatesBefore = new Map(posted.map((held) => [held, held.updates]));
    const dialog = await openDialog("ana", "bomba_verify");
    expect(inputIds(dialog)).toEqual(["satisfaction", "note"]);
    const line = await submit("ana", "bomba_verify", {
      bombId,
      satisfaction: "satisfied",
      note: "El cliente confirma que las entregas llegan a su hora.",
    });
    expect(line).toBe(es.answers.done({ id: bombId }));
    expect(bot.bomb(bombId)).toMatchObject({ state: "closed" });

    const earlier = [...posted];
    for (const who of ["ana", "nacho", "luis", "sergio"] as const) {
      const closed = await card(who, "Incidencia finalizada: Frutas Hernández S.A.");
      expect(buttonsOf(cardOf(closed))).toEqual([]);
    }
    // Every earlier card was edited in place after the close (a PUT, not a new post), and none
    // keeps a live button.
    await waitFor(
      () => earlier.every((held) => held.updates > (updatesBefore.get(held) ?? 0)),
      "an edit of every earlier card",
    );
    for (const held of earlier) await showsButtons(held, []);
    for (const who of ["ana", "nacho", "luis", "sergio"] as const) {
      for (const held of heldIn(bot.standIn, who)) {
        if (textOf(held).includes("Frutas Hernández")) expect(buttonsOf(cardOf(held))).toEqual([]);
      }
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

  const second = {
    customer: "Papelera Norte S.L.",
    contact: "Julián Sáez, 611 222 333",
    complaint: "Facturas con precios distintos a los pactados.",
    source: "survey",
    department: "comercial",
  };
  let secondId = 0;

  it("reopens: a second bomb, resolved, is reopened by the loyalty manager with a new date", async () => {
    const line = await submit("ana", "bomba_open", second);
    secondId = Number(/#(\d+)/.exec(String(line))?.[1]);
    expect(line).toBe(es.answers.reported({ id: secondId }));
    const assigned = await waitForCard(
      bot.standIn,
      "sergio",
      words.messages.bomb_assigned({ customer: second.customer }),
    );
    expect(buttonsOf(cardOf(assigned))).toEqual(holderButtons);
    expect(
      await submit("sergio", "bomba_accept", {
        bombId: secondId,
        severity: "minor",
        due: "2026-12-21",
        visit_by: entraIds.sergio,
        visit_on: "2026-12-16",
        plan: "Revisar las tarifas con el cliente.",
      }),
    ).toBe(es.answers.done({ id: secondId }));
    expect(
      await submit("sergio", "bomba_resolve", {
        bombId: secondId,
        solution: "Facturas rectificadas.",
        visited_on: "2026-12-14",
        visited_by: entraIds.sergio,
      }),
    ).toBe(es.answers.done({ id: secondId }));
    const toVerify = await waitForCard(
      bot.standIn,
      "ana",
      words.messages.bomb_resolved({ customer: second.customer }),
    );
    expect(buttonsOf(cardOf(toVerify))).toEqual(["bomba_verify", "bomba_reopen", "bomba_defuse"]);

    const dialog = await openDialog("ana", "bomba_reopen", secondId);
    expect(inputIds(dialog)).toEqual(["due", "note"]);
    expect(
      await submit("ana", "bomba_reopen", {
        bombId: secondId,
        due: "2026-12-23",
        note: "El cliente dice que la última factura sigue mal.",
      }),
    ).toBe(es.answers.done({ id: secondId }));
    expect(bot.bomb(secondId)).toMatchObject({ state: "accepted", holder: "sergio@example.com" });
    const reopened = await waitForCard(
      bot.standIn,
      "sergio",
      words.messages.bomb_reopened({ customer: second.customer }),
    );
    expect(buttonsOf(cardOf(reopened))).toEqual(["bomba_resolve"]);
    expect(textOf(reopened)).toContain("la última factura sigue mal");
    // The card Ana verified from offers nothing to verify any more.
    await showsButtons(toVerify, ["bomba_defuse"]);
  });

  it("defuses: the loyalty manager defuses it with a reason; every card of it is left without buttons", async () => {
    const dialog = await openDialog("ana", "bomba_defuse", secondId);
    expect(inputIds(dialog)).toEqual(["reason"]);
    // An empty reason is refused under the field, nothing done.
    const refused = await bot.invoke("ana", "task/submit", {
      data: { action: "bomba_defuse", bombId: secondId, reason: "  " },
    });
    const again = dialogCardOf(refused.body);
    expect(JSON.stringify(again)).toContain(words.reasons.field_required({}));
    expect(bot.bomb(secondId)?.state).toBe("accepted");
    expect(
      await submit("ana", "bomba_defuse", {
        bombId: secondId,
        reason: "El cliente retira la queja tras hablar con dirección.",
      }),
    ).toBe(es.answers.done({ id: secondId }));
    expect(bot.bomb(secondId)).toMatchObject({ state: "defused" });
    await waitForCard(
      bot.standIn,
      "sergio",
      words.messages.bomb_defused({ customer: second.customer }),
    );
    for (const who of ["ana", "sergio"] as const) {
      for (const held of heldIn(bot.standIn, who).filter((h) =>
        textOf(h).includes(second.customer),
      )) {
        await showsButtons(held, []);
      }
    }
    expect(bot.timeline(secondId)).toEqual([
      "reported",
      "opened",
      "accepted",
      "resolved",
      "reopened",
      "defused",
    ]);
  });

  let triageId = 0;

  it("triage: a report from someone who is no loyalty manager waits for triage; Ana activates it", async () => {
    const opened = await bot.invoke("luis", "composeExtension/fetchTask", {
      commandId: "bomba_open",
      commandContext: "compose",
    });
    const form = dialogCardOf(opened.body);
    if (form === null) throw new Error("no report dialog from the compose box");
    expect(inputIds(form)).toEqual(["customer", "contact", "complaint", "source"]);
    const filed = await bot.invoke("luis", "composeExtension/submitAction", {
      commandId: "bomba_open",
      commandContext: "compose",
      data: {
        action: "bomba_open",
        customer: "Bodegas Sur",
        contact: "Pepe Ruiz",
        complaint: "Palés rotos en las dos últimas entregas.",
        source: "direct",
      },
    });
    const line = dialogLineOf(filed.body);
    triageId = Number(/#(\d+)/.exec(String(line))?.[1]);
    expect(line).toBe(es.answers.reported({ id: triageId }));
    expect(bot.bomb(triageId)).toMatchObject({ state: "triage" });
    const request = await waitForCard(
      bot.standIn,
      "ana",
      words.messages.triage_request({ customer: "Bodegas Sur" }),
    );
    expect(buttonsOf(cardOf(request))).toEqual([
      "bomba_triage_activate",
      "bomba_triage_dismiss",
      "bomba_defuse",
    ]);

    // A foreign click: Nacho may not triage.
    const foreign = await bot.invoke("nacho", "task/fetch", {
      data: { msteams: { type: "task/fetch" }, action: "bomba_triage_activate", bombId: triageId },
    });
    expect(inputIds(dialogCardOf(foreign.body))).toEqual([]);
    expect(bot.bomb(triageId)?.state).toBe("triage");

    const activate = await openDialog("ana", "bomba_triage_activate", triageId);
    expect(inputIds(activate)).toEqual([
      "customer",
      "contact",
      "complaint",
      "source",
      "department",
    ]);
    const data = {
      bombId: triageId,
      customer: "Bodegas Sur",
      contact: "Pepe Ruiz",
      complaint: "Palés rotos en las dos últimas entregas.",
      source: "direct",
      department: "logistica",
    };
    expect(await submit("ana", "bomba_open", data, "story-activate-1")).toBe(
      es.answers.done({ id: triageId }),
    );
    expect(bot.bomb(triageId)).toMatchObject({ state: "pending", holder: "nacho@example.com" });
    // Twice submitted, activated once.
    await submit("ana", "bomba_open", data, "story-activate-1");
    expect(bot.timeline(triageId).filter((kind) => kind === "opened")).toHaveLength(1);
    const assigned = await waitForCard(
      bot.standIn,
      "nacho",
      words.messages.bomb_assigned({ customer: "Bodegas Sur" }),
    );
    expect(buttonsOf(cardOf(assigned))).toEqual(holderButtons);
    await waitForCard(
      bot.standIn,
      "luis",
      words.messages.report_activated({ customer: "Bodegas Sur", id: triageId }),
    );
    // Edited in place: nothing to triage any more; the loyalty manager may still defuse it.
    await showsButtons(request, ["bomba_defuse"]);
  });

  it("triage: a foreign dismiss is refused; Ana's dismisses the report and its card is edited", async () => {
    const filed = await bot.invoke("marcos", "composeExtension/submitAction", {
      commandId: "bomba_open",
      commandContext: "compose",
      data: {
        action: "bomba_open",
        customer: "Ultramarinos Paco",
        contact: "Paco",
        complaint: "Una caja llegó abierta.",
        source: "direct",
      },
    });
    const id = Number(/#(\d+)/.exec(String(dialogLineOf(filed.body)))?.[1]);
    const request = await waitForCard(
      bot.standIn,
      "ana",
      words.messages.triage_request({ customer: "Ultramarinos Paco" }),
    );
    const execute = (who: Who) =>
      bot.invoke(who, "adaptiveCard/action", {
        action: { type: "Action.Execute", verb: "bomba_triage_dismiss", data: { bombId: id } },
        trigger: "manual",
      });
    const foreign = await execute("nacho");
    expect(String(foreign.body.value)).toContain(words.chat.status.intro);
    expect(bot.bomb(id)?.state).toBe("triage");
    const done = await execute("ana");
    expect(done.body.value).toBe(es.answers.dismissed({ id }));
    expect(bot.bomb(id)?.state).toBe("dismissed");
    await waitForCard(
      bot.standIn,
      "marcos",
      words.messages.report_dismissed({ customer: "Ultramarinos Paco" }),
    );
    await showsButtons(request, []);
    // A stale dismiss, once more: where it stands, nothing done.
    const stale = await execute("ana");
    expect(String(stale.body.value)).toContain(words.states.dismissed);
  });

  it("catches up after downtime: serve down over the answer's deadline climbs it at start-up", async () => {
    await bot.settled();
    const nachoCard = await waitForCard(
      bot.standIn,
      "nacho",
      words.messages.bomb_assigned({ customer: "Bodegas Sur" }),
    );
    const edits = nachoCard.updates;
    // Down from Monday 14 to Monday 21: the answer was due Thursday 17.
    await bot.restart("2026-12-21T10:00:00+01:00");
    expect(bot.bomb(triageId)).toMatchObject({ state: "pending", holder: "luis@example.com" });
    const escalated = await waitForCard(
      bot.standIn,
      "luis",
      words.messages.bomb_escalated({ from: "Nacho Pérez", customer: "Bodegas Sur" }),
    );
    expect(buttonsOf(cardOf(escalated))).toEqual(holderButtons);
    await waitFor(() => nachoCard.updates > edits, "Nacho's card edited after the climb");
    // Nacho's conversation was kept: the restart did not create it again.
    const creations = bot.standIn
      .callsTo("connector", "POST", /^\/v3\/conversations$/)
      .filter(
        (call) =>
          call.status === 201 &&
          (call.body as { members?: { id?: string }[] }).members?.[0]?.id === entraIds.nacho,
      );
    expect(creations).toHaveLength(1);
    expect(bot.timeline(triageId)).toContain("escalated");
  }, 60_000);

  it("posted the digest of each day the bot and tick ran to the digest channel", () => {
    const digests = bot.standIn.activities.filter(
      (held) => held.conversationId.split(";")[0] === DIGEST_CHANNEL,
    );
    // Monday 14 (serve's start), Thursday 17 and Friday 18 (the ticks), Monday 21 (the restart).
    expect(digests.length).toBeGreaterThanOrEqual(4);
    for (const held of digests) expect(cardOf(held).version).toBe("1.5");
  });

  it("reports the quarter from the database serve and tick filled: one CSV row per bomb", async () => {
    const run = await bot.run(["report", "--quarter", "2026-Q4", "--format", "csv"], {
      BOMBA_CLOCK: "2027-01-04T10:00:00+01:00",
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout.charCodeAt(0)).toBe(0xfeff);
    const rows = parseCsv(run.stdout.slice(1));
    // A report dismissed in triage never was a bomb: it is left out.
    const bombs = Array.from({ length: bot.bombCount() }, (_, i) => bot.bomb(i + 1)).filter(
      (stored) => stored !== null && stored.state !== "dismissed",
    );
    expect(bombs).toHaveLength(3);
    expect(rows.length - 1).toBe(bombs.length);
    expect(rows.slice(1).every((r) => r.length === rows[0]?.length)).toBe(true);
    expect(run.stdout).toContain("Frutas Hernández S.A.");
  });

  it("sent one card per message: nothing twice, every post and edit taken", async () => {
    await bot.settled();
    const posts = bot.standIn
      .callsTo("connector", "POST", /\/activities$/)
      .filter((call) => call.status !== 429);
    const texts = posts.map(
      (call) => `${call.route} ${String((call.body as { summary?: string }).summary)}`,
    );
    expect(texts.length).toBe(new Set(texts).size);
    expect(
      posts.filter((call) => call.status !== 201).map((call) => `${call.status} ${call.route}`),
    ).toEqual([]);
    const edits = bot.standIn.callsTo("connector", "PUT");
    expect(edits.length).toBeGreaterThan(0);
    // `serve` and `tick` each pace their own posts, so together they may go past Teams' limit
    // on one chat: every 429 was waited out and the same edit made afterwards, nothing lost.
    const calls = bot.standIn.calls;
    const lost = edits
      .filter((call) => call.status !== 200)
      .filter(
        (call) =>
          call.status !== 429 ||
          !calls
            .slice(calls.indexOf(call) + 1)
            .some(
              (later) =>
                later.method === "PUT" && later.route === call.route && later.status === 200,
            ),
      );
    expect(lost.map((call) => `${call.status} ${call.route}`)).toEqual([]);
  });

  it("kept every card valid Adaptive Card 1.5 and every request under 40 KB", () => {
    expect(bot.standIn.callsTo("connector").length).toBeGreaterThan(20);
    expect(connectorProblems(bot.standIn)).toEqual([]);
  });
});
