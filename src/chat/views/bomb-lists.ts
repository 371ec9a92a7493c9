/**
 * What the private answers about bombs say, for every platform: a bomb in plain words, its
 * timeline as lines, and the groups of "what I hold" (held first, then owned, most urgent first).
 */
import type { Bomb } from "../../core/bomb.ts";
import type { EventKind, Params } from "../../core/effects.ts";
import type { PersonId } from "../../core/org.ts";
import { fillOf } from "../../i18n/fill.ts";
import { deadlineOf, formatInstant, personName, wordsOf } from "./bomb-facts.ts";
import { cutText } from "./text.ts";
import type { ViewContext } from "./view-context.ts";

/** One timeline entry as the store returns it; `data` is checked here. */
export interface TimelineRow {
  at: number;
  actor: PersonId | null;
  kind: string;
  data: unknown;
}

/** An event's parts: its local time, its sentence (plain, people by name), who did it. */
export interface TimelineLine {
  when: string;
  sentence: string;
  actor: string | null;
}

/** The timeline as lines of plain words. */
export function timelineLines(
  timeline: readonly TimelineRow[],
  ctx: Pick<ViewContext, "org" | "now">,
): TimelineLine[] {
  return timeline.map((row) => timelineLine(row, ctx));
}

function timelineLine(row: TimelineRow, ctx: Pick<ViewContext, "org" | "now">): TimelineLine {
  const words = wordsOf(ctx);
  const data = paramsOf(row.data);
  const fill = fillOf(ctx, data, { person: (p) => personName(ctx.org, p) });
  const sentence = Object.hasOwn(words.events, row.kind)
    ? words.events[row.kind as EventKind](fill)
    : row.kind;
  const actor = row.actor === null ? null : personName(ctx.org, row.actor);
  return { when: formatInstant(ctx, row.at), sentence, actor };
}

/** A group of "what I hold": its heading and its bombs, most urgent first. */
export interface HomeGroup {
  label: string;
  bombs: Bomb[];
}

/** The bombs a person must answer, then those they accepted (not already above); empty groups left out. */
export function homeGroups(
  held: readonly Bomb[],
  owned: readonly Bomb[],
  ctx: Pick<ViewContext, "org">,
): HomeGroup[] {
  const words = wordsOf(ctx).chat;
  const heldIds = new Set(held.map((b) => b.id));
  return [
    { label: words.home.held, bombs: byUrgency(held) },
    { label: words.home.owned, bombs: byUrgency(owned.filter((b) => !heldIds.has(b.id))) },
  ].filter((g) => g.bombs.length > 0);
}

function byUrgency(bombs: readonly Bomb[]): Bomb[] {
  const due = (b: Bomb) => deadlineOf(b)?.at ?? Number.POSITIVE_INFINITY;
  return [...bombs].sort((a, b) => due(a) - due(b) || a.id - b.id);
}

/** "#12 · Cliente · pendiente" in plain words; the customer cut to `max` characters. */
export function plainSummary(bomb: Bomb, ctx: Pick<ViewContext, "org">, max = 150): string {
  const words = wordsOf(ctx);
  const customer = cutText(bomb.customer.replace(/\s+/g, " "), max);
  return `#${bomb.id} · ${customer} · ${words.states[bomb.state]}`;
}

/** Event data from the store's JSON column, keeping only the values events may carry. */
function paramsOf(data: unknown): Params {
  if (typeof data !== "object" || data === null || Array.isArray(data)) return {};
  const out: Params = {};
  for (const [key, value] of Object.entries(data)) {
    if (
      value === null ||
      typeof value === "string" ||
      typeof value === "number" ||
      typeof value === "boolean"
    ) {
      out[key] = value;
    } else if (Array.isArray(value) && value.every((v) => typeof v === "string")) {
      out[key] = value as string[];
    }
  }
  return out;
}
