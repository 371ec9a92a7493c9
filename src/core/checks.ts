/**
 * The field checks every command shares: required texts, lengths, dates and people. Each
 * refusal names its field, so a form can show the sentence under the input that caused it.
 */
import { DateTime } from "luxon";
import type { ComplaintInput, Severity } from "./bomb.ts";
import { type Context, today } from "./context.ts";
import { maxTextLength, type Rejection, reject } from "./errors.ts";
import { isExternalPerson, type PersonId } from "./org.ts";

/**
 * The latest committed date the policy allows for a severity, accepted now: the last working day
 * on or before the limit, since nobody solves or is chased on a Saturday or a holiday.
 */
export function latestDueDate(
  severity: Severity,
  ctx: Pick<Context, "now" | "org" | "calendar">,
): string {
  const limit = ctx.calendar.add(ctx.now, ctx.org.policy[severity].resolveWithin);
  return ctx.calendar.localDate(ctx.calendar.openingOnOrBefore(ctx.calendar.localDate(limit)));
}

/** A committed date is a working day, from today up to the severity's limit. */
export function checkDueDate(dueDate: string, severity: Severity, ctx: Context): Rejection | null {
  if (!isIsoDate(dueDate)) return reject("field_required", {}, "due");
  if (ctx.calendar.endOfDate(dueDate) <= ctx.now || dueDate < today(ctx)) {
    return reject("due_in_past", { dueDate }, "due");
  }
  const latest = latestDueDate(severity, ctx);
  if (dueDate > latest) return reject("due_beyond_limit", { dueDate, latest, severity }, "due");
  if (!ctx.calendar.isWorkingDate(dueDate)) {
    return reject("due_not_working_day", { dueDate }, "due");
  }
  return null;
}

/** A visit is planned on a working day, from today up to the committed date. */
export function checkVisitDate(visitOn: string, dueDate: string, ctx: Context): Rejection | null {
  if (!isIsoDate(visitOn)) return reject("field_required", {}, "visit_on");
  if (visitOn < today(ctx)) return reject("visit_in_past", {}, "visit_on");
  if (!ctx.calendar.isWorkingDate(visitOn)) {
    return reject("visit_not_working_day", { visitOn }, "visit_on");
  }
  if (visitOn > dueDate) return reject("visit_after_due", { visitOn, dueDate }, "visit_on");
  return null;
}

/**
 * A person named in a field will be told, so they must be findable: someone of the org, or a
 * Slack user named by id (visits are often made by people outside the org file).
 */
export function checkPerson(person: PersonId, field: string, ctx: Context): Rejection | null {
  if (person.trim() === "") return reject("field_required", {}, field);
  if (ctx.org.people.has(person) || isExternalPerson(person)) return null;
  return reject("unknown_person", { person }, field);
}

/** A complaint names its customer and what happened; the contact is optional. */
export function checkComplaint(input: ComplaintInput): Rejection | null {
  for (const field of ["customer", "complaint"] as const) {
    const value = required(input[field], field);
    if (typeof value !== "string") return value;
  }
  return checkLength(input.contact, "contact");
}

/** The trimmed text, or the rejection naming the field when empty or too long. */
export function required(text: string, field: string): string | Rejection {
  const value = text.trim();
  if (value.length === 0) return reject("field_required", {}, field);
  return checkLength(value, field) ?? value;
}

/** Refuses a text longer than any field may hold. */
export function checkLength(text: string, field: string): Rejection | null {
  return text.length > maxTextLength
    ? reject("field_too_long", { max: maxTextLength, length: text.length }, field)
    : null;
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && DateTime.fromISO(text, { zone: "UTC" }).isValid;
}
