import { describe, expect, it } from "vitest";
import { directoryOf } from "../../src/app/directory.ts";
import { actions } from "../../src/chat/ids.ts";
import type { Bomb } from "../../src/core/bomb.ts";
import type { MessageKind, Params } from "../../src/core/effects.ts";
import { maxTextLength } from "../../src/core/errors.ts";
import type { PersonId } from "../../src/core/org.ts";
import { relativeDue } from "../../src/slack/blocks/bomb-facts.ts";
import { buildBombMessage } from "../../src/slack/blocks/bomb-message.ts";
import {
  acceptedBomb,
  allText,
  at,
  atTopBomb,
  buttonIds,
  buttonValues,
  closedBomb,
  ctxAt,
  defusedBomb,
  dismissedBomb,
  escalatedBomb,
  forwardedBomb,
  limitViolations,
  orgEn,
  overdueBomb,
  overForwardedBomb,
  P,
  pendingBomb,
  REFERENCE,
  reassignedBomb,
  reopenedBomb,
  resolvedBomb,
  triageBomb,
} from "./slack-fixtures.ts";

const { accept, forward, resolve, verify, reopen, defuse, triageActivate, triageDismiss } = actions;
const holderButtons = [accept, forward, resolve];

interface Case {
  kind: MessageKind;
  bomb: () => Bomb;
  to: PersonId;
  params: Params;
  buttons: string[];
}

// One representative message per kind, as the core queues it, and the buttons its recipient gets.
const cases: Case[] = [
  {
    kind: "triage_request",
    bomb: triageBomb,
    to: P.ana,
    params: {},
    buttons: [triageActivate, triageDismiss, defuse],
  },
  { kind: "report_activated", bomb: pendingBomb, to: P.jorge, params: {}, buttons: [] },
  {
    kind: "report_dismissed",
    bomb: dismissedBomb,
    to: P.jorge,
    params: { reason: "No es un cliente VIP." },
    buttons: [],
  },
  { kind: "bomb_assigned", bomb: pendingBomb, to: P.nacho, params: {}, buttons: holderButtons },
  {
    kind: "bomb_escalated",
    bomb: escalatedBomb,
    to: P.luis,
    params: { from: P.nacho, to: P.luis, rung: 1 },
    buttons: holderButtons,
  },
  {
    kind: "bomb_unanswered",
    bomb: escalatedBomb,
    to: P.nacho,
    params: { from: P.nacho, to: P.luis, rung: 1 },
    buttons: holderButtons,
  },
  {
    kind: "unanswered_at_top",
    bomb: atTopBomb,
    to: P.carlos,
    params: { holder: P.carlos },
    buttons: [...holderButtons, defuse],
  },
  {
    kind: "bomb_forwarded",
    bomb: forwardedBomb,
    to: P.sergio,
    params: { from: P.nacho, note: "Es un tema de condiciones comerciales." },
    buttons: holderButtons,
  },
  {
    kind: "forward_limit",
    bomb: overForwardedBomb,
    to: P.ana,
    params: { forwards: 4 },
    buttons: [defuse],
  },
  {
    kind: "bomb_accepted",
    bomb: acceptedBomb,
    to: P.ana,
    params: { owner: P.nacho, severity: "minor", dueDate: "2026-12-02" },
    buttons: [defuse],
  },
  {
    kind: "visit_assigned",
    bomb: acceptedBomb,
    to: P.marcos,
    params: { owner: P.nacho, visitOn: "2026-11-27" },
    buttons: [],
  },
  {
    kind: "commitment_reminder",
    bomb: acceptedBomb,
    to: P.nacho,
    params: { dueDate: "2026-12-02" },
    buttons: [resolve],
  },
  {
    kind: "commitment_overdue",
    bomb: overdueBomb,
    to: P.luis,
    params: { owner: P.nacho, dueDate: "2026-12-02", reached: P.luis },
    buttons: [resolve],
  },
  {
    kind: "bomb_resolved",
    bomb: resolvedBomb,
    to: P.ana,
    params: {
      solution: "Ruta nueva y repartidor fijo desde el lunes.",
      visitedOn: "2026-11-27",
      visitedBy: P.marcos,
    },
    buttons: [verify, reopen, defuse],
  },
  {
    kind: "bomb_closed",
    bomb: closedBomb,
    to: P.nacho,
    params: { satisfaction: "satisfied", note: "Muy contento con la visita." },
    buttons: [],
  },
  {
    kind: "bomb_reopened",
    bomb: reopenedBomb,
    to: P.nacho,
    params: { dueDate: "2026-12-04", note: "El cliente dice que sigue igual." },
    buttons: [resolve],
  },
  {
    kind: "bomb_defused",
    bomb: defusedBomb,
    to: P.nacho,
    params: { reason: "Era un malentendido.", by: P.ana },
    buttons: [],
  },
  {
    kind: "bomb_reassigned",
    bomb: reassignedBomb,
    to: P.ana,
    params: { from: P.nacho, to: P.marcos, reason: "Nacho está de baja." },
    buttons: [defuse],
  },
];

