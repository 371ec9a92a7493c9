import { describe, expect, it } from "vitest";
import { parseCommandText } from "../../src/chat/command-text.ts";
import { actions, inputs, views } from "../../src/chat/ids.ts";
import {
  acceptForm,
  defuseForm,
  type FormSpec,
  forwardForm,
  openForm,
  reopenForm,
  resolveForm,
  verifyForm,
} from "../../src/chat/views/forms.ts";
import type { Bomb } from "../../src/core/bomb.ts";
import { latestDueDate } from "../../src/core/checks.ts";
import type { EventKind, MessageKind, Params } from "../../src/core/effects.ts";
import type { Org, PersonId } from "../../src/core/org.ts";
import { CARD_BYTE_LIMIT, jsonBytes } from "../../src/teams/cards/adaptive.ts";
import {
  buildDetailCard,
  buildHelpCard,
  buildHomeCard,
  buildListCard,
  buildNewReportCard,
  buildStatusCard,
  type TimelineRow,
} from "../../src/teams/cards/answer-cards.ts";
import { buildBombCard } from "../../src/teams/cards/bomb-card.ts";
import { type CardContext, viewContextOf } from "../../src/teams/cards/context.ts";
import { buildFormDialog, dialogContinue } from "../../src/teams/cards/form-card.ts";
import { escapeTeamsMarkdown } from "../../src/teams/cards/markup.ts";
import { teamsSurface } from "../../src/teams/surface.ts";
import {
  acceptedBomb,
  at,
  atTopBomb,
  calendar,
  closedBomb,
  defusedBomb,
  dismissedBomb,
  escalatedBomb,
  forwardedBomb,
  org,
  orgEn,
  orgFrom,
  overdueBomb,
  overForwardedBomb,
  P,
  pendingBomb,
  REFERENCE,
  reassignedBomb,
  reopenedBomb,
  resolvedBomb,
  triageBomb,
} from "../slack/slack-fixtures.ts";
import {
  cardProblems,
  cardText,
  elements,
  inputIds,
  libraryProblems,
  schemaProblems,
  TEAMS_MESSAGE_LIMIT,
  teamsProblems,
} from "../support/adaptive-cards.ts";

type Json = Record<string, unknown>;

/** A fake Entra object id per person; Hugo is not in Teams. */
function teamsIdOf(person: PersonId): string | null {
  return person === P.hugo ? null : `aad-${person.split("@")[0]}`;
}

function ctxFor(o: Org = org, now = REFERENCE): CardContext {
  return { org: o, calendar, now, teamsUserOf: teamsIdOf };
}

const ctx = ctxFor();
const view = viewContextOf(ctx);
const locales = [
  ["es", org],
  ["en", orgEn],
] as const;

/** Every card's actions. */
function actionsOf(card: unknown): Json[] {
  return ((card as Json).actions ?? []) as Json[];
}

interface Case {
  kind: MessageKind;
  bomb: () => Bomb;
  to: PersonId;
  params: Params;
}

