/**
 * What a person's command is decided against besides the bomb: the instant, the org, its
 * calendar and who acts. Its own file so that every command, the checks and the effect builders
 * can share it without importing each other.
 */
import type { WorkCalendar } from "./calendar.ts";
import type { Org, PersonId } from "./org.ts";

/** Everything a transition may look at besides the bomb. */
export interface Context {
  now: number;
  org: Org;
  calendar: WorkCalendar;
  /** Who acts; null for the scheduler or the system. */
  actor: PersonId | null;
}

/** The person acting; a person's command without one is a programming error, not a refusal. */
export function actorOf(ctx: Context): PersonId {
  if (ctx.actor === null) throw new Error("a person's command reached the core without an actor");
  return ctx.actor;
}

/** The org's local date at the context's instant. */
export function today(ctx: Pick<Context, "now" | "calendar">): string {
  return ctx.calendar.localDate(ctx.now);
}
