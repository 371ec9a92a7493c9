import type { InputBlock, ModalView, PlainTextOption, StaticSelect } from "@slack/types";
import { describe, expect, it } from "vitest";
import { directoryOf } from "../../src/app/directory.ts";
import { inputs, views } from "../../src/chat/ids.ts";
import type { Bomb } from "../../src/core/bomb.ts";
import { latestDueDate } from "../../src/core/checks.ts";
import { maxTextLength } from "../../src/core/errors.ts";
import { forwardTargets } from "../../src/core/roles.ts";
import {
  buildAcceptModal,
  buildDefuseModal,
  buildForwardModal,
  buildNoticeModal,
  buildOpenModal,
  buildReopenModal,
  buildResolveModal,
  buildVerifyModal,
} from "../../src/slack/blocks/modals.ts";
import { inputActionId } from "../../src/slack/ids.ts";
import { parsePrivateMetadata } from "../../src/slack/view-submissions.ts";
import {
  at,
  calendar,
  ctxAt,
  directory,
  limitViolations,
  org,
  orgEn,
  orgFrom,
  P,
  pendingBomb,
  REFERENCE,
  resolvedBomb,
  slackIdOf,
  triageBomb,
} from "./slack-fixtures.ts";

function inputBlocks(view: ModalView): InputBlock[] {
  return view.blocks.filter((b): b is InputBlock => b.type === "input");
}

function inputOf(view: ModalView, blockId: string): InputBlock {
  const block = inputBlocks(view).find((b) => b.block_id === blockId);
  if (block === undefined) throw new Error(`no input ${blockId}`);
  return block;
}

function optionsOf(select: StaticSelect): PlainTextOption[] {
  return select.options ?? (select.option_groups ?? []).flatMap((g) => g.options);
}

const ctx = ctxAt();
const bomb = pendingBomb();

// Every modal, with its callback id and the inputs the contract gives it.
const modals: [string, () => ModalView, string, readonly string[], number | null][] = [
  [
    "open from /bomba",
    () => buildOpenModal({ org, reporterIsLoyaltyManager: false }),
    views.open,
    inputs.open.filter((i) => i !== "department"),
    null,
  ],
  [
    "open by a loyalty manager",
    () => buildOpenModal({ org, reporterIsLoyaltyManager: true }),
    views.open,
    inputs.open,
    null,
  ],
  [
    "open from triage",
    () => buildOpenModal({ org, reporterIsLoyaltyManager: true, prefill: triageBomb(), bombId: 7 }),
    views.open,
    inputs.open,
    7,
  ],
  ["accept", () => buildAcceptModal(bomb, ctx, P.nacho), views.accept, inputs.accept, 12],
  ["forward", () => buildForwardModal(bomb, ctx), views.forward, inputs.forward, 12],
  ["resolve", () => buildResolveModal(bomb, ctx, P.nacho), views.resolve, inputs.resolve, 12],
  ["verify", () => buildVerifyModal(resolvedBomb(), ctx), views.verify, inputs.verify, 12],
  ["reopen", () => buildReopenModal(resolvedBomb(), ctx), views.reopen, inputs.reopen, 12],
  ["defuse", () => buildDefuseModal(bomb, ctx), views.defuse, inputs.defuse, 12],
];

