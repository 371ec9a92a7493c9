/**
 * Submitted modals into core inputs. Slack's view state is validated with zod field by field:
 * a missing, empty or garbled value becomes a localized error under that field, never a throw,
 * so the listener can answer `response_action: "errors"` as it is.
 */
import { DateTime } from "luxon";
import { z } from "zod";
import type { Directory } from "../app/directory.ts";
import {
  type ComplaintInput,
  type Satisfaction,
  type Severity,
  satisfactions,
  severities,
  sources,
} from "../core/bomb.ts";
import { maxTextLength, type Rejection } from "../core/errors.ts";
import type { Locale, PersonId } from "../core/org.ts";
import type { Command } from "../core/transitions.ts";
import { catalog, type Fill } from "../i18n/catalog.ts";
import type { InputName } from "./blocks/modals.ts";
import { inputActionId } from "./ids.ts";

/** A parsed submission, or the sentence to show under each faulty field (keyed by block id). */
export type Submission<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

/** What the report modal gives: a complaint, and the department when a loyalty manager chose one. */
export type OpenSubmission = ComplaintInput & { departmentId: string | null };

type CommandOf<T extends Command["type"]> = Extract<Command, { type: T }>;

const metadataSchema = z.object({ bombId: z.number().int().positive() });

/** The bomb id a modal carries in `private_metadata`; null when absent or not `{"bombId": n}`. */
export function parsePrivateMetadata(text: unknown): { bombId: number } | null {
  if (typeof text !== "string" || text.trim() === "") return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = metadataSchema.safeParse(json);
  return parsed.success ? { bombId: parsed.data.bombId } : null;
}

