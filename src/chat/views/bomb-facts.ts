/**
 * What every view of a bomb shows, worded once for every platform: people as mentions or names,
 * deadlines in the org's zone and locale (absolute and in working days), the facts of its current
 * state, the actions its current state allows a person. Messages, statuses, lists and home share
 * it; the platform's dialect (`ctx.markup`) writes the formatting.
 */
import { DateTime } from "luxon";
import type { Bomb } from "../../core/bomb.ts";
import type { Rejection } from "../../core/errors.ts";
import { displayName, type Org, type PersonId } from "../../core/org.ts";
import { allowedCommands, type CommandType } from "../../core/roles.ts";
import { type Catalog, catalog } from "../../i18n/catalog.ts";
import { fillOf, formatIsoDate } from "../../i18n/fill.ts";
import { instantText } from "../../i18n/local-dates.ts";
import { type ActionId, actions } from "../ids.ts";
import type { ViewContext } from "./view-context.ts";

/** The sentences of the org's locale. */
export function wordsOf(ctx: Pick<ViewContext, "org">): Catalog {
  return catalog(ctx.org.locale);
}

/** A person's (or a channel key's) name for plain text: see `displayName`. */
export function personName(org: Org, person: PersonId): string {
  return displayName(org, person);
}

/** An instant as local date and time in the org's zone and locale; the year only when not this year's. */
export function formatInstant(ctx: Pick<ViewContext, "org" | "now">, at: number): string {
  return instantText(ctx.org.locale, ctx.org.calendar.timezone, at, ctx.now);
}

/**
 * A deadline relative to now in working days: "en 3 días laborables", "vence hoy", "vencida hace
 * 2 días laborables". A deadline on a non-working date with no working date in between (a
 * commitment due on a Saturday, seen on Friday) falls back to calendar days.
 */
export function relativeDue(
  ctx: Pick<ViewContext, "org" | "calendar" | "now">,
  due: number,
): string {
  const words = wordsOf(ctx);
  const { relative } = words.chat;
  const n = ctx.calendar.workingDaysBetween(ctx.now, due);
  if (n > 0) return relative.future(words.words.workingDays(n));
  if (n < 0) return relative.past(words.words.workingDays(-n));
  const today = ctx.calendar.localDate(ctx.now);
  const dueDate = ctx.calendar.localDate(due);
  if (today === dueDate) return due >= ctx.now ? relative.today : relative.overdueToday;
  const days = Math.round(
    DateTime.fromISO(dueDate, { zone: "utc" }).diff(
      DateTime.fromISO(today, { zone: "utc" }),
      "days",
    ).days,
  );
  return days > 0 ? relative.future(relative.days(days)) : relative.past(relative.days(-days));
}

/** "lun, 23 nov, 18:00 (en 3 días laborables)". */
export function deadlineText(
  ctx: Pick<ViewContext, "org" | "calendar" | "now">,
  due: number,
): string {
  return `${formatInstant(ctx, due)} (${relativeDue(ctx, due)})`;
}

/** The department's name, its id when the org no longer has it, "sin asignar" in triage. */
export function departmentName(ctx: Pick<ViewContext, "org">, id: string | null): string {
  if (id === null) return wordsOf(ctx).chat.values.unassigned;
  return ctx.org.departments.get(id)?.name ?? id;
}

/** The deadline that matters now: the answer window while pending, the committed date once accepted. */
export function deadlineOf(bomb: Bomb): { at: number; label: "answerDue" | "committed" } | null {
  if (bomb.state === "pending") return { at: bomb.assignment.answerDueAt, label: "answerDue" };
  if (bomb.state === "accepted") return { at: bomb.commitment.dueAt, label: "committed" };
  return null;
}

/** Who must act now, in the dialect: holder, owner, or the loyalty managers (triage, verification). */
export function holderText(bomb: Bomb, ctx: ViewContext): string | null {
  switch (bomb.state) {
    case "pending":
      return ctx.markup.person(bomb.assignment.holder);
    case "accepted":
      return ctx.markup.person(bomb.commitment.owner);
    case "triage":
    case "resolved":
      return ctx.org.loyaltyManagers.map((lm) => ctx.markup.person(lm)).join(", ");
    default:
      return null;
  }
}