describe("buildBombMessage: every kind", () => {
  it("covers every message kind of the core", () => {
    const kinds = new Set(cases.map((c) => c.kind));
    expect(kinds.size).toBe(18);
  });

  it.each(cases)("$kind to $to → $buttons", ({ kind, bomb, to, params, buttons }) => {
    const current = bomb();
    const message = buildBombMessage({ kind, params, bomb: current, recipient: to }, ctxAt());
    expect(buttonIds(message.blocks)).toEqual(buttons);
    expect(new Set(buttonValues(message.blocks))).toEqual(
      new Set(buttons.length === 0 ? [] : [String(current.id)]),
    );
    expect(message.text.trim()).not.toBe("");
    expect(message.text).toContain(`#${current.id}`);
    expect(limitViolations(message)).toEqual([]);
  });

  it.each(cases)("$kind reads in English too", ({ kind, bomb, to, params }) => {
    const message = buildBombMessage(
      { kind, params, bomb: bomb(), recipient: to },
      ctxAt(REFERENCE, { org: orgEn }),
    );
    expect(message.text.trim()).not.toBe("");
    expect(limitViolations(message)).toEqual([]);
  });
});

describe("buildBombMessage: buttons follow the bomb's state and the recipient's role", () => {
  // The kind never matters: the same headline gets different buttons as the bomb moves on.
  const roles: [string, () => Bomb, Record<string, string[]>][] = [
    [
      "triage",
      triageBomb,
      {
        [P.ana]: [triageActivate, triageDismiss, defuse],
        [P.carlos]: [defuse],
        [P.jorge]: [],
        [P.nacho]: [],
      },
    ],
    [
      "pending",
      pendingBomb,
      {
        [P.nacho]: holderButtons,
        [P.carlos]: [...holderButtons, defuse],
        [P.ana]: [defuse],
        [P.luis]: [],
        [P.jorge]: [],
      },
    ],
    [
      "pending, escalated once",
      escalatedBomb,
      { [P.luis]: holderButtons, [P.nacho]: holderButtons, [P.olga]: [], [P.ana]: [defuse] },
    ],
    [
      "accepted",
      acceptedBomb,
      {
        [P.nacho]: [resolve],
        [P.carlos]: [resolve, defuse],
        [P.ana]: [defuse],
        [P.luis]: [],
        [P.marcos]: [],
      },
    ],
    ["accepted, overdue up to Luis", overdueBomb, { [P.luis]: [resolve], [P.olga]: [] }],
    [
      "resolved",
      resolvedBomb,
      { [P.ana]: [verify, reopen, defuse], [P.carlos]: [defuse], [P.nacho]: [], [P.marcos]: [] },
    ],
    ["closed", closedBomb, { [P.ana]: [], [P.carlos]: [], [P.nacho]: [] }],
    ["defused", defusedBomb, { [P.ana]: [], [P.carlos]: [], [P.nacho]: [] }],
    ["dismissed", dismissedBomb, { [P.ana]: [], [P.carlos]: [], [P.jorge]: [] }],
  ];
  for (const [state, bomb, expected] of roles) {
    it.each(Object.entries(expected))(`${state}: %s gets %j`, (person, ids) => {
      const message = buildBombMessage(
        { kind: "bomb_assigned", params: {}, bomb: bomb(), recipient: person },
        ctxAt(),
      );
      expect(buttonIds(message.blocks)).toEqual(ids);
    });
  }

  it("an earlier message re-rendered after the close loses its buttons and says it is finished", () => {
    const before = buildBombMessage(
      { kind: "bomb_assigned", params: {}, bomb: pendingBomb(), recipient: P.nacho },
      ctxAt(),
    );
    const after = buildBombMessage(
      { kind: "bomb_assigned", params: {}, bomb: closedBomb(), recipient: P.nacho },
      ctxAt(at("2026-11-30T10:05")),
    );
    expect(buttonIds(before.blocks)).toEqual(holderButtons);
    expect(buttonIds(after.blocks)).toEqual([]);
    expect(allText(after)).toContain("✅ Incidencia finalizada el lun, 30 nov, 10:00 por <@UANA>");
    expect(allText(after)).toContain("cliente satisfecho");
  });

  it.each([
    [defusedBomb, "🧯 Desactivada el mar, 24 nov, 10:00 por <@UANA>.", "Era un malentendido."],
    [dismissedBomb, "🗑️ Descartada el lun, 23 nov, 11:00 por <@UANA>.", "No es un cliente VIP."],
  ])("a final state has a clear status line and its reason", (bomb, status, reason) => {
    const message = buildBombMessage(
      { kind: "bomb_assigned", params: {}, bomb: bomb(), recipient: P.nacho },
      ctxAt(),
    );
    expect(allText(message)).toContain(status);
    expect(allText(message)).toContain(reason);
    expect(buttonIds(message.blocks)).toEqual([]);
  });
});

