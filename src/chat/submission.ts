/**
 * A submitted form's values into the core's input, for every platform. The adapter reads its
 * payload into plain values by input name (people already as person ids); here each value is
 * checked field by field: a missing, empty or garbled value becomes a sentence under that input,
 * never a throw, and a core rejection that names a field lands under its input.
 */
import { DateTime } from "luxon";
import {
  type ComplaintInput,
  type Satisfaction,
  type Severity,
  satisfactions,
  severities,
  sources,
} from "../core/bomb.ts";
import { maxTextLength, type Rejection } from "../core/errors.ts";
import { isExternalPerson, type Locale, type PersonId } from "../core/org.ts";
import type { Command } from "../core/transitions.ts";
import { catalog, type Fill } from "../i18n/catalog.ts";
import { type FormId, type InputName, inputs, views } from "./ids.ts";

/** One submitted value: text as typed, a date "YYYY-MM-DD", a choice's value or a person id. */
export type FormValue = string | null;

/** A submitted form's values by input name; an input the form did not show is absent. */
export type FormValues = Partial<Record<InputName, FormValue>>;

/** The parsed submission, or the sentence to show under each faulty input (by input name). */
export type Submission<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

/** What the report form gives: a complaint, and the department when a loyalty manager chose one. */
export type OpenSubmission = ComplaintInput & { departmentId: string | null };

/**
 * How each input's value is picked, so an adapter knows where to read it: typed text, a date, one
 * of fixed options, anyone the platform knows (a people picker), or one of the people offered.
 */
export type InputKind = "text" | "date" | "choice" | "person" | "personChoice";

/** The kind of every input of every form of the contract. */
export const inputKinds: { readonly [F in FormId]: Readonly<Record<string, InputKind>> } = {
  [views.open]: {
    customer: "text",
    contact: "text",
    complaint: "text",
    source: "choice",
    department: "choice",
  },
  [views.accept]: {
    severity: "choice",
    due: "date",
    visit_by: "person",
    visit_on: "date",
    plan: "text",
  },
  [views.forward]: { target: "personChoice", note: "text" },
  [views.resolve]: { solution: "text", visited_on: "date", visited_by: "person" },
  [views.verify]: { satisfaction: "choice", note: "text" },
  [views.reopen]: { due: "date", note: "text" },
  [views.defuse]: { reason: "text" },
};

/** The input names of a form, in the contract's order. */
export function inputsOf(form: FormId): readonly InputName[] {
  return inputs[formKey[form]];
}

const formKey: { readonly [F in FormId]: keyof typeof inputs } = {
  [views.open]: "open",
  [views.accept]: "accept",
  [views.forward]: "forward",
  [views.resolve]: "resolve",
  [views.verify]: "verify",
  [views.reopen]: "reopen",
  [views.defuse]: "defuse",
};

type CommandOf<T extends Command["type"]> = Extract<Command, { type: T }>;

/** `bomba_open`: customer, contact, complaint, source, and the department when the form had it. */
export function parseOpenValues(values: FormValues, locale: Locale): Submission<OpenSubmission> {
  const form = formOf(values, locale);
  const customer = form.text("customer");
  const contact = form.text("contact", { required: false });
  const complaint = form.text("complaint");
  const source = form.choice("source", sources);
  // Only loyalty managers get the department input; its absence means "to triage".
  const departmentId = form.has("department") ? form.choice("department", null) : null;
  return form.result(() => ({
    customer,
    contact,
    complaint,
    source: source ?? "other",
    departmentId,
  }));
}

/** `bomba_accept`: severity, committed date, who visits and when, the plan. */
export function parseAcceptValues(
  values: FormValues,
  locale: Locale,
): Submission<CommandOf<"accept">> {
  const form = formOf(values, locale);
  const severity = form.choice("severity", severities);
  const dueDate = form.date("due");
  const visitBy = form.person("visit_by");
  const visitOn = form.date("visit_on");
  const plan = form.text("plan");
  return form.result(() => ({
    type: "accept",
    severity: severity as Severity,
    dueDate,
    visitBy,
    visitOn,
    plan,
  }));
}

/** `bomba_forward`: the target (someone of the org: never a "platform:address" id) and the note. */
export function parseForwardValues(
  values: FormValues,
  locale: Locale,
): Submission<CommandOf<"forward">> {
  const form = formOf(values, locale);
  let to: PersonId = "";
  const target = form.choice("target", null);
  if (target !== null) {
    if (isExternalPerson(target)) form.fail("target", catalog(locale).chat.errors.unknownTarget);
    else to = target;
  }
  const note = form.text("note");
  return form.result(() => ({ type: "forward", to, note }));
}

/** `bomba_resolve`: the solution, the visit date and who visited. */
export function parseResolveValues(
  values: FormValues,
  locale: Locale,
): Submission<CommandOf<"resolve">> {
  const form = formOf(values, locale);
  const solution = form.text("solution");
  const visitedOn = form.date("visited_on");
  const visitedBy = form.person("visited_by");
  return form.result(() => ({ type: "resolve", solution, visitedOn, visitedBy }));
}

