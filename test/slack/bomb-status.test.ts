import type { SectionBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import { actions } from "../../src/chat/ids.ts";
import type { Bomb } from "../../src/core/bomb.ts";
import type { EventKind } from "../../src/core/effects.ts";
import {
  buildBombDetail,
  buildBombList,
  buildBombStatus,
  buildHelp,
  buildHomeView,
  listRoom,
  type TimelineRow,
} from "../../src/slack/blocks/bomb-status.ts";
import {
  acceptedBomb,
  allText,
  at,
  buttonIds,
  closedBomb,
  ctxAt,
  defusedBomb,
  escalatedBomb,
  limitViolations,
  orgEn,
  P,
  pendingBomb,
  REFERENCE,
  resolvedBomb,
  triageBomb,
} from "./slack-fixtures.ts";

const ctx = ctxAt();

describe("buildBombStatus", () => {
  it.each([
    [
      pendingBomb,
      "La tiene: <@UNACHO> · Responder antes del: jue, 26 nov, 10:00 (en 3 días laborables)",
    ],
    [acceptedBomb, "Responsable: <@UNACHO> · Solución comprometida: mié, 2 dic, 18:00"],
    [triageBomb, "📝 Pendiente de que fidelización la clasifique."],
    [resolvedBomb, "falta que fidelización lo compruebe con el cliente"],
    [closedBomb, "✅ Incidencia finalizada"],
    [defusedBomb, "🧯 Desactivada"],
  ])("%o says where it stands", (bomb, expected) => {
    const status = buildBombStatus(bomb(), ctx);
    expect(allText(status)).toContain(expected);
    expect(allText(status)).toContain("Nada ha cambiado.");
    expect(buttonIds(status.blocks)).toEqual([]);
    expect(status.text).toContain("#");
    expect(limitViolations(status)).toEqual([]);
  });
});

/** `n` bombs, ids 1…n, each a copy of a pending one. */
function manyBombs(n: number): Bomb[] {
  const pending = pendingBomb();
  return Array.from({ length: n }, (_, i) => ({ ...pending, id: i + 1 }));
}

describe("buildBombList", () => {
  it("lists every bomb with its holder and deadline", () => {
    const list = buildBombList([pendingBomb(), { ...acceptedBomb(), id: 13 }], ctx, "Tus bombas");
    expect(list.blocks[0]).toMatchObject({ type: "header", text: { text: "Tus bombas" } });
    expect(list.blocks).toHaveLength(3);
    expect(allText(list)).toContain("*#12 · Distribuciones Norte S.A.* · Logística · _pendiente_");
    expect(allText(list)).toContain("*#13 · Distribuciones Norte S.A.* · Logística · _aceptada_");
    expect(list.text).toBe("Tus bombas (2)");
  });

  it("says so when there is nothing", () => {
    const list = buildBombList([], ctx, "Tus bombas");
    expect(allText(list)).toContain("No hay ninguna bomba aquí.");
    expect(limitViolations(list)).toEqual([]);
  });

  it.each([1, 48, 49, 50, 51, 500])("%i bombs stay within 50 blocks and count the rest", (n) => {
    const list = buildBombList(manyBombs(n), ctx, "Todas");
    expect(list.blocks.length).toBeLessThanOrEqual(50);
    expect(limitViolations(list)).toEqual([]);
    const shown = list.blocks.filter((b) => b.type === "section").length;
    if (shown < n) expect(allText(list)).toContain(`… y ${n - shown} más`);
    else expect(shown).toBe(n);
  });

  it.each([1, 49, 50, 500])(
    "given only the first listRoom bombs of %i, shows the same as with all of them",
    (n) => {
      const all = buildBombList(manyBombs(n), ctx, "Todas");
      const firstOnly = buildBombList(manyBombs(n).slice(0, listRoom), ctx, "Todas", n);
      expect(firstOnly).toEqual(all);
    },
  );

  it("cuts a 3,000-character customer name in a list line", () => {
    const list = buildBombList([pendingBomb({ customer: "C".repeat(3000) })], ctx, "x");
    expect(limitViolations(list)).toEqual([]);
  });
});

const eventKinds: EventKind[] = [
  "reported",
  "opened",
  "dismissed",
  "escalated",
  "unanswered_at_top",
  "forwarded",
  "forward_limit_passed",
  "accepted",
  "reminded",
  "overdue",
  "resolved",
  "closed",
  "reopened",
  "defused",
  "reassigned",
  "left_org",
  "delivery_failed",
  "message_dropped",
  "advance_failed",
];

const dataOf: Record<EventKind, Record<string, unknown>> = {
  reported: { source: "survey" },
  opened: { department: "logistica", holder: P.nacho },
  dismissed: { reason: "No es VIP." },
  escalated: { from: P.nacho, to: P.luis, rung: 1 },
  unanswered_at_top: { holder: P.carlos, nextDueAt: REFERENCE },
  forwarded: { from: P.nacho, to: P.sergio, note: "Es comercial.", department: "comercial" },
  forward_limit_passed: { forwards: 4, max: 3 },
  accepted: {
    owner: P.nacho,
    severity: "minor",
    dueDate: "2026-12-02",
    visitBy: P.marcos,
    visitOn: "2026-11-27",
    plan: "Ruta.",
  },
  reminded: { owner: P.nacho, dueDate: "2026-12-02" },
  overdue: { owner: P.nacho, dueDate: "2026-12-02", reached: null },
  resolved: { solution: "Hecho.", visitedOn: "2026-11-27", visitedBy: "UFUERA" },
  closed: { satisfaction: "satisfied", note: "" },
  reopened: { dueDate: "2026-12-04", note: "Sigue igual." },
  defused: { reason: "Malentendido.", from: "pending" },
  reassigned: { from: P.nacho, to: P.marcos, reason: "Baja." },
  left_org: { people: ["Hugo Vidal"] },
  delivery_failed: { to: P.hugo, error: "user_not_found" },
  message_dropped: {
    to: P.nacho,
    kind: "bomb_assigned",
    version: 1,
    state: "pending",
    holder: P.luis,
  },
  advance_failed: { error: "no working date within 3660 days of Invalid DateTime" },
};

/** A timeline of `n` events cycling through every kind, an hour apart; notes of `noteLength`. */
function timelineOf(n: number, noteLength = 0): TimelineRow[] {
  return Array.from({ length: n }, (_, i) => {
    const kind = eventKinds[i % eventKinds.length] as EventKind;
    const data = { ...dataOf[kind] };
    if (noteLength > 0 && "note" in data) data.note = `${i}:`.padEnd(noteLength, "&");
    return { at: REFERENCE + i * 3_600_000, actor: i % 3 === 0 ? null : P.ana, kind, data };
  });
}

describe("buildBombDetail", () => {
  it("shows the facts, the texts and one line per event with people by name", () => {
    const detail = buildBombDetail(escalatedBomb(), timelineOf(eventKinds.length), ctx);
    const text = allText(detail);
    expect(detail.blocks[0]).toMatchObject({
      type: "header",
      text: { text: "#12 · Distribuciones Norte S.A." },
    });
    expect(text).toContain("*Historial*");
    expect(text).toContain("`lun, 23 nov, 10:00` 📝 denuncia recibida, pendiente de clasificar");
    expect(text).toContain("⏫ no contestada: sube a Luis Gil");
    expect(text).toContain(
      "↪️ reenviada de Nacho Pérez a Sergio Castillo: Es comercial. — _Ana Torres_",
    );
    expect(text).toContain("🛠️ resuelta; visita el vie, 27 nov por UFUERA");
    expect(text).toContain("🚨 compromiso vencido (mié, 2 dic), avisado nadie");
    expect(text).toContain("✋ aceptada por Nacho Pérez · leve · solución el mié, 2 dic");
    expect(text).toContain(
      "🔕 no se envió a Nacho Pérez el aviso «tienes una bomba»: ya no era cierto (bomba pendiente, la tiene Luis Gil)",
    );
    expect(text).toContain("> Tres entregas seguidas");
    expect(limitViolations(detail)).toEqual([]);
  });

  it("offers a viewer the buttons of their role: defuse for the loyalty manager, none for others", () => {
    const bomb = pendingBomb();
    expect(buttonIds(buildBombDetail(bomb, [], ctx, P.ana).blocks)).toEqual([actions.defuse]);
    expect(buttonIds(buildBombDetail(bomb, [], ctx, P.carlos).blocks)).toEqual([
      actions.accept,
      actions.forward,
      actions.resolve,
      actions.defuse,
    ]);
    expect(buttonIds(buildBombDetail(bomb, [], ctx, P.jorge).blocks)).toEqual([]);
    expect(buttonIds(buildBombDetail(bomb, [], ctx).blocks)).toEqual([]);
  });

  it("a 3,000-character complaint is shown whole, over several sections", () => {
    const complaint = "Retraso & <sin aviso>. ".repeat(200).slice(0, 3000).trim();
    const detail = buildBombDetail(pendingBomb({ complaint }), timelineOf(3), ctx);
    expect(limitViolations(detail)).toEqual([]);
    const sections = detail.blocks
      .filter((b): b is SectionBlock => b.type === "section" && b.text !== undefined)
      .map((b) => b.text?.text ?? "");
    const quoted = sections.filter((t) => t.includes("Retraso"));
    expect(quoted.length).toBeGreaterThan(1);
    const rebuilt = quoted
      .join("")
      .replace("*Queja*\n", "")
      .replace(/> /g, "")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&");
    expect(rebuilt).toBe(complaint);
  });

  it.each([
    ["200 events", 200, 0],
    ["200 events with 3,000-character notes", 200, 3000],
    ["2,000 events", 2000, 0],
  ])("%s fit in 50 blocks, the newest always shown", (_name, n, noteLength) => {
    const rows = timelineOf(n, noteLength);
    const bomb = closedBomb();
    const huge: Bomb =
      bomb.state === "closed"
        ? {
            ...bomb,
            complaint: "&".repeat(3000),
            resolution: { ...bomb.resolution, solution: "<".repeat(3000) },
            verification: { ...bomb.verification, note: ">".repeat(3000) },
          }
        : bomb;
    for (const subject of [pendingBomb(), huge]) {
      const detail = buildBombDetail(subject, rows, ctx, P.ana);
      expect(limitViolations(detail)).toEqual([]);
      expect(detail.blocks.length).toBeLessThanOrEqual(50);
      const last = rows.at(-1);
      const when =
        last === undefined
          ? ""
          : allText(buildBombDetail(subject, [last], ctx)).match(/`[^`]+`/)?.[0];
      expect(allText(detail)).toContain(when);
    }
  });

  it("200 plain events are all there, none left out", () => {
    const detail = buildBombDetail(pendingBomb(), timelineOf(200), ctx);
    expect(allText(detail).match(/^`/gm)?.length).toBe(200);
    expect(allText(detail)).not.toContain("no caben aquí");
  });

  it("counts what it leaves out when a life is too long", () => {
    const detail = buildBombDetail(pendingBomb(), timelineOf(2000), ctx);
    expect(allText(detail)).toMatch(/… \d+ anotaciones anteriores no caben aquí\./);
  });

  it("reads unknown kinds and odd data without throwing", () => {
    const rows: TimelineRow[] = [
      { at: REFERENCE, actor: null, kind: "something_new", data: null },
      { at: REFERENCE, actor: "stranger@example.com", kind: "escalated", data: { to: { odd: 1 } } },
    ];
    const detail = buildBombDetail(pendingBomb(), rows, ctx);
    expect(allText(detail)).toContain("something_new");
    expect(limitViolations(detail)).toEqual([]);
  });
});

