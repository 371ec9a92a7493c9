import type { InputBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import { maxTextLength, reject } from "../../src/core/errors.ts";
import { decide } from "../../src/core/transitions.ts";
import { buildAcceptModal } from "../../src/slack/blocks/modals.ts";
import {
  parseAcceptSubmission,
  parseDefuseSubmission,
  parseForwardSubmission,
  parseOpenSubmission,
  parsePrivateMetadata,
  parseReopenSubmission,
  parseResolveSubmission,
  parseVerifySubmission,
  rejectionToErrors,
} from "../../src/slack/view-submissions.ts";
import {
  at,
  calendar,
  ctxAt,
  directory,
  org,
  P,
  pendingBomb,
  REFERENCE,
} from "./slack-fixtures.ts";

/** What Slack sends for one input element, by kind. */
const text = (value: string | null) => ({ type: "plain_text_input", value });
const date = (selected_date: string | null) => ({ type: "datepicker", selected_date });
const user = (selected_user: string | null) => ({ type: "users_select", selected_user });
const pick = (value: string | null) => ({
  type: "static_select",
  selected_option: value === null ? null : { text: { type: "plain_text", text: value }, value },
});
const radio = (value: string) => ({ type: "radio_buttons", selected_option: { value } });

/** A submitted view whose state has these inputs (block id → element state). */
function viewWith(fields: Record<string, unknown>, privateMetadata = '{"bombId":12}') {
  const values: Record<string, Record<string, unknown>> = {};
  for (const [block, state] of Object.entries(fields)) values[block] = { value: state };
  return { id: "V1", callback_id: "x", private_metadata: privateMetadata, state: { values } };
}

function without<T extends Record<string, unknown>>(fields: T, key: keyof T) {
  const { [key]: _gone, ...rest } = fields;
  return rest;
}

const required = "Este campo es obligatorio.";
const badDate = "Elige una fecha válida.";

describe("parsePrivateMetadata", () => {
  it.each([
    ['{"bombId":12}', { bombId: 12 }],
    ['{"bombId": 7, "extra": true}', { bombId: 7 }],
    ["", null],
    [undefined, null],
    ["{", null],
    ['{"bombId":"12"}', null],
    ['{"bombId":0}', null],
    ['{"bombId":1.5}', null],
    ["[12]", null],
    ["null", null],
  ])("%j → %j", (text, expected) => {
    expect(parsePrivateMetadata(text)).toEqual(expected);
  });
});

describe("parseOpenSubmission", () => {
  const valid = {
    customer: text("Distribuciones Norte"),
    contact: text(null),
    complaint: text("Llegó tarde."),
    source: pick("survey"),
  };
  it.each([
    [
      "a report",
      valid,
      {
        ok: true,
        value: {
          customer: "Distribuciones Norte",
          contact: "",
          complaint: "Llegó tarde.",
          source: "survey",
          departmentId: null,
        },
      },
    ],
    [
      "with a department",
      { ...valid, department: pick("logistica") },
      {
        ok: true,
        value: {
          customer: "Distribuciones Norte",
          contact: "",
          complaint: "Llegó tarde.",
          source: "survey",
          departmentId: "logistica",
        },
      },
    ],
    [
      "the department block left empty",
      { ...valid, department: pick(null) },
      { ok: false, errors: { department: required } },
    ],
    ["no customer", without(valid, "customer"), { ok: false, errors: { customer: required } }],
    [
      "a blank complaint",
      { ...valid, complaint: text("   ") },
      { ok: false, errors: { complaint: required } },
    ],
    [
      "an unknown source",
      { ...valid, source: pick("fax") },
      { ok: false, errors: { source: "Elige una de las opciones." } },
    ],
    [
      "a garbled element",
      { ...valid, customer: { type: "plain_text_input", value: 42 } },
      { ok: false, errors: { customer: required } },
    ],
    [
      "too long",
      { ...valid, complaint: text("x".repeat(maxTextLength + 1)) },
      { ok: false, errors: { complaint: "Demasiado largo: 3001 caracteres (máximo 3000)." } },
    ],
  ])("%s", (_name, fields, expected) => {
    expect(parseOpenSubmission(viewWith(fields, ""), directory, "es")).toEqual(expected);
  });

  it("a view with no state at all is an error on every required field, not a throw", () => {
    const result = parseOpenSubmission({ nonsense: true }, directory, "es");
    expect(result).toEqual({
      ok: false,
      errors: { customer: required, complaint: required, source: required },
    });
    expect(parseOpenSubmission(null, directory, "en")).toMatchObject({
      ok: false,
      errors: { customer: "This field is required." },
    });
  });
});

describe("parseAcceptSubmission", () => {
  const valid = {
    severity: radio("minor"),
    due: date("2026-12-02"),
    visit_by: user("UMARCOS"),
    visit_on: date("2026-11-27"),
    plan: text("Ruta nueva."),
  };
  const command = {
    type: "accept",
    severity: "minor",
    dueDate: "2026-12-02",
    visitBy: P.marcos,
    visitOn: "2026-11-27",
    plan: "Ruta nueva.",
  };
  it.each([
    ["valid", valid, { ok: true, value: command }],
    // Visits are often made by someone the org file does not list: kept by their Slack id.
    [
      "a visitor unknown to the org",
      { ...valid, visit_by: user("UTECNICO") },
      { ok: true, value: { ...command, visitBy: "slack:UTECNICO" } },
    ],
    [
      "no visitor",
      { ...valid, visit_by: user(null) },
      { ok: false, errors: { visit_by: required } },
    ],
    ["no due date", without(valid, "due"), { ok: false, errors: { due: required } }],
    [
      "a bad due date",
      { ...valid, due: date("2026-02-30") },
      { ok: false, errors: { due: badDate } },
    ],
    [
      "a due date that is no date",
      { ...valid, due: date("mañana") },
      { ok: false, errors: { due: badDate } },
    ],
    [
      "a bad severity",
      { ...valid, severity: radio("medium") },
      { ok: false, errors: { severity: "Elige una de las opciones." } },
    ],
    [
      "several faults at once",
      { ...valid, plan: text(""), visit_on: date(null) },
      { ok: false, errors: { plan: required, visit_on: required } },
    ],
  ])("%s", (_name, fields, expected) => {
    expect(parseAcceptSubmission(viewWith(fields), directory, "es")).toEqual(expected);
  });

  it("the accept modal's defaults, once a visit is picked, are a command the core accepts", () => {
    const bomb = pendingBomb();
    const view = buildAcceptModal(bomb, ctxAt(), P.nacho);
    const due = view.blocks.find(
      (b): b is InputBlock => b.type === "input" && (b as InputBlock).block_id === "due",
    );
    const initialDue = due?.element.type === "datepicker" ? due.element.initial_date : undefined;
    const parsed = parseAcceptSubmission(
      viewWith({ ...valid, due: date(initialDue ?? null), visit_on: date("2026-11-24") }),
      directory,
      "es",
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const decision = decide(bomb, parsed.value, { now: REFERENCE, org, calendar, actor: P.nacho });
    expect(decision.ok).toBe(true);
  });
});

describe("parseForwardSubmission", () => {
  const valid = { target: pick("USERGIO"), note: text("Es comercial.") };
  it.each([
    ["valid", valid, { ok: true, value: { type: "forward", to: P.sergio, note: "Es comercial." } }],
    [
      "an unknown target",
      { ...valid, target: pick("UNOBODY") },
      { ok: false, errors: { target: "Esa persona no está en el organigrama: elige otra." } },
    ],
    ["no target", { ...valid, target: pick(null) }, { ok: false, errors: { target: required } }],
    ["no note", without(valid, "note"), { ok: false, errors: { note: required } }],
  ])("%s", (_name, fields, expected) => {
    expect(parseForwardSubmission(viewWith(fields), directory, "es")).toEqual(expected);
  });
});

describe("parseResolveSubmission", () => {
  const valid = {
    solution: text("Hecho."),
    visited_on: date("2026-11-23"),
    visited_by: user("UMARCOS"),
  };
  it.each([
    [
      "valid",
      valid,
      {
        ok: true,
        value: {
          type: "resolve",
          solution: "Hecho.",
          visitedOn: "2026-11-23",
          visitedBy: P.marcos,
        },
      },
    ],
    [
      "a visitor unknown to the org",
      { ...valid, visited_by: user("UFUERA") },
      {
        ok: true,
        value: {
          type: "resolve",
          solution: "Hecho.",
          visitedOn: "2026-11-23",
          visitedBy: "slack:UFUERA",
        },
      },
    ],
    ["no solution", without(valid, "solution"), { ok: false, errors: { solution: required } }],
    [
      "a bad date",
      { ...valid, visited_on: date("23/11/2026") },
      { ok: false, errors: { visited_on: badDate } },
    ],
  ])("%s", (_name, fields, expected) => {
    expect(parseResolveSubmission(viewWith(fields), directory, "es")).toEqual(expected);
  });
});

describe("parseVerifySubmission", () => {
  it.each([
    [
      "valid, no note",
      { satisfaction: radio("satisfied"), note: text(null) },
      { ok: true, value: { type: "verify", satisfaction: "satisfied", note: "" } },
    ],
    [
      "with a note",
      { satisfaction: radio("unsatisfied"), note: text("Sigue molesto.") },
      { ok: true, value: { type: "verify", satisfaction: "unsatisfied", note: "Sigue molesto." } },
    ],
    ["no satisfaction", { note: text("x") }, { ok: false, errors: { satisfaction: required } }],
    [
      "a bad satisfaction",
      { satisfaction: radio("meh") },
      { ok: false, errors: { satisfaction: "Elige una de las opciones." } },
    ],
  ])("%s", (_name, fields, expected) => {
    expect(parseVerifySubmission(viewWith(fields), directory, "es")).toEqual(expected);
  });
});

describe("parseReopenSubmission", () => {
  it.each([
    [
      "valid",
      { due: date("2026-12-04"), note: text("Sigue igual.") },
      { ok: true, value: { type: "reopen", dueDate: "2026-12-04", note: "Sigue igual." } },
    ],
    [
      "a bad date",
      { due: date("2026-13-01"), note: text("x") },
      { ok: false, errors: { due: badDate } },
    ],
    ["no note", { due: date("2026-12-04") }, { ok: false, errors: { note: required } }],
  ])("%s", (_name, fields, expected) => {
    expect(parseReopenSubmission(viewWith(fields), directory, "es")).toEqual(expected);
  });
});

describe("parseDefuseSubmission", () => {
  it.each([
    [
      "valid",
      { reason: text("Malentendido.") },
      { ok: true, value: { type: "defuse", reason: "Malentendido." } },
    ],
    ["no reason", {}, { ok: false, errors: { reason: required } }],
  ])("%s", (_name, fields, expected) => {
    expect(parseDefuseSubmission(viewWith(fields), directory, "es")).toEqual(expected);
  });

  it("speaks English for an English org", () => {
    expect(parseDefuseSubmission(viewWith({}), directory, "en")).toEqual({
      ok: false,
      errors: { reason: "This field is required." },
    });
  });
});

describe("rejectionToErrors", () => {
  it.each([
    [
      reject(
        "due_beyond_limit",
        { dueDate: "2026-12-24", latest: "2026-12-03", severity: "minor" },
        "due",
      ),
      "es",
      { due: "La fecha máxima para un asunto leve es el jue, 3 dic 2026." },
    ],
    [
      reject("due_in_past", { dueDate: "2026-11-20" }, "due"),
      "en",
      { due: "The committed date has already passed." },
    ],
    [
      reject("visit_in_past", {}, "visit_on"),
      "es",
      { visit_on: "La visita no puede ser en el pasado." },
    ],
    [
      reject("due_not_working_day", { dueDate: "2026-12-26" }, "due"),
      "es",
      { due: "El sáb, 26 dic 2026 no es laborable: elige un día laborable." },
    ],
    [
      reject("due_not_working_day", { dueDate: "2026-12-26" }, "due"),
      "en",
      { due: "Sat, Dec 26, 2026 is not a working day: pick a working day." },
    ],
    [
      reject("visit_not_working_day", { visitOn: "2026-12-08" }, "visit_on"),
      "es",
      { visit_on: "El mar, 8 dic 2026 no es laborable: elige un día laborable." },
    ],
    [
      reject("visit_after_due", { visitOn: "2027-11-24", dueDate: "2026-11-24" }, "visit_on"),
      "es",
      {
        visit_on: "La visita tiene que ser como tarde el mar, 24 nov 2026, la fecha comprometida.",
      },
    ],
    [
      reject("visit_after_due", { visitOn: "2027-11-24", dueDate: "2026-11-24" }, "visit_on"),
      "en",
      { visit_on: "The visit must be on or before Tue, Nov 24, 2026, the committed date." },
    ],
    [
      reject("visited_in_future", {}, "visited_on"),
      "es",
      { visited_on: "La fecha de la visita no puede ser futura." },
    ],
    [reject("field_required", {}, "plan"), "es", { plan: required }],
    [
      reject("field_too_long", { max: 3000, length: 3100 }, "note"),
      "en",
      { note: "Too long: 3100 characters (at most 3000)." },
    ],
    [
      reject("target_not_in_reach", { person: "hugo@example.com" }, "target"),
      "es",
      {
        target:
          "Solo se puede reenviar a la cadena de mando o al enlace de otro departamento, no a hugo@example.com.",
      },
    ],
    [
      reject("unknown_department", { department: "x" }, "department"),
      "es",
      { department: "No hay ningún departamento «x»." },
    ],
    [reject("field_required", {}, "solution"), "es", { solution: required }],
    [reject("field_required", {}, "reason"), "es", { reason: required }],
    [reject("field_required", {}, "customer"), "es", { customer: required }],
    [reject("field_required", {}, "complaint"), "es", { complaint: required }],
    [
      reject("field_too_long", { max: 3000, length: 3001 }, "contact"),
      "es",
      { contact: "Demasiado largo: 3001 caracteres (máximo 3000)." },
    ],
  ] as const)("%j (%s)", (rejection, locale, expected) => {
    expect(rejectionToErrors(rejection, locale)).toEqual(expected);
  });

  it.each([
    reject("wrong_state", { state: "closed", id: 12 }),
    reject("only_holder"),
    reject("unknown_person", {}, "reporter"),
  ])("%j has no field to show it under → null", (rejection) => {
    expect(rejectionToErrors(rejection, "es")).toBeNull();
  });

  it("a real refusal of the core lands under the field it names", () => {
    const decision = decide(
      pendingBomb(),
      {
        type: "accept",
        severity: "minor",
        dueDate: "2027-06-01",
        visitBy: P.marcos,
        visitOn: "2026-11-27",
        plan: "x",
      },
      { now: at("2026-11-23T12:00"), org, calendar, actor: P.nacho },
    );
    if (decision.ok) throw new Error("expected a refusal");
    expect(Object.keys(rejectionToErrors(decision, "es") ?? {})).toEqual(["due"]);
  });
});