/** `bomba_verify`: the customer's satisfaction and an optional note. */
export function parseVerifyValues(
  values: FormValues,
  locale: Locale,
): Submission<CommandOf<"verify">> {
  const form = formOf(values, locale);
  const satisfaction = form.choice("satisfaction", satisfactions);
  const note = form.text("note", { required: false });
  return form.result(() => ({
    type: "verify",
    satisfaction: satisfaction as Satisfaction,
    note,
  }));
}

/** `bomba_reopen`: the new committed date and why. */
export function parseReopenValues(
  values: FormValues,
  locale: Locale,
): Submission<CommandOf<"reopen">> {
  const form = formOf(values, locale);
  const dueDate = form.date("due");
  const note = form.text("note");
  return form.result(() => ({ type: "reopen", dueDate, note }));
}

/** `bomba_defuse`: why. */
export function parseDefuseValues(
  values: FormValues,
  locale: Locale,
): Submission<CommandOf<"defuse">> {
  const form = formOf(values, locale);
  const reason = form.text("reason");
  return form.result(() => ({ type: "defuse", reason }));
}

/** The form about an existing bomb whose values make each command. */
export const parseCommandValues: {
  readonly [F in Exclude<FormId, typeof views.open>]: (
    values: FormValues,
    locale: Locale,
  ) => Submission<Command>;
} = {
  [views.accept]: parseAcceptValues,
  [views.forward]: parseForwardValues,
  [views.resolve]: parseResolveValues,
  [views.verify]: parseVerifyValues,
  [views.reopen]: parseReopenValues,
  [views.defuse]: parseDefuseValues,
};

/** Every input name of the contract: the core names its fields after them. */
const inputNames: ReadonlySet<string> = new Set(Object.values(inputs).flat());

/**
 * A core rejection as field errors: `{ [input]: sentence }` when it names an input; null when it
 * is about no input (wrong state, wrong role…) and the caller must answer otherwise.
 */
export function rejectionToErrors(
  rejection: Rejection,
  locale: Locale,
): Record<string, string> | null {
  if (rejection.field === undefined || !inputNames.has(rejection.field)) return null;
  const words = catalog(locale);
  const fill: Fill = {};
  for (const [key, value] of Object.entries(rejection.params)) {
    if (key === "severity" && (value === "minor" || value === "major")) {
      fill[key] = words.severities[value];
    } else if (typeof value === "string")
      fill[key] = isIsoDate(value) ? dateWords(value, locale) : value;
    else if (typeof value === "number") fill[key] = value;
    else if (Array.isArray(value)) fill[key] = value.join(", ");
  }
  return { [rejection.field]: words.reasons[rejection.reason](fill) };
}

/** Reads one form's values input by input, collecting an error per faulty input. */
function formOf(values: FormValues, locale: Locale) {
  const words = catalog(locale);
  const errors: Record<string, string> = {};
  const required = words.reasons.field_required({});
  // Own keys only: values come from a platform's payload.
  const submitted = (name: InputName): string =>
    Object.hasOwn(values, name) ? (values[name] ?? "") : "";

  function fail(name: InputName, message: string): void {
    errors[name] ??= message;
  }

  return {
    fail,
    /** True when the form had this input at all. */
    has: (name: InputName): boolean => Object.hasOwn(values, name),
    /** Free text as typed (the core trims); empty is an error unless optional. */
    text(name: InputName, options: { required: boolean } = { required: true }): string {
      const text = submitted(name);
      if (options.required && text.trim() === "") fail(name, required);
      else if (text.length > maxTextLength) {
        fail(name, words.reasons.field_too_long({ length: text.length, max: maxTextLength }));
      }
      return text;
    },
    /** A "YYYY-MM-DD" date. */
    date(name: InputName): string {
      const date = submitted(name);
      if (date === "") fail(name, required);
      else if (!isIsoDate(date)) fail(name, words.chat.errors.badDate);
      return date;
    },
    /**
     * A person picked from everyone the platform knows. Someone outside the org file (a field
     * technician, a sales rep) comes as "platform:address": visits are often made by such people.
     */
    person(name: InputName): PersonId {
      const person = submitted(name);
      if (person === "") fail(name, required);
      return person;
    },
    /** One of `allowed` (any non-empty value when null). */
    choice<T extends string>(name: InputName, allowed: readonly T[] | null): T | null {
      const value = submitted(name);
      if (value === "") {
        fail(name, required);
        return null;
      }
      if (allowed !== null && !(allowed as readonly string[]).includes(value)) {
        fail(name, words.chat.errors.badChoice);
        return null;
      }
      return value as T;
    },
    /** The value when no input failed, else the errors. */
    result<T>(value: () => T): Submission<T> {
      return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value: value() };
    },
  };
}

function isIsoDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && DateTime.fromISO(text, { zone: "utc" }).isValid;
}

function dateWords(isoDate: string, locale: Locale): string {
  return DateTime.fromISO(isoDate, { zone: "utc" })
    .setLocale(locale)
    .toLocaleString({ weekday: "short", day: "numeric", month: "short", year: "numeric" });
}