const messages: Case[] = [
  { kind: "triage_request", bomb: triageBomb, to: P.ana, params: { reporter: P.jorge } },
  { kind: "report_activated", bomb: pendingBomb, to: P.jorge, params: {} },
  { kind: "bomb_unanswered", bomb: escalatedBomb, to: P.nacho, params: { to: P.luis } },
  {
    kind: "visit_assigned",
    bomb: acceptedBomb,
    to: P.marcos,
    params: { owner: P.nacho, visitOn: "2026-11-27" },
  },
  { kind: "bomb_assigned", bomb: pendingBomb, to: P.nacho, params: {} },
  { kind: "bomb_escalated", bomb: escalatedBomb, to: P.luis, params: { from: P.nacho } },
  { kind: "unanswered_at_top", bomb: atTopBomb, to: P.carlos, params: {} },
  {
    kind: "bomb_forwarded",
    bomb: forwardedBomb,
    to: P.sergio,
    params: { from: P.nacho, note: "Es un tema de condiciones comerciales." },
  },
  { kind: "forward_limit", bomb: overForwardedBomb, to: P.ana, params: { forwards: 4 } },
  {
    kind: "bomb_accepted",
    bomb: acceptedBomb,
    to: P.ana,
    params: { owner: P.nacho, severity: "minor", dueDate: "2026-12-02" },
  },
  {
    kind: "commitment_reminder",
    bomb: acceptedBomb,
    to: P.nacho,
    params: { dueDate: "2026-12-02" },
  },
  {
    kind: "commitment_overdue",
    bomb: overdueBomb,
    to: P.luis,
    params: { owner: P.nacho, dueDate: "2026-12-02", reached: P.luis },
  },
  {
    kind: "bomb_resolved",
    bomb: resolvedBomb,
    to: P.ana,
    params: { solution: "Ruta nueva.", visitedOn: "2026-11-27", visitedBy: P.marcos },
  },
  {
    kind: "bomb_closed",
    bomb: closedBomb,
    to: P.nacho,
    params: { satisfaction: "satisfied", note: "" },
  },
  {
    kind: "bomb_reopened",
    bomb: reopenedBomb,
    to: P.nacho,
    params: { dueDate: "2026-12-04", note: "Sigue igual." },
  },
  {
    kind: "bomb_defused",
    bomb: defusedBomb,
    to: P.nacho,
    params: { reason: "Era un malentendido.", by: P.ana },
  },
  { kind: "report_dismissed", bomb: dismissedBomb, to: P.jorge, params: { reason: "No es VIP." } },
  {
    kind: "bomb_reassigned",
    bomb: reassignedBomb,
    to: P.ana,
    params: { from: P.nacho, to: P.marcos, reason: "Nacho está de baja." },
  },
];