describe("modals follow the interaction contract", () => {
  it.each(modals)("%s", (_name, build, callbackId, inputNames, bombId) => {
    const view = build();
    expect(view.type).toBe("modal");
    expect(view.callback_id).toBe(callbackId);
    expect(inputBlocks(view).map((b) => b.block_id)).toEqual([...inputNames]);
    for (const block of inputBlocks(view)) {
      expect(block.element.action_id).toBe(inputActionId);
      if (block.element.type === "plain_text_input") {
        expect(block.element.max_length).toBe(maxTextLength);
      }
    }
    expect(view.submit?.text).toBeTruthy();
    expect(limitViolations(view)).toEqual([]);
    if (bombId === null) expect(view.private_metadata).toBeUndefined();
    else {
      expect(JSON.parse(view.private_metadata ?? "")).toEqual({ bombId });
      expect(parsePrivateMetadata(view.private_metadata)).toEqual({ bombId });
    }
  });

  it.each(modals)("%s has a title, submit and close of at most 24 characters", (_name, build) => {
    const view = build();
    for (const text of [view.title.text, view.submit?.text, view.close?.text]) {
      expect((text ?? "").length).toBeLessThanOrEqual(24);
    }
  });

  it("English titles fit too", () => {
    const en = ctxAt(REFERENCE, { org: orgEn });
    const views = [
      buildOpenModal({ org: orgEn, reporterIsLoyaltyManager: true, bombId: 1 }),
      buildAcceptModal(bomb, en),
      buildForwardModal(bomb, en),
      buildResolveModal(bomb, en),
      buildVerifyModal(resolvedBomb(), en),
      buildReopenModal(resolvedBomb(), en),
      buildDefuseModal(bomb, en),
    ];
    for (const view of views) expect(limitViolations(view)).toEqual([]);
    expect(views.map((v) => v.title.text)).toContain("Verify and close");
  });
});

describe("what each modal offers", () => {
  it("the report modal from triage is prefilled and keeps the source", () => {
    const triage = triageBomb({ source: "other" });
    const view = buildOpenModal({
      org,
      reporterIsLoyaltyManager: true,
      prefill: triage,
      bombId: 7,
    });
    expect(view.title.text).toBe("Activar bomba");
    expect(inputOf(view, "customer").element).toMatchObject({ initial_value: triage.customer });
    expect(inputOf(view, "complaint").element).toMatchObject({
      initial_value: triage.complaint,
      multiline: true,
    });
    expect(inputOf(view, "source").element).toMatchObject({ initial_option: { value: "other" } });
    const departments = optionsOf(inputOf(view, "department").element as StaticSelect);
    expect(departments.map((o) => o.value)).toEqual([...org.departments.keys()]);
  });

  it("the accept modal proposes the latest date allowed for a minor matter", () => {
    const view = buildAcceptModal(bomb, ctx, P.nacho);
    expect(inputOf(view, "due").element).toMatchObject({
      type: "datepicker",
      initial_date: latestDueDate("minor", { now: REFERENCE, org, calendar }),
    });
    expect(inputOf(view, "severity").element).toMatchObject({
      type: "radio_buttons",
      initial_option: { value: "minor" },
    });
    expect(inputOf(view, "visit_by").element).toMatchObject({
      type: "users_select",
      initial_user: slackIdOf(P.nacho),
    });
    expect(inputOf(view, "visit_on").element).toMatchObject({ type: "datepicker" });
    expect(inputOf(view, "due").hint?.text).toContain("18:00");
  });

  it("the accept and reopen modals say that dates are working days, the visit by the due date", () => {
    const accept = buildAcceptModal(bomb, ctx, P.nacho);
    expect(inputOf(accept, "due").hint?.text).toContain("Un día laborable");
    expect(inputOf(accept, "visit_on").hint?.text).toBe(
      "Un día laborable, no más tarde de la fecha comprometida.",
    );
    const reopen = buildReopenModal(resolvedBomb(), ctx);
    expect(inputOf(reopen, "due").hint?.text).toContain("Un día laborable");
    const en = ctxAt(REFERENCE, { org: orgEn });
    expect(inputOf(buildAcceptModal(bomb, en, P.nacho), "visit_on").hint?.text).toBe(
      "A working day, no later than the committed date.",
    );
    expect(inputOf(buildReopenModal(resolvedBomb(), en), "due").hint?.text).toContain(
      "A working day",
    );
  });

  it("proposes a working day as the latest date, never a Saturday or a holiday", () => {
    // Accepted on Wednesday 16 December 2026: ten days on is Saturday 26, after Christmas.
    const december = ctxAt(at("2026-12-16T10:00"));
    const accept = buildAcceptModal(bomb, december, P.nacho);
    expect(inputOf(accept, "due").element).toMatchObject({ initial_date: "2026-12-23" });
    expect(JSON.stringify(accept.blocks)).not.toContain("26 dic");
    const reopen = buildReopenModal(resolvedBomb(), december);
    expect(inputOf(reopen, "due").element).toMatchObject({ initial_date: "2026-12-23" });
  });

  it("the forward modal offers the forward targets Slack knows, by Slack id, as Name · Title", () => {
    const view = buildForwardModal(bomb, ctx);
    const select = inputOf(view, "target").element as StaticSelect;
    const offered = optionsOf(select);
    const expected = forwardTargets(bomb, org).filter((p) => p !== P.hugo);
    expect(new Set(offered.map((o) => o.value))).toEqual(new Set(expected.map(slackIdOf)));
    expect(offered.map((o) => o.text.text)).toContain(
      "Sergio Castillo · Jefe de ventas zona centro",
    );
    expect(select.option_groups?.map((g) => g.label.text)).toEqual([
      "Enlaces de otros departamentos",
      "Por encima en la cadena",
      "Por debajo en la cadena",
    ]);
  });

  it("a forward modal with nobody to forward to says so and cannot be submitted", () => {
    const view = buildForwardModal(bomb, ctxAt(REFERENCE, { directory: directoryOf("slack", []) }));
    expect(inputBlocks(view)).toEqual([]);
    expect(view.submit).toBeUndefined();
    expect(limitViolations(view)).toEqual([]);
  });

  it("the resolve modal defaults the visit to today and to whoever opens it", () => {
    const view = buildResolveModal(bomb, ctx, P.nacho);
    expect(inputOf(view, "visited_on").element).toMatchObject({ initial_date: "2026-11-23" });
    expect(inputOf(view, "visited_by").element).toMatchObject({ initial_user: "UNACHO" });
  });

  it("the verify modal shows the solution and has an optional note", () => {
    const view = buildVerifyModal(resolvedBomb(), ctx);
    expect(JSON.stringify(view.blocks)).toContain("Ruta nueva y repartidor fijo");
    expect(inputOf(view, "note").optional).toBe(true);
    expect(inputOf(view, "satisfaction").element).toMatchObject({
      options: [{ value: "satisfied" }, { value: "unsatisfied" }],
    });
  });
});