/**
 * Why the core refused, in the dialect and the org's language: its params filled like any other
 * (a state as "aceptada", never "accepted"; people by name).
 */
export function reasonText(
  rejection: Pick<Rejection, "reason" | "params">,
  ctx: Pick<ViewContext, "org" | "now" | "markup">,
): string {
  const { markup } = ctx;
  const fill = fillOf(ctx, rejection.params, {
    person: (p) => markup.escape(personName(ctx.org, p)),
    escapeText: markup.escape,
  });
  return wordsOf(ctx).reasons[rejection.reason](fill);
}

/** One action a person may take on a bomb: a button, or a card action. */
export interface BombAction {
  id: ActionId;
  label: string;
  bombId: number;
  style?: "primary" | "danger";
}

/** Which action each command a person may give is. */
const buttonOf: Partial<Record<CommandType, keyof typeof actions>> = {
  activate: "triageActivate",
  dismiss: "triageDismiss",
  accept: "accept",
  forward: "forward",
  resolve: "resolve",
  verify: "verify",
  reopen: "reopen",
  defuse: "defuse",
};

const styleOf: Partial<Record<keyof typeof actions, BombAction["style"]>> = {
  accept: "primary",
  verify: "primary",
  triageActivate: "primary",
  defuse: "danger",
};

/** The actions a person gets on a bomb now: from its current state and their role, never the message kind. */
export function actionsFor(
  bomb: Bomb,
  person: PersonId,
  ctx: Pick<ViewContext, "org">,
): BombAction[] {
  const labels = wordsOf(ctx).chat.buttons;
  const out: BombAction[] = [];
  for (const command of allowedCommands(bomb, person, ctx.org)) {
    const key = buttonOf[command];
    if (key === undefined) continue;
    const style = styleOf[key];
    const action: BombAction = { id: actions[key], label: labels[key], bombId: bomb.id };
    out.push(style === undefined ? action : { ...action, style });
  }
  return out;
}

/** One fact of a bomb: a label and its value in the dialect, or the user's own text, raw. */
export type Fact = { label: string; value: string } | { label: string; raw: string };

/**
 * The facts of a bomb's current state, at most ten: customer, contact, department, state, who
 * holds it, deadline, severity, visit, climb, forwards.
 */
export function factsOf(bomb: Bomb, ctx: ViewContext): Fact[] {
  const { fields, values } = wordsOf(ctx).chat;
  const words = wordsOf(ctx);
  const { markup } = ctx;
  const out: Fact[] = [];
  const add = (label: string, value: string) => out.push({ label, value });
  const userText = (label: string, raw: string) => out.push({ label, raw });
  userText(fields.customer, bomb.customer);
  if (bomb.contact.trim() !== "") userText(fields.contact, bomb.contact);
  add(fields.department, markup.escape(departmentName(ctx, bomb.departmentId)));
  add(fields.state, words.states[bomb.state]);
  switch (bomb.state) {
    case "triage":
      add(fields.reporter, ctx.markup.person(bomb.reporter));
      break;
    case "pending": {
      add(fields.holder, ctx.markup.person(bomb.assignment.holder));
      add(fields.answerDue, deadlineText(ctx, bomb.assignment.answerDueAt));
      const climbed = bomb.assignment.passedThrough;
      if (climbed.length > 0) {
        const path = [...climbed, bomb.assignment.holder]
          .map((p) => markup.escape(personName(ctx.org, p)))
          .join(" → ");
        add(fields.climb, values.climb({ path, rungs: climbed.length }));
      }
      break;
    }
    case "accepted": {
      const c = bomb.commitment;
      add(fields.owner, ctx.markup.person(c.owner));
      add(fields.committed, deadlineText(ctx, c.dueAt));
      add(fields.severity, words.severities[c.severity]);
      const date = formatIsoDate(ctx, c.visitOn);
      add(fields.visit, values.visit({ person: ctx.markup.person(c.visitBy), date }));
      if (c.overdueReached.length > 0) {
        const told = c.overdueReached.map((p) => markup.escape(personName(ctx.org, p)));
        add(fields.overdueReached, told.join(" → "));
      }
      break;
    }
    case "resolved":
    case "closed": {
      const r = bomb.resolution;
      add(fields.resolvedBy, ctx.markup.person(r.by));
      const date = formatIsoDate(ctx, r.visitedOn);
      add(fields.visited, values.visit({ person: ctx.markup.person(r.visitedBy), date }));
      break;
    }
    default:
      break;
  }
  if (bomb.forwards > 0 && (bomb.state === "pending" || bomb.state === "accepted")) {
    const max = ctx.org.policy.maxForwards;
    add(fields.forwards, values.forwards({ forwards: bomb.forwards, max }));
  }
  return out;
}