describe("bomb cards", () => {
  it.each(locales.flatMap(([locale, o]) => messages.map((m) => [locale, m.kind, m, o] as const)))(
    "%s %s is a valid Adaptive Card 1.5 with a fallback text",
    (_locale, _kind, message, o) => {
      const card = buildBombCard(
        { kind: message.kind, params: message.params, bomb: message.bomb(), recipient: message.to },
        ctxFor(o),
      );

      expect(cardProblems(card)).toEqual([]);
      expect(card.fallbackText).toMatch(/\(#\d+\)$/);
    },
  );

  it("asks for a form through a dialog, and dismisses a report at once", () => {
    const holder = buildBombCard(
      { kind: "bomb_assigned", params: {}, bomb: pendingBomb(), recipient: P.nacho },
      ctx,
    );
    const triage = buildBombCard(
      {
        kind: "triage_request",
        params: { reporter: P.jorge },
        bomb: triageBomb(),
        recipient: P.ana,
      },
      ctx,
    );

    expect(actionsOf(holder)).toEqual([
      {
        type: "Action.Submit",
        title: "✋ Aceptar",
        style: "positive",
        data: { msteams: { type: "task/fetch" }, action: actions.accept, bombId: 12 },
      },
      expect.objectContaining({
        data: { msteams: { type: "task/fetch" }, action: actions.forward, bombId: 12 },
      }),
      expect.objectContaining({
        data: { msteams: { type: "task/fetch" }, action: actions.resolve, bombId: 12 },
      }),
    ]);
    expect(actionsOf(triage)).toEqual([
      expect.objectContaining({
        type: "Action.Submit",
        data: { msteams: { type: "task/fetch" }, action: actions.triageActivate, bombId: 7 },
      }),
      {
        type: "Action.Execute",
        title: "🗑️ Descartar",
        verb: actions.triageDismiss,
        data: { bombId: 7 },
      },
      expect.objectContaining({
        style: "destructive",
        data: expect.objectContaining({ action: actions.defuse }),
      }),
    ]);
  });

  it("shows the facts, the holder by name and the quoted complaint", () => {
    const card = buildBombCard(
      { kind: "bomb_assigned", params: {}, bomb: escalatedBomb(), recipient: P.luis },
      ctx,
    );
    const text = cardText(card);

    expect(text).toContain("Distribuciones Norte S.A.");
    expect(text).toContain("Luis Gil");
    expect(text).toContain("Nacho Pérez → Luis Gil");
    expect(text).toContain(
      "Tres entregas seguidas con más de 48 horas de retraso y sin aviso previo.",
    );
    expect(elements(card).some((element) => element.type === "FactSet")).toBe(true);
    expect(elements(card).some((element) => element.style === "emphasis")).toBe(true);
  });

  it.each(locales)(
    "%s: the footer names the history command in Teams' words, not Slack's",
    (_locale, o) => {
      const card = buildBombCard(
        { kind: "bomb_assigned", params: {}, bomb: pendingBomb({}, o), recipient: P.nacho },
        ctxFor(o),
      );
      const detail = buildDetailCard(pendingBomb({}, o), [], ctxFor(o));

      for (const text of [cardText(card), cardText(detail)]) {
        expect(text).not.toContain("/bomba");
        expect(text).toContain(o.locale === "es" ? "historial: ver 12" : "history: show 12");
      }
      expect(cardText(buildHomeCard([], [], ctxFor(o)))).not.toContain("/bomba");
    },
  );

  it("a finished bomb's card has no buttons", () => {
    const card = buildBombCard(
      { kind: "bomb_closed", params: {}, bomb: closedBomb(), recipient: P.nacho },
      ctx,
    );

    expect(actionsOf(card)).toEqual([]);
    expect(cardProblems(card)).toEqual([]);
  });

  it("renders a message about no bomb", () => {
    const card = buildBombCard(
      { kind: "delivery_failed", params: { to: P.hugo }, bomb: null, recipient: P.ana },
      ctx,
    );

    expect(cardProblems(card)).toEqual([]);
    expect(card.fallbackText).not.toContain("#");
  });

  it("escapes what people typed so that it reads as typed", () => {
    const typed =
      "**Jefe** _x_ [pincha](https://evil.example) {{DATE(2017-02-14T06:08:39Z, SHORT)}}\n- uno\n1. dos";
    const card = buildBombCard(
      {
        kind: "bomb_assigned",
        params: {},
        bomb: pendingBomb({ customer: typed, complaint: typed }),
        recipient: P.nacho,
      },
      ctx,
    );
    const text = cardText(card);

    expect(cardProblems(card)).toEqual([]);
    expect(text).toContain("\\*\\*Jefe\\*\\* \\_x\\_ \\[pincha\\](https://evil.example)");
    expect(text).not.toContain("{{DATE");
    expect(text).toContain("\n\n\\- uno\n\n1\\. dos");
  });

  it.each([
    ["3,000 plain characters", "Retraso sin aviso. ".repeat(200).slice(0, 3000)],
    ["3,000 characters that all need escaping", "*_[]".repeat(750)],
    ["3,000 emoji", "💣".repeat(1500)],
  ])("every text at %s stays under 40 KB, shortened only as much as needed", (_name, long) => {
    const bomb = resolvedBomb();
    const huge = {
      ...bomb,
      customer: long,
      contact: long,
      complaint: long,
      ...(bomb.state === "resolved"
        ? {
            commitment: { ...bomb.commitment, plan: long },
            resolution: { ...bomb.resolution, solution: long },
          }
        : {}),
    } as Bomb;

    const card = buildBombCard(
      {
        kind: "bomb_resolved",
        params: { solution: `${long}!`, note: long, reason: long },
        bomb: huge,
        recipient: P.ana,
      },
      ctx,
    );

    expect(cardProblems(card)).toEqual([]);
    expect(jsonBytes(card)).toBeLessThan(TEAMS_MESSAGE_LIMIT);
    expect(jsonBytes(card)).toBeGreaterThan(CARD_BYTE_LIMIT / 4);
  });
});

/** Every form, with its id, the inputs the contract gives it and its bomb. */
function forms(o: Org): [string, () => FormSpec, string, readonly string[], number | null][] {
  const c = viewContextOf(ctxFor(o));
  const bomb = pendingBomb({}, o);
  return [
    [
      "open",
      () => openForm({ org: o, reporterIsLoyaltyManager: false }),
      views.open,
      inputs.open.filter((i) => i !== "department"),
      null,
    ],
    [
      "open by a loyalty manager",
      () => openForm({ org: o, reporterIsLoyaltyManager: true }),
      views.open,
      inputs.open,
      null,
    ],
    [
      "open from triage",
      () =>
        openForm({ org: o, reporterIsLoyaltyManager: true, prefill: triageBomb({}, o), bombId: 7 }),
      views.open,
      inputs.open,
      7,
    ],
    ["accept", () => acceptForm(bomb, c, P.nacho), views.accept, inputs.accept, 12],
    ["forward", () => forwardForm(bomb, c), views.forward, inputs.forward, 12],
    ["resolve", () => resolveForm(bomb, c, P.nacho), views.resolve, inputs.resolve, 12],
    ["verify", () => verifyForm(resolvedBomb(), c), views.verify, inputs.verify, 12],
    ["reopen", () => reopenForm(resolvedBomb(), c), views.reopen, inputs.reopen, 12],
    ["defuse", () => defuseForm(bomb, c), views.defuse, inputs.defuse, 12],
  ];
}

describe("form dialogs", () => {
  it.each(locales.flatMap(([locale, o]) => forms(o).map((f) => [locale, ...f] as const)))(
    "%s %s: inputs named by the contract, submitting {action, bombId}",
    (_locale, _name, build, formId, inputNames, bombId) => {
      const o = _locale === "es" ? org : orgEn;
      const dialog = buildFormDialog(build(), ctxFor(o));

      expect(cardProblems(dialog.card)).toEqual([]);
      expect(inputIds(dialog.card)).toEqual([...inputNames]);
      expect(actionsOf(dialog.card)).toEqual([
        expect.objectContaining({ type: "Action.Submit", data: { action: formId, bombId } }),
      ]);
      expect(dialog.title.length).toBeGreaterThan(0);
    },
  );

  it("answers a task/fetch with the dialog as Teams expects it", () => {
    const dialog = buildFormDialog(acceptForm(pendingBomb(), view, P.nacho), ctx);

    expect(dialogContinue(dialog)).toEqual({
      task: {
        type: "continue",
        value: {
          title: dialog.title,
          card: { contentType: "application/vnd.microsoft.card.adaptive", content: dialog.card },
        },
      },
    });
  });

  it("the accept dialog: severity as radios, the latest date proposed, a people picker with whoever opens it", () => {
    const dialog = buildFormDialog(acceptForm(pendingBomb(), view, P.nacho), ctx);
    const byId = Object.fromEntries(
      elements(dialog.card)
        .filter((e) => "id" in e)
        .map((e) => [e.id, e]),
    );

    expect(byId.severity).toMatchObject({
      type: "Input.ChoiceSet",
      style: "expanded",
      value: "minor",
    });
    expect(byId.due).toMatchObject({
      type: "Input.Date",
      value: latestDueDate("minor", view),
      isRequired: true,
      errorMessage: "Hace falta rellenar este campo.",
    });
    expect(byId.visit_by).toEqual({
      type: "Input.ChoiceSet",
      id: "visit_by",
      label: expect.any(String),
      isRequired: true,
      errorMessage: "Hace falta rellenar este campo.",
      style: "compact",
      choices: [{ title: "Nacho Pérez", value: "aad-nacho" }],
      value: "aad-nacho",
      "choices.data": { type: "Data.Query", dataset: "graph.microsoft.com/users" },
    });
    expect(byId.plan).toMatchObject({ type: "Input.Text", isMultiline: true, maxLength: 3000 });
  });

  it("a people picker proposes nobody Teams does not know", () => {
    const dialog = buildFormDialog(resolveForm(pendingBomb(), view, P.hugo), ctx);
    const picker = elements(dialog.card).find((e) => e.id === "visited_by");

    expect(picker).toMatchObject({ choices: [] });
    expect(picker).not.toHaveProperty("value");
    expect(cardProblems(dialog.card)).toEqual([]);
  });

  it("puts each error right under its field, and an error of no field at the end", () => {
    const dialog = buildFormDialog(acceptForm(pendingBomb(), view, P.nacho), ctx, {
      due: "La fecha ya ha pasado.",
      plan: "Falta el plan.",
      department: "Elija un departamento.",
    });
    const body = dialog.card.body as unknown as Json[];
    const below = (id: string) => body[body.findIndex((element) => element.id === id) + 1];

    expect(cardProblems(dialog.card)).toEqual([]);
    expect(below("due")).toMatchObject({
      type: "TextBlock",
      color: "attention",
      text: "⚠️ La fecha ya ha pasado.",
    });
    expect(below("plan")).toMatchObject({ color: "attention", text: "⚠️ Falta el plan." });
    expect(body.find((element) => element.id === "due")).toMatchObject({
      errorMessage: "La fecha ya ha pasado.",
    });
    expect(body.at(-1)).toMatchObject({ color: "attention", text: "⚠️ Elija un departamento." });
    expect(body.filter((element) => element.color === "attention")).toHaveLength(3);
  });

  it("offers the forward targets as static choices whose values are person ids", () => {
    const dialog = buildFormDialog(forwardForm(pendingBomb(), view), ctx);
    const target = elements(dialog.card).find((e) => e.id === "target") as {
      choices: { title: string; value: string }[];
    };

    expect(target.choices.map((choice) => choice.value)).toContain(P.sergio);
    expect(target.choices.every((choice) => choice.value.includes("@"))).toBe(true);
    expect(target.choices.find((choice) => choice.value === P.sergio)?.title).toMatch(
      /^Sergio Castillo/,
    );
  });

  it("a forward form with nobody to forward to says so and has no submit", () => {
    const dialog = buildFormDialog(forwardForm(acceptedBomb(), view), ctx);

    expect(actionsOf(dialog.card)).toEqual([]);
    expect(inputIds(dialog.card)).toEqual([]);
    expect(cardProblems(dialog.card)).toEqual([]);
  });

  it("with 3,000-character texts prefilled", () => {
    const long = "*".repeat(3000);
    const triage = triageBomb({ customer: long, contact: long, complaint: long });
    const dialog = buildFormDialog(
      openForm({ org, reporterIsLoyaltyManager: true, prefill: triage, bombId: 7 }),
      ctx,
    );

    expect(cardProblems(dialog.card)).toEqual([]);
    expect(elements(dialog.card).find((e) => e.id === "complaint")).toMatchObject({ value: long });
  });

  it("hundreds of forward targets fit under the size limit", () => {
    const many = Array.from(
      { length: 300 },
      (_, i) =>
        `  - { email: p${i}@example.com, name: Persona con un nombre bastante largo número ${i}, title: Un cargo larguísimo que no cabe en setenta y cinco caracteres de ningún modo, reportsTo: carlos@example.com }`,
    );
    const big = orgFrom(`company: Grande
timezone: Europe/Madrid
locale: es
calendar: { workdays: [mon, tue, wed, thu, fri], dayStarts: "09:00", dayEnds: "18:00", holidays: { country: ES, region: MD, extra: [] } }
policy:
  answerWithin: { workingDays: 3 }
  forwardRestartsClock: true
  maxForwards: 3
  minor: { resolveWithin: { days: 10 }, remindBefore: { days: 3 } }
  major: { resolveWithin: { months: 3 }, remindBefore: { days: 10 } }
  quietHours: true
loyaltyManagers: [p0@example.com]
ceo: carlos@example.com
people:
  - { email: carlos@example.com, name: Carlos, title: CEO }
${many.join("\n")}
departments:
  - { id: uno, name: Uno, director: p1@example.com, link: p1@example.com }
`);
    const pending = pendingBomb();
    const atTheTop: Bomb =
      pending.state === "pending"
        ? {
            ...pending,
            departmentId: "uno",
            assignment: {
              ...pending.assignment,
              departmentId: "uno",
              holder: "carlos@example.com",
            },
          }
        : pending;
    const bigCtx = ctxFor(big);

    const dialog = buildFormDialog(forwardForm(atTheTop, viewContextOf(bigCtx)), bigCtx);
    const target = elements(dialog.card).find((e) => e.id === "target") as { choices: unknown[] };

    expect(target.choices).toHaveLength(300);
    expect(cardProblems(dialog.card)).toEqual([]);
  });
});

const eventKinds: EventKind[] = [
  "reported",
  "opened",
  "escalated",
  "forwarded",
  "accepted",
  "reminded",
  "resolved",
  "reopened",
  "reassigned",
];

const dataOf: Partial<Record<EventKind, Record<string, unknown>>> = {
  reported: { source: "survey" },
  opened: { department: "logistica", holder: P.nacho },
  escalated: { from: P.nacho, to: P.luis, rung: 1 },
  forwarded: { from: P.nacho, to: P.sergio, note: "Es *comercial*.", department: "comercial" },
  accepted: {
    owner: P.nacho,
    severity: "minor",
    dueDate: "2026-12-02",
    visitBy: P.marcos,
    visitOn: "2026-11-27",
    plan: "Ruta.",
  },
  reminded: { owner: P.nacho, dueDate: "2026-12-02" },
  resolved: { solution: "Hecho.", visitedOn: "2026-11-27", visitedBy: P.marcos },
  reopened: { dueDate: "2026-12-04", note: "Sigue igual." },
  reassigned: { from: P.nacho, to: P.marcos, reason: "Baja." },
};

/** `n` events cycling through the kinds, an hour apart; notes of `noteLength`. */
function timelineOf(n: number, noteLength = 0): TimelineRow[] {
  return Array.from({ length: n }, (_, i) => {
    const kind = eventKinds[i % eventKinds.length] as EventKind;
    const data = { ...dataOf[kind] };
    if (noteLength > 0 && "note" in data) data.note = `${i}:`.padEnd(noteLength, "*");
    return { at: REFERENCE + i * 3_600_000, actor: i % 3 === 0 ? null : P.ana, kind, data };
  });
}

/** `n` pending bombs, ids 1…n. */
function manyBombs(n: number): Bomb[] {
  const pending = pendingBomb();
  return Array.from({ length: n }, (_, i) => ({ ...pending, id: i + 1 }));
}

describe("answer cards", () => {
  it.each(locales)(
    "%s: the status after a stale click says where the bomb stands, with no buttons",
    (_locale, o) => {
      for (const bomb of [
        pendingBomb({}, o),
        acceptedBomb(),
        triageBomb({}, o),
        closedBomb(),
        defusedBomb(),
      ]) {
        const card = buildStatusCard(bomb, ctxFor(o));
        expect(cardProblems(card)).toEqual([]);
        expect(actionsOf(card)).toEqual([]);
        expect(card.fallbackText).toContain(`#${bomb.id}`);
      }
      expect(cardText(buildStatusCard(pendingBomb(), ctx))).toContain("Nada ha cambiado.");
    },
  );

  it.each([0, 1, 50, 51, 500])(
    "a list of %i bombs stays valid and counts what it leaves out",
    (n) => {
      const card = buildListCard(manyBombs(n), ctx, "💣 Todas las bombas abiertas");

      expect(cardProblems(card)).toEqual([]);
      expect(card.fallbackText).toBe(`💣 Todas las bombas abiertas (${n})`);
      const shown = (card.body as unknown as Json[]).filter((element) =>
        String(element.text).startsWith("**#"),
      ).length;
      expect(shown).toBe(Math.min(n, 50));
      if (n > 50) expect(cardText(card)).toContain(`… y ${n - 50} más`);
      if (n === 0) expect(cardText(card)).toContain("No hay ninguna bomba aquí.");
    },
  );

  it("a list of 50 bombs with 3,000-character customers cuts each name and shows them all", () => {
    const long = "*".repeat(3000);
    const card = buildListCard(
      manyBombs(50).map((bomb) => ({ ...bomb, customer: long })),
      ctx,
      "Todas",
    );

    expect(cardProblems(card)).toEqual([]);
    expect(cardText(card).match(/\\\*…\*\*/g)).toHaveLength(50);
    expect(cardText(card)).not.toMatch(/más que no caben/);
  });

  it.each(locales)(
    "%s: the detail shows facts, texts and one line per event with people by name",
    (_locale, o) => {
      const card = buildDetailCard(
        escalatedBomb(),
        timelineOf(eventKinds.length),
        ctxFor(o),
        P.ana,
      );
      const text = cardText(card);

      expect(cardProblems(card)).toEqual([]);
      expect(text).toContain("Nacho Pérez");
      expect(text).toContain("Sergio Castillo");
      expect(text).toContain("Es \\*comercial\\*.");
      expect(actionsOf(card).map((action) => (action.data as Json).action)).toEqual([
        actions.defuse,
      ]);
    },
  );

  it.each([
    ["200 events", 200, 0],
    ["200 events with 3,000-character notes", 200, 3000],
    ["2,000 events", 2000, 0],
  ])("%s fit under 40 KB, the newest always shown", (_name, n, noteLength) => {
    const rows = timelineOf(n, noteLength);
    const closed = closedBomb();
    const huge: Bomb =
      closed.state === "closed"
        ? {
            ...closed,
            complaint: "&".repeat(3000),
            resolution: { ...closed.resolution, solution: "<".repeat(3000) },
            verification: { ...closed.verification, note: ">".repeat(3000) },
          }
        : closed;
    for (const subject of [pendingBomb(), huge]) {
      const card = buildDetailCard(subject, rows, ctx, P.ana);
      expect(cardProblems(card)).toEqual([]);
      const newest = cardText(buildDetailCard(subject, rows.slice(-1), ctx)).match(
        /\*\*([^*]+, \d\d:\d\d)\*\*/,
      )?.[1];
      expect(newest).toBeDefined();
      expect(cardText(card)).toContain(`**${newest}**`);
    }
  });

  it("200 plain events are all there; 2,000 are counted when left out", () => {
    const all = buildDetailCard(pendingBomb(), timelineOf(200), ctx);
    const cut = buildDetailCard(pendingBomb(), timelineOf(2000), ctx);

    expect(cardText(all).match(/\*\*[^*]+, \d\d:\d\d\*\*/g)?.length).toBe(200);
    expect(cardText(cut)).toMatch(/… \d+ anotaciones anteriores no caben aquí\./);
  });

  it("reads unknown kinds and odd data without throwing", () => {
    const rows: TimelineRow[] = [
      { at: REFERENCE, actor: null, kind: "something_new", data: null },
      { at: REFERENCE, actor: "stranger@example.com", kind: "escalated", data: { to: { odd: 1 } } },
    ];
    const card = buildDetailCard(pendingBomb(), rows, ctx);

    expect(cardText(card)).toContain("something\\_new");
    expect(cardProblems(card)).toEqual([]);
  });

  it.each([
    ["es", "**lista** [mías | todas | <departamento>]", "inicio"],
    ["en", "**list** [mine | all | <department>]", "home"],
  ] as const)("%s: the help names Teams' words, both languages", (locale, line, home) => {
    const card = buildHelpCard(locale);

    expect(cardProblems(card)).toEqual([]);
    expect(cardText(card)).toContain(`- ${line}`);
    expect(cardText(card)).toContain(`**${home}**`);
    expect(card.fallbackText).not.toContain("**");
  });

  it("'what I hold' shows the bombs held and owned, most urgent first", () => {
    const later = { ...pendingBomb(), id: 20 };
    const sooner: Bomb =
      later.state === "pending"
        ? {
            ...later,
            id: 21,
            assignment: { ...later.assignment, answerDueAt: at("2026-11-24T10:00") },
          }
        : later;
    const card = buildHomeCard([later, sooner], [acceptedBomb()], ctx);
    const text = cardText(card);

    expect(cardProblems(card)).toEqual([]);
    expect(text.indexOf("#21")).toBeLessThan(text.indexOf("#20"));
    expect(text.indexOf("#20")).toBeLessThan(text.indexOf("#12"));
  });

  it.each(locales)("%s: 'what I hold' has a friendly empty state", (_locale, o) => {
    const card = buildHomeCard([], [], ctxFor(o));

    expect(cardProblems(card)).toEqual([]);
    expect(card.body.length).toBe(3);
  });

  it.each([
    [500, 0],
    [0, 500],
    [500, 500],
    [3, 500],
  ])(
    "'what I hold' with %i held and %i owned stays valid and counts the rest",
    (heldCount, ownedCount) => {
      const held = manyBombs(heldCount);
      const accepted = acceptedBomb();
      const owned = Array.from({ length: ownedCount }, (_, i) => ({ ...accepted, id: 10_000 + i }));
      const card = buildHomeCard(held, owned, ctx);

      expect(cardProblems(card)).toEqual([]);
      expect(cardText(card)).toMatch(/más que no caben aquí/);
      if (heldCount === 3) expect(cardText(card)).toContain("#3 ·");
    },
  );

  it.each(["es", "en"] as const)(
    "%s: 'new' answers a button that opens the report form",
    (locale) => {
      const card = buildNewReportCard(locale);

      expect(cardProblems(card)).toEqual([]);
      expect(actionsOf(card)).toEqual([
        expect.objectContaining({
          type: "Action.Submit",
          data: { msteams: { type: "task/fetch" }, action: views.open },
        }),
      ]);
    },
  );
});

describe("the checks themselves", () => {
  const good = buildStatusCard(pendingBomb(), ctx);

  it("refuse what Teams would not render", () => {
    const broken = structuredClone(good) as unknown as Json;
    broken.version = "1.6";
    broken.fallbackText = "";
    (broken.body as Json[]).push({ type: "TextBlock", text: "x", colour: "red" });
    (broken.body as Json[]).push(
      { type: "Input.Text", id: "same" },
      { type: "Input.Text", id: "same" },
    );

    expect(teamsProblems(broken)).toEqual([
      "version 1.6, not 1.5",
      "no fallbackText",
      "input ids repeat: same, same",
    ]);
    expect(schemaProblems(broken).join("\n")).toContain("'colour'");
  });

  it("the library refuses an element it does not know and a submit with bad data", () => {
    const broken = structuredClone(good) as unknown as Json;
    (broken.body as Json[]).push({ type: "Input.Nope", id: "x" });

    expect(libraryProblems(broken).length).toBeGreaterThan(0);
    expect(cardProblems(good)).toEqual([]);
  });

  it("measure the size", () => {
    const big = structuredClone(good) as unknown as Json;
    (big.body as Json[]).push({ type: "TextBlock", text: "x".repeat(CARD_BYTE_LIMIT), wrap: true });

    expect(teamsProblems(big)).toEqual([expect.stringMatching(/bytes > /)]);
  });

  it("commands are written as typed in Teams: the bare words, and the word that opens a report", () => {
    for (const [locale, open] of [
      ["es", "nueva"],
      ["en", "new"],
    ] as const) {
      const surface = teamsSurface(locale);
      expect(surface.name).toBe("Teams");
      expect(surface.command("ver 12")).toBe("ver 12");
      expect(surface.command("")).toBe(open);
      // The word it names must be one the command parser takes for the report form.
      expect(parseCommandText(surface.command(""))).toEqual({ kind: "open" });
    }
  });

  it("escaping leaves plain words alone", () => {
    expect(escapeTeamsMarkdown("Distribuciones Norte S.A., 48 h")).toBe(
      "Distribuciones Norte S.A., 48 h",
    );
  });
});
