/**
 * What every Slack view of a bomb shows, worded once: people as mentions or names, deadlines in
 * the org's zone and locale (absolute and in working days), the facts of its current state, the
 * buttons its current state allows a person. The message, status, list and home builders share it.
 */
import type { Button } from "@slack/types";
import { DateTime } from "luxon";
import type { Directory } from "../../app/directory.ts";
import { actions } from "../../chat/ids.ts";
import type { Bomb } from "../../core/bomb.ts";
import type { WorkCalendar } from "../../core/calendar.ts";
import type { Rejection } from "../../core/errors.ts";
import { isSlackUserId, type Org, type PersonId } from "../../core/org.ts";
import { allowedCommands, type CommandType } from "../../core/transitions.ts";
import { type Catalog, catalog } from "../../i18n/catalog.ts";
import { fillOf, formatIsoDate } from "../../i18n/fill.ts";
import { button, escapeMrkdwn, mrkdwnText, slackLimits } from "./kit.ts";

/** What a builder needs besides the bomb: the org, its calendar, who is who in Slack, and now. */
export interface BlockContext {
  org: Org;
  calendar: WorkCalendar;
  directory: Directory;
  now: number;
}

/** The sentences of the org's locale. */
export function wordsOf(ctx: Pick<BlockContext, "org">): Catalog {
  return catalog(ctx.org.locale);
}

/** A person's name for plain text: the org's name, else the id as stored. */
export function personName(org: Org, person: PersonId): string {
  return org.people.get(person)?.name ?? person;
}

/**
 * A person for mrkdwn: a `<@U…>` mention when Slack knows them (a visitor kept by raw Slack id
 * included), else their escaped name.
 */
export function personMention(ctx: Pick<BlockContext, "org" | "directory">, person: PersonId) {
  const slackId =
    ctx.directory.slackIdOf(person) ??
    (!ctx.org.people.has(person) && isSlackUserId(person) ? person : null);
  return slackId === null ? escapeMrkdwn(personName(ctx.org, person)) : `<@${slackId}>`;
}