describe("buildBombMessage: what it says", () => {
  it("a new bomb: headline, customer, contact, quoted complaint, department, holder, deadline", () => {
    const message = buildBombMessage(
      { kind: "bomb_assigned", params: {}, bomb: pendingBomb(), recipient: P.nacho },
      ctxAt(),
    );
    const text = allText(message);
    expect(message.blocks[0]).toMatchObject({
      type: "header",
      text: { text: "💣 Tienes una bomba: queja de Distribuciones Norte S.A." },
    });
    expect(text).toContain("*Cliente*\nDistribuciones Norte S.A.");
    expect(text).toContain("*Contacto*\nMarta Vidal, jefa de compras");
    expect(text).toContain("> Tres entregas seguidas");
    expect(text).toContain("*Departamento*\nLogística");
    expect(text).toContain("*La tiene*\n<@UNACHO>");
    expect(text).toContain("*Responder antes del*\njue, 26 nov, 10:00 (en 3 días laborables)");
    expect(text).toContain("Bomba #12 · recibida el lun, 23 nov, 10:00 · encuesta");
  });

  it("names the holder when Slack does not know them", () => {
    const message = buildBombMessage(
      { kind: "bomb_assigned", params: {}, bomb: pendingBomb(), recipient: P.nacho },
      ctxAt(REFERENCE, { directory: directoryOf("slack", []) }),
    );
    expect(allText(message)).toContain("*La tiene*\nNacho Pérez");
  });

  it("shows the climb from the link to the holder and the forwards", () => {
    const escalated = allText(
      buildBombMessage(
        {
          kind: "bomb_escalated",
          params: { from: P.nacho, to: P.luis, rung: 1 },
          bomb: escalatedBomb(),
          recipient: P.luis,
        },
        ctxAt(at("2026-11-26T10:00")),
      ),
    );
    expect(escalated).toContain("*Escalada*\nNacho Pérez → Luis Gil (1 escalón)");
    expect(escalated).toContain("(en 3 días laborables)");
    const forwarded = allText(
      buildBombMessage(
        {
          kind: "bomb_forwarded",
          params: { from: P.nacho, note: "Es un tema de condiciones comerciales." },
          bomb: forwardedBomb(),
          recipient: P.sergio,
        },
        ctxAt(),
      ),
    );
    expect(forwarded).toContain("*Reenvíos*\n1 de 3");
    expect(forwarded).toContain("*Nota · Nacho Pérez*\n> Es un tema de condiciones comerciales.");
    expect(forwarded).toContain("*Departamento*\nComercial");
  });

  it("an accepted bomb shows owner, committed date, severity, visit and plan", () => {
    const text = allText(
      buildBombMessage(
        {
          kind: "visit_assigned",
          params: { owner: P.nacho, visitOn: "2026-11-27" },
          bomb: acceptedBomb(),
          recipient: P.marcos,
        },
        ctxAt(),
      ),
    );
    expect(text).toContain("🚗 Visitarás a Distribuciones Norte S.A. el vie, 27 nov");
    expect(text).toContain("*Responsable*\n<@UNACHO>");
    expect(text).toContain("*Solución comprometida*\nmié, 2 dic, 18:00 (en 7 días laborables)");
    expect(text).toContain("*Gravedad*\nleve");
    expect(text).toContain("*Visita al cliente*\n<@UMARCOS>, el vie, 27 nov");
    expect(text).toContain("*Plan*\n> Revisar la ruta");
  });

  it("the resolved message keeps the solution after a reopen dropped it from the bomb", () => {
    const params = {
      solution: "Ruta nueva y repartidor fijo desde el lunes.",
      visitedOn: "2026-11-27",
      visitedBy: P.marcos,
    };
    const resolvedText = allText(
      buildBombMessage(
        { kind: "bomb_resolved", params, bomb: resolvedBomb(), recipient: P.ana },
        ctxAt(),
      ),
    );
    const reopenedText = allText(
      buildBombMessage(
        { kind: "bomb_resolved", params, bomb: reopenedBomb(), recipient: P.ana },
        ctxAt(),
      ),
    );
    // Shown once while the bomb carries it, and still there once it does not.
    expect(resolvedText.split("Ruta nueva").length - 1).toBe(1);
    expect(reopenedText).toContain("*Solución*\n> Ruta nueva y repartidor fijo desde el lunes.");
  });

  it("escapes what people typed so it cannot ping a channel or break the markup", () => {
    const bomb = pendingBomb({ customer: "<!channel> & Cía", complaint: "Llamad a <@U123> > ya" });
    const message = buildBombMessage(
      { kind: "bomb_assigned", params: {}, bomb, recipient: P.nacho },
      ctxAt(),
    );
    const [headline, ...rest] = message.blocks;
    // The header is plain text, which Slack never parses; everything mrkdwn is escaped.
    expect(headline).toMatchObject({
      text: { type: "plain_text", text: "💣 Tienes una bomba: queja de <!channel> & Cía" },
    });
    const text = allText(rest);
    expect(text).toContain("&lt;!channel&gt; &amp; Cía");
    expect(text).toContain("Llamad a &lt;@U123&gt; &gt; ya");
    expect(text).not.toContain("<!channel>");
    expect(message.text).toContain("&lt;!channel&gt; &amp; Cía");
  });

  it("cuts a 3,000-character complaint with … and stays within every limit", () => {
    const long = "Entrega tardía & sin aviso <otra vez>.\n".repeat(80).slice(0, maxTextLength);
    const bomb = pendingBomb({
      customer: "C".repeat(3000),
      contact: "x".repeat(3000),
      complaint: long,
    });
    for (const [kind, params] of [
      ["bomb_assigned", {}],
      ["bomb_forwarded", { from: P.nacho, note: "n".repeat(3000) }],
    ] as const) {
      const message = buildBombMessage({ kind, params, bomb, recipient: P.nacho }, ctxAt());
      expect(limitViolations(message)).toEqual([]);
      expect(allText(message)).toContain("…");
      expect(message.text.length).toBeLessThanOrEqual(3000);
    }
  });

  it("names a channel key by the org's channel and a stranger by their address, as before keys", () => {
    const alert = (to: string, kind: string) =>
      buildBombMessage(
        {
          kind: "delivery_failed",
          params: { to, kind, error: "channel_not_found" },
          bomb: null,
          recipient: P.ana,
        },
        ctxAt(),
      ).text;
    expect(alert("channel:digest", "digest")).toContain("📭 No se pudo avisar a #fidelizacion");
    expect(alert("slack:U0VISITOR", "visit_assigned")).toContain(
      "📭 No se pudo avisar a U0VISITOR",
    );
  });

  it("renders an outbox alert that is no message kind, and a message without a bomb", () => {
    const failed = buildBombMessage(
      {
        kind: "delivery_failed",
        params: { to: P.hugo, kind: "bomb_assigned", error: "no_slack_user" },
        bomb: pendingBomb(),
        recipient: P.ana,
      },
      ctxAt(),
    );
    expect(failed.text).toContain("📭 No se pudo avisar a Hugo Blanco");
    expect(allText(failed)).toContain("*Error*\n> no_slack_user");
    expect(buttonIds(failed.blocks)).toEqual([defuse]);
    const orphan = buildBombMessage(
      { kind: "something_new", params: {}, bomb: null, recipient: P.ana },
      ctxAt(),
    );
    expect(orphan.text).not.toBe("");
    expect(buttonIds(orphan.blocks)).toEqual([]);
    expect(limitViolations(orphan)).toEqual([]);
  });
});