/** The free texts a bomb carries now, labelled, in reading order: complaint, plan, solution, notes. */
export function bombTexts(
  bomb: Bomb,
  ctx: Pick<ViewContext, "org">,
): { label: string; text: string }[] {
  const { fields } = wordsOf(ctx).chat;
  const out = [{ label: fields.complaint, text: bomb.complaint }];
  if (bomb.state === "accepted") out.push({ label: fields.plan, text: bomb.commitment.plan });
  if (bomb.state === "resolved" || bomb.state === "closed") {
    out.push({ label: fields.solution, text: bomb.resolution.solution });
  }
  if (bomb.state === "closed") out.push({ label: fields.note, text: bomb.verification.note });
  if (bomb.state === "defused") out.push({ label: fields.reason, text: bomb.defusal.reason });
  if (bomb.state === "dismissed") out.push({ label: fields.reason, text: bomb.dismissal.reason });
  return out.filter((t) => t.text.trim() !== "");
}

/**
 * One line on where a bomb stands when no deadline says it: waiting for triage or verification,
 * or its final status once closed, defused or dismissed. Null while pending or accepted.
 */
export function statusLine(bomb: Bomb, ctx: ViewContext): string | null {
  const { status } = wordsOf(ctx).chat;
  const words = wordsOf(ctx);
  switch (bomb.state) {
    case "triage":
      return status.triage;
    case "resolved":
      return status.resolved({
        at: formatInstant(ctx, bomb.resolution.at),
        by: ctx.markup.person(bomb.resolution.by),
      });
    case "closed":
      return status.closed({
        at: formatInstant(ctx, bomb.verification.at),
        by: ctx.markup.person(bomb.verification.by),
        satisfaction: words.satisfactions[bomb.verification.satisfaction],
      });
    case "defused":
      return status.defused({
        at: formatInstant(ctx, bomb.defusal.at),
        by: ctx.markup.person(bomb.defusal.by),
      });
    case "dismissed":
      return status.dismissed({
        at: formatInstant(ctx, bomb.dismissal.at),
        by: ctx.markup.person(bomb.dismissal.by),
      });
    default:
      return null;
  }
}

/** The small print: id, when it was reported, where from, where its whole history is. */
export function footerText(bomb: Bomb, ctx: Pick<ViewContext, "org" | "now" | "surface">): string {
  const words = wordsOf(ctx);
  const fill = {
    id: bomb.id,
    at: formatInstant(ctx, bomb.reportedAt),
    source: words.chat.sources[bomb.source],
  };
  return words.chat.footer(fill, ctx.surface.command);
}

/**
 * A bomb in two lines for lists, home and private answers:
 * "**#12 · Cliente** · Logística · _pendiente_" then who holds it and until when, or its status.
 */
export function summaryText(bomb: Bomb, ctx: ViewContext, customerMax = 150): string {
  const words = wordsOf(ctx);
  const { fields } = words.chat;
  const { markup } = ctx;
  const customer = markup.userText(bomb.customer.replace(/\s+/g, " "), customerMax);
  const department = markup.escape(departmentName(ctx, bomb.departmentId));
  const first = `${markup.bold(`#${bomb.id} · ${customer}`)} · ${department} · ${markup.italic(words.states[bomb.state])}`;
  const deadline = deadlineOf(bomb);
  const holder = holderText(bomb, ctx);
  if (deadline !== null && holder !== null) {
    const label = bomb.state === "pending" ? fields.holder : fields.owner;
    return `${first}\n${label}: ${holder} · ${fields[deadline.label]}: ${deadlineText(ctx, deadline.at)}`;
  }
  const status = statusLine(bomb, ctx);
  return status === null ? first : `${first}\n${status}`;
}