describe("modals stay within Slack's limits", () => {
  it("with 3,000-character texts prefilled", () => {
    const long = pendingBomb({ customer: "C".repeat(3000), complaint: "&".repeat(3000) });
    const views = [
      buildOpenModal({ org, reporterIsLoyaltyManager: true, prefill: long, bombId: long.id }),
      buildAcceptModal(long, ctx),
      buildForwardModal(long, ctx),
      buildDefuseModal(long, ctx),
    ];
    for (const view of views) expect(limitViolations(view)).toEqual([]);
  });

  it("groups hundreds of forward targets in groups of at most 100", () => {
    const many = Array.from(
      { length: 250 },
      (_, i) =>
        `  - { email: p${i}@example.com, name: Persona con un nombre bastante largo número ${i}, title: Un cargo larguísimo que no cabe en setenta y cinco caracteres de ningún modo, reportsTo: carlos@example.com }`,
    );
    const big = orgFrom(
      `company: Grande
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
`,
    );
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
    const everyone = directoryOf(
      "slack",
      [...big.people.keys()].map((p) => [p, `U${p.split("@")[0]?.toUpperCase()}`] as const),
    );
    const view = buildForwardModal(atTheTop, ctxAt(REFERENCE, { org: big, directory: everyone }));
    const select = inputOf(view, "target").element as StaticSelect;
    expect(optionsOf(select)).toHaveLength(250);
    expect(select.option_groups?.length).toBeGreaterThan(2);
    expect(limitViolations(view)).toEqual([]);
  });
});

describe("directory used by the fixtures", () => {
  it("knows everyone but Hugo", () => {
    expect(directory.addressOf(P.hugo)).toBeNull();
    expect(directory.personOf("UNACHO")).toBe(P.nacho);
  });
});

describe("buildNoticeModal", () => {
  it("only tells: a title in the org's language, a close button, no submit, within limits", () => {
    const view = buildNoticeModal(ctx.org, { text: "La bomba #3 está aceptada." });
    expect(view.title.text).toBe("Correo bomba");
    expect(view.submit).toBeUndefined();
    expect(view.close?.text).toBe("Cancelar");
    expect(JSON.stringify(view.blocks)).toContain("La bomba #3 está aceptada.");
    expect(limitViolations(view)).toEqual([]);
  });
});