describe("relativeDue", () => {
  const due = at("2026-11-26T10:00"); // Thursday
  it.each([
    ["2026-11-23T10:00", "en 3 días laborables"],
    ["2026-11-25T17:00", "en 1 día laborable"],
    ["2026-11-26T09:00", "vence hoy"],
    ["2026-11-26T11:00", "vencida hoy"],
    ["2026-11-27T10:00", "vencida hace 1 día laborable"],
    ["2026-11-30T10:00", "vencida hace 2 días laborables"],
  ])("at %s → %s", (now, expected) => {
    expect(relativeDue(ctxAt(at(now)), due)).toBe(expected);
  });

  it("skips holidays: the Friday before Madrid's December bridge to Wednesday is one working day", () => {
    expect(relativeDue(ctxAt(at("2026-12-04T10:00")), at("2026-12-09T18:00"))).toBe(
      "en 1 día laborable",
    );
  });

  it("counts calendar days when a date falls on a non-working day with none in between", () => {
    expect(relativeDue(ctxAt(at("2026-11-27T12:00")), at("2026-11-28T18:00"))).toBe("en 1 día");
    expect(relativeDue(ctxAt(at("2026-11-29T12:00")), at("2026-11-28T18:00"))).toBe(
      "vencida hace 1 día",
    );
  });

  it("speaks English for an English org", () => {
    const ctx = ctxAt(at("2026-11-30T10:00"), { org: orgEn });
    expect(relativeDue(ctx, due)).toBe("overdue by 2 working days");
    expect(relativeDue(ctxAt(REFERENCE, { org: orgEn }), due)).toBe("in 3 working days");
  });
});