describe("buildHelp", () => {
  it.each([
    ["es", "/bomba lista [mías|todas|<departamento>]"],
    ["en", "/bomba list [mine|all|<department>]"],
  ] as const)("%s", (locale, expected) => {
    const help = buildHelp(locale);
    expect(allText(help)).toContain(expected);
    expect(help.text).toContain(expected);
    expect(limitViolations(help)).toEqual([]);
  });
});

describe("buildHomeView", () => {
  it("shows the bombs held and owned, most urgent first", () => {
    const later = { ...pendingBomb(), id: 20 };
    const sooner: Bomb =
      later.state === "pending"
        ? {
            ...later,
            id: 21,
            assignment: { ...later.assignment, answerDueAt: at("2026-11-24T10:00") },
          }
        : later;
    const home = buildHomeView([later, sooner], [acceptedBomb()], ctx);
    expect(home.type).toBe("home");
    const text = allText(home);
    expect(text).toContain("*Te toca contestar* (2)");
    expect(text).toContain("*Has aceptado* (1)");
    expect(text.indexOf("#21 ·")).toBeLessThan(text.indexOf("#20 ·"));
    expect(text).toContain("(en 1 día laborable)");
    expect(limitViolations(home)).toEqual([]);
  });

  it("has a friendly empty state", () => {
    const home = buildHomeView([], [], ctxAt(REFERENCE, { org: orgEn }));
    expect(allText(home)).toContain("You hold no bombs. 🎉");
    expect(limitViolations(home)).toEqual([]);
  });

  it.each([
    [300, 0],
    [0, 300],
    [300, 300],
    [5, 300],
  ])("%i held and %i owned stay within 50 blocks", (held, owned) => {
    const home = buildHomeView(
      manyBombs(held),
      manyBombs(owned).map((b) => ({ ...b, id: b.id + 1000 })),
      ctx,
    );
    expect(home.blocks.length).toBeLessThanOrEqual(50);
    expect(limitViolations(home, { maxBlocks: 50 })).toEqual([]);
  });

  it("shows a bomb held and owned once", () => {
    const bomb = acceptedBomb();
    const home = buildHomeView([bomb], [bomb], ctx);
    expect(allText(home).match(/#12 ·/g)).toHaveLength(1);
  });
});
