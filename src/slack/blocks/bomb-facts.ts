/**
 * The neutral bomb views (`src/chat/views/bomb-facts.ts`) in Slack's dialect: people as `<@U…>`
 * mentions when Slack knows them, mrkdwn for the rest, facts as section fields, actions as
 * buttons. The message, status, list and home builders share it.
 */

import type { Button } from "@slack/types";
import type { Directory } from "../../app/directory.ts";
import * as views from "../../chat/views/bomb-facts.ts";
import { type Markup, type ViewContext, viewContextCache } from "../../chat/views/view-context.ts";
import type { Bomb } from "../../core/bomb.ts";
import type { WorkCalendar } from "../../core/calendar.ts";
import type { Rejection } from "../../core/errors.ts";
import type { Org, PersonId } from "../../core/org.ts";
import { slackSurface } from "../surface.ts";
import { button, escapeMrkdwn, mrkdwnText, slackLimits } from "./kit.ts";

export {
  bombTexts,
  deadlineOf,
  departmentName,
  formatInstant,
  personName,
  wordsOf,
} from "../../chat/views/bomb-facts.ts";

/** What a builder needs besides the bomb: the org, its calendar, who is who in Slack, and now. */
export interface BlockContext {
  org: Org;
  calendar: WorkCalendar;
  directory: Directory;
  now: number;
}

/** The Slack user id behind a person: an org person's address, or the one in a "slack:U…" id. */
export function slackUserOf(ctx: Pick<BlockContext, "org" | "directory">, person: PersonId) {
  return ctx.directory.addressOf(person);
}

/** A person for mrkdwn: a `<@U…>` mention when Slack knows them, else their escaped name. */
export function personMention(ctx: Pick<BlockContext, "org" | "directory">, person: PersonId) {
  const slackId = slackUserOf(ctx, person);
  return slackId === null ? escapeMrkdwn(views.personName(ctx.org, person)) : `<@${slackId}>`;
}

/** Slack's mrkdwn as the dialect of the neutral views. */
export function slackMarkup(ctx: Pick<BlockContext, "org" | "directory">): Markup {
  return {
    escape: escapeMrkdwn,
    bold: (text) => `*${text}*`,
    italic: (text) => `_${text}_`,
    code: (text) => `\`${text}\``,
    person: (person) => personMention(ctx, person),
    userText: (raw, max, options) => mrkdwnText(raw, max, options),
  };
}

/** The neutral view context of a Slack builder's context (one per context object). */
export const viewContextOf = viewContextCache(
  (ctx: BlockContext): ViewContext => ({
    org: ctx.org,
    calendar: ctx.calendar,
    now: ctx.now,
    markup: slackMarkup(ctx),
    surface: slackSurface,
    reachable: (person) => slackUserOf(ctx, person) !== null,
  }),
);

/** A deadline relative to now in working days ("en 3 días laborables", "vence hoy"…). */
export function relativeDue(ctx: BlockContext, due: number): string {
  return views.relativeDue(viewContextOf(ctx), due);
}

/** "lun, 23 nov, 18:00 (en 3 días laborables)". */
export function deadlineText(ctx: BlockContext, due: number): string {
  return views.deadlineText(viewContextOf(ctx), due);
}

/** Who must act now, as mrkdwn. */
export function holderText(bomb: Bomb, ctx: BlockContext): string | null {
  return views.holderText(bomb, viewContextOf(ctx));
}

/** Why the core refused, as mrkdwn in the org's language. */
export function reasonText(
  rejection: Pick<Rejection, "reason" | "params">,
  ctx: Pick<BlockContext, "org" | "now"> & Partial<Pick<BlockContext, "directory">>,
): string {
  return views.reasonText(rejection, { ...ctx, markup: mrkdwnDialect });
}

/** The buttons a person gets on a bomb now: from its current state and their role. */
export function buttonsFor(bomb: Bomb, person: PersonId, ctx: BlockContext): Button[] {
  return renderButtons(views.actionsFor(bomb, person, ctx));
}

/** Neutral actions as buttons whose value is the bomb id. */
export function renderButtons(actions: readonly views.BombAction[]): Button[] {
  return actions.map((a) => button(a.id, a.label, String(a.bombId), a.style));
}

/** The action ids of `buttonsFor`, for tests and for checking a click against the bomb. */
export function actionIdsFor(bomb: Bomb, person: PersonId, ctx: BlockContext): string[] {
  return views.actionsFor(bomb, person, ctx).map((a) => a.id);
}

/**
 * The facts of a bomb's current state as section fields ("*label*\nvalue"), at most ten; the
 * user's own texts cut to what a field holds.
 */
export function factFields(bomb: Bomb, ctx: BlockContext): string[] {
  return factFieldsOf(views.factsOf(bomb, viewContextOf(ctx)));
}

/** Neutral facts as section fields. */
export function factFieldsOf(facts: readonly views.Fact[]): string[] {
  return facts.map((fact) => {
    const value =
      "raw" in fact
        ? mrkdwnText(fact.raw, slackLimits.sectionField - fact.label.length - 4)
        : fact.value;
    return `*${fact.label}*\n${value}`;
  });
}

/** One line on where a bomb stands when no deadline says it, as mrkdwn; null while pending or accepted. */
export function statusLine(bomb: Bomb, ctx: BlockContext): string | null {
  return views.statusLine(bomb, viewContextOf(ctx));
}

/** The small print: id, when it was reported, where from, where its whole history is. */
export function footerText(bomb: Bomb, ctx: BlockContext): string {
  return views.footerText(bomb, viewContextOf(ctx));
}

/** A bomb in two lines of mrkdwn for lists, App Home and private answers. */
export function summaryText(bomb: Bomb, ctx: BlockContext, customerMax = 150): string {
  return views.summaryText(bomb, viewContextOf(ctx), customerMax);
}

/** Mrkdwn without mentions: reasons name people by name. */
const mrkdwnDialect: Markup = {
  escape: escapeMrkdwn,
  bold: (text) => `*${text}*`,
  italic: (text) => `_${text}_`,
  code: (text) => `\`${text}\``,
  person: (person) => escapeMrkdwn(person),
  userText: (raw, max, options) => mrkdwnText(raw, max, options),
};