/** An instant as local date and time in the org's zone and locale; the year only when not this year's. */
export function formatInstant(ctx: Pick<BlockContext, "org" | "now">, at: number): string {
  const zone = ctx.org.calendar.timezone;
  const local = DateTime.fromMillis(at, { zone }).setLocale(ctx.org.locale);
  const thisYear = DateTime.fromMillis(ctx.now, { zone }).year === local.year;
  return local.toLocaleString({
    weekday: "short",
    day: "numeric",
    month: "short",
    ...(thisYear ? {} : { year: "numeric" }),
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
}

/**
 * A deadline relative to now in working days: "en 3 días laborables", "vence hoy", "vencida hace
 * 2 días laborables". A deadline on a non-working date with no working date in between (a
 * commitment due on a Saturday, seen on Friday) falls back to calendar days.
 */
export function relativeDue(ctx: BlockContext, due: number): string {
  const words = wordsOf(ctx);
  const { relative } = words.slack;
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
export function deadlineText(ctx: BlockContext, due: number): string {
  return `${formatInstant(ctx, due)} (${relativeDue(ctx, due)})`;
}

/** The department's name, its id when the org no longer has it, "sin asignar" in triage. */
export function departmentName(ctx: Pick<BlockContext, "org">, id: string | null): string {
  if (id === null) return wordsOf(ctx).slack.values.unassigned;
  return ctx.org.departments.get(id)?.name ?? id;
}

/** The deadline that matters now: the answer window while pending, the committed date once accepted. */
export function deadlineOf(bomb: Bomb): { at: number; label: "answerDue" | "committed" } | null {
  if (bomb.state === "pending") return { at: bomb.assignment.answerDueAt, label: "answerDue" };
  if (bomb.state === "accepted") return { at: bomb.commitment.dueAt, label: "committed" };
  return null;
}

/** Who must act now, for mrkdwn: holder, owner, or the loyalty managers (triage, verification). */
export function holderText(bomb: Bomb, ctx: BlockContext): string | null {
  switch (bomb.state) {
    case "pending":
      return personMention(ctx, bomb.assignment.holder);
    case "accepted":
      return personMention(ctx, bomb.commitment.owner);
    case "triage":
    case "resolved":
      return ctx.org.loyaltyManagers.map((lm) => personMention(ctx, lm)).join(", ");
    default:
      return null;
  }
}

/**
 * Why the core refused, as mrkdwn in the org's language: its params filled like any other
 * (a state as "aceptada", never "accepted"; people by name).
 */
export function reasonText(
  rejection: Pick<Rejection, "reason" | "params">,
  ctx: Pick<BlockContext, "org" | "now">,
): string {
  const fill = fillOf(ctx, rejection.params, {
    person: (p) => escapeMrkdwn(personName(ctx.org, p)),
    escapeText: escapeMrkdwn,
  });
  return wordsOf(ctx).reasons[rejection.reason](fill);
}

/** Which button each command a person may give is. */
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

const styleOf: Partial<Record<keyof typeof actions, Button["style"]>> = {
  accept: "primary",
  verify: "primary",
  triageActivate: "primary",
  defuse: "danger",
};

/** The buttons a person gets on a bomb now: from its current state and their role, never the message kind. */
export function buttonsFor(bomb: Bomb, person: PersonId, ctx: BlockContext): Button[] {
  const labels = wordsOf(ctx).slack.buttons;
  const out: Button[] = [];
  for (const command of allowedCommands(bomb, person, ctx.org)) {
    const key = buttonOf[command];
    if (key === undefined) continue;
    out.push(button(actions[key], labels[key], String(bomb.id), styleOf[key]));
  }
  return out;
}

/** The action ids of `buttonsFor`, for tests and for checking a click against the bomb. */
export function actionIdsFor(bomb: Bomb, person: PersonId, ctx: BlockContext): string[] {
  return buttonsFor(bomb, person, ctx).map((b) => b.action_id ?? "");
}

/**
 * The facts of a bomb's current state as section fields ("*label*\nvalue"), at most ten:
 * customer, contact, department, state, who holds it, deadline, severity, visit, climb, forwards.
 */
export function factFields(bomb: Bomb, ctx: BlockContext): string[] {
  const { fields, values } = wordsOf(ctx).slack;
  const words = wordsOf(ctx);
  const out: string[] = [];
  const add = (label: string, value: string) => out.push(`*${label}*\n${value}`);
  const userText = (label: string, raw: string) =>
    add(label, mrkdwnText(raw, slackLimits.sectionField - label.length - 4));
  userText(fields.customer, bomb.customer);
  if (bomb.contact.trim() !== "") userText(fields.contact, bomb.contact);
  add(fields.department, escapeMrkdwn(departmentName(ctx, bomb.departmentId)));
  add(fields.state, words.states[bomb.state]);
  switch (bomb.state) {
    case "triage":
      add(fields.reporter, personMention(ctx, bomb.reporter));
      break;
    case "pending": {
      add(fields.holder, personMention(ctx, bomb.assignment.holder));
      add(fields.answerDue, deadlineText(ctx, bomb.assignment.answerDueAt));
      const climbed = bomb.assignment.passedThrough;
      if (climbed.length > 0) {
        const path = [...climbed, bomb.assignment.holder]
          .map((p) => escapeMrkdwn(personName(ctx.org, p)))
          .join(" → ");
        add(fields.climb, values.climb({ path, rungs: climbed.length }));
      }
      break;
    }
    case "accepted": {
      const c = bomb.commitment;
      add(fields.owner, personMention(ctx, c.owner));
      add(fields.committed, deadlineText(ctx, c.dueAt));
      add(fields.severity, words.severities[c.severity]);
      const date = formatIsoDate(ctx, c.visitOn);
      add(fields.visit, values.visit({ person: personMention(ctx, c.visitBy), date }));
      if (c.overdueReached.length > 0) {
        const told = c.overdueReached.map((p) => escapeMrkdwn(personName(ctx.org, p)));
        add(fields.overdueReached, told.join(" → "));
      }
      break;
    }
    case "resolved":
    case "closed": {
      const r = bomb.resolution;
      add(fields.resolvedBy, personMention(ctx, r.by));
      const date = formatIsoDate(ctx, r.visitedOn);
      add(fields.visited, values.visit({ person: personMention(ctx, r.visitedBy), date }));
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
export function bombTexts(bomb: Bomb, ctx: BlockContext): { label: string; text: string }[] {
  const { fields } = wordsOf(ctx).slack;
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
export function statusLine(bomb: Bomb, ctx: BlockContext): string | null {
  const { status } = wordsOf(ctx).slack;
  const words = wordsOf(ctx);
  switch (bomb.state) {
    case "triage":
      return status.triage;
    case "resolved":
      return status.resolved({
        at: formatInstant(ctx, bomb.resolution.at),
        by: personMention(ctx, bomb.resolution.by),
      });
    case "closed":
      return status.closed({
        at: formatInstant(ctx, bomb.verification.at),
        by: personMention(ctx, bomb.verification.by),
        satisfaction: words.satisfactions[bomb.verification.satisfaction],
      });
    case "defused":
      return status.defused({
        at: formatInstant(ctx, bomb.defusal.at),
        by: personMention(ctx, bomb.defusal.by),
      });
    case "dismissed":
      return status.dismissed({
        at: formatInstant(ctx, bomb.dismissal.at),
        by: personMention(ctx, bomb.dismissal.by),
      });
    default:
      return null;
  }
}

/** The small print: id, when it was reported, where from, where its whole history is. */
export function footerText(bomb: Bomb, ctx: BlockContext): string {
  const words = wordsOf(ctx);
  return words.slack.footer({
    id: bomb.id,
    at: formatInstant(ctx, bomb.reportedAt),
    source: words.slack.sources[bomb.source],
  });
}

/**
 * A bomb in two lines for lists, App Home and private answers:
 * "*#12 · Cliente* · Logística · _pendiente_" then who holds it and until when, or its status.
 */
export function summaryText(bomb: Bomb, ctx: BlockContext, customerMax = 150): string {
  const words = wordsOf(ctx);
  const { fields } = words.slack;
  const customer = mrkdwnText(bomb.customer.replace(/\s+/g, " "), customerMax);
  const department = escapeMrkdwn(departmentName(ctx, bomb.departmentId));
  const first = `*#${bomb.id} · ${customer}* · ${department} · _${words.states[bomb.state]}_`;
  const deadline = deadlineOf(bomb);
  const holder = holderText(bomb, ctx);
  if (deadline !== null && holder !== null) {
    const label = bomb.state === "pending" ? fields.holder : fields.owner;
    return `${first}\n${label}: ${holder} · ${fields[deadline.label]}: ${deadlineText(ctx, deadline.at)}`;
  }
  const status = statusLine(bomb, ctx);
  return status === null ? first : `${first}\n${status}`;
}