/** `bomba_open`: customer, contact, complaint, source, and the department when the block is there. */
export function parseOpenSubmission(
  view: unknown,
  _directory: Directory,
  locale: Locale,
): Submission<OpenSubmission> {
  const form = formOf(view, locale);
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
export function parseAcceptSubmission(
  view: unknown,
  directory: Directory,
  locale: Locale,
): Submission<CommandOf<"accept">> {
  const form = formOf(view, locale);
  const severity = form.choice("severity", severities);
  const dueDate = form.date("due");
  const visitBy = form.person("visit_by", directory);
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

/** `bomba_forward`: the target (a Slack user id that must be someone of the org) and the note. */
export function parseForwardSubmission(
  view: unknown,
  directory: Directory,
  locale: Locale,
): Submission<CommandOf<"forward">> {
  const form = formOf(view, locale);
  const slackId = form.choice("target", null);
  let to: PersonId = "";
  if (slackId !== null) {
    const person = directory.personOf(slackId);
    if (person === null) form.fail("target", catalog(locale).chat.errors.unknownTarget);
    else to = person;
  }
  const note = form.text("note");
  return form.result(() => ({ type: "forward", to, note }));
}

/** `bomba_resolve`: the solution, the visit date and who visited. */
export function parseResolveSubmission(
  view: unknown,
  directory: Directory,
  locale: Locale,
): Submission<CommandOf<"resolve">> {
  const form = formOf(view, locale);
  const solution = form.text("solution");
  const visitedOn = form.date("visited_on");
  const visitedBy = form.person("visited_by", directory);
  return form.result(() => ({ type: "resolve", solution, visitedOn, visitedBy }));
}

/** `bomba_verify`: the customer's satisfaction and an optional note. */
export function parseVerifySubmission(
  view: unknown,
  _directory: Directory,
  locale: Locale,
): Submission<CommandOf<"verify">> {
  const form = formOf(view, locale);
  const satisfaction = form.choice("satisfaction", satisfactions);
  const note = form.text("note", { required: false });
  return form.result(() => ({
    type: "verify",
    satisfaction: satisfaction as Satisfaction,
    note,
  }));
}

/** `bomba_reopen`: the new committed date and why. */
export function parseReopenSubmission(
  view: unknown,
  _directory: Directory,
  locale: Locale,
): Submission<CommandOf<"reopen">> {
  const form = formOf(view, locale);
  const dueDate = form.date("due");
  const note = form.text("note");
  return form.result(() => ({ type: "reopen", dueDate, note }));
}

/** `bomba_defuse`: why. */
export function parseDefuseSubmission(
  view: unknown,
  _directory: Directory,
  locale: Locale,
): Submission<CommandOf<"defuse">> {
  const form = formOf(view, locale);
  const reason = form.text("reason");
  return form.result(() => ({ type: "defuse", reason }));
}

/** The core's field names that are modal inputs (the core names them after the contract). */
const blockOfField: Readonly<Record<string, InputName>> = {
  customer: "customer",
  contact: "contact",
  complaint: "complaint",
  source: "source",
  department: "department",
  severity: "severity",
  due: "due",
  visit_by: "visit_by",
  visit_on: "visit_on",
  plan: "plan",
  target: "target",
  note: "note",
  solution: "solution",
  visited_on: "visited_on",
  visited_by: "visited_by",
  satisfaction: "satisfaction",
  reason: "reason",
};

/**
 * A core rejection as modal errors: `{ [blockId]: sentence }` when it names an input's field;
 * null when it is about no field (wrong state, wrong role…) and the caller must answer otherwise.
 */
export function rejectionToErrors(
  rejection: Rejection,
  locale: Locale,
): Record<string, string> | null {
  if (rejection.field === undefined) return null;
  const block = blockOfField[rejection.field];
  if (block === undefined) return null;
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
  return { [block]: words.reasons[rejection.reason](fill) };
}

// ---------------------------------------------------------------------------------------------

/** One input's state as Slack sends it; only the members this app's elements produce. */
const stateValueSchema = z.object({
  value: z.string().nullish(),
  selected_date: z.string().nullish(),
  selected_user: z.string().nullish(),
  selected_option: z.object({ value: z.string() }).nullish(),
});

const viewSchema = z.object({
  state: z.object({ values: z.record(z.string(), z.record(z.string(), z.unknown())) }),
});

type StateValue = z.infer<typeof stateValueSchema>;

/** Reads one submitted view field by field, collecting an error per faulty field. */
function formOf(view: unknown, locale: Locale) {
  const parsed = viewSchema.safeParse(view);
  const values = parsed.success ? parsed.data.state.values : {};
  const words = catalog(locale);
  const errors: Record<string, string> = {};
  const required = words.reasons.field_required({});

  function entry(block: InputName): StateValue | null {
    const raw = values[block]?.[inputActionId];
    const value = stateValueSchema.safeParse(raw);
    return value.success ? value.data : null;
  }

  function fail(block: InputName, message: string): void {
    errors[block] ??= message;
  }

  return {
    fail,
    /** True when the modal had this input at all. */
    has: (block: InputName): boolean => values[block] !== undefined,
    /** Free text as typed (the core trims); empty is an error unless optional. */
    text(block: InputName, options: { required: boolean } = { required: true }): string {
      const text = entry(block)?.value ?? "";
      if (options.required && text.trim() === "") fail(block, required);
      else if (text.length > maxTextLength) {
        fail(block, words.reasons.field_too_long({ length: text.length, max: maxTextLength }));
      }
      return text;
    },
    /** A datepicker's "YYYY-MM-DD". */
    date(block: InputName): string {
      const date = entry(block)?.selected_date ?? "";
      if (date === "") fail(block, required);
      else if (!isIsoDate(date)) fail(block, words.chat.errors.badDate);
      return date;
    },
    /**
     * A users_select as an org person. Someone Slack knows but the org file does not (a field
     * technician, a sales rep) is kept as "slack:U…": visits are often made by such people.
     */
    person(block: InputName, directory: Directory): PersonId {
      const slackId = entry(block)?.selected_user ?? "";
      if (slackId === "") {
        fail(block, required);
        return "";
      }
      return directory.personAt(slackId);
    },
    /** A select's or radio group's value, one of `allowed` (any non-empty value when null). */
    choice<T extends string>(block: InputName, allowed: readonly T[] | null): T | null {
      const value = entry(block)?.selected_option?.value ?? "";
      if (value === "") {
        fail(block, required);
        return null;
      }
      if (allowed !== null && !(allowed as readonly string[]).includes(value)) {
        fail(block, words.chat.errors.badChoice);
        return null;
      }
      return value as T;
    },
    /** The value when no field failed, else the errors. */
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
