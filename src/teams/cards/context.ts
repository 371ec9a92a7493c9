/**
 * What a Teams card renderer needs besides its data, and the neutral view context made from it
 * (Teams Markdown as the dialect).
 */
import { type ViewContext, viewContextCache } from "../../chat/views/view-context.ts";
import type { WorkCalendar } from "../../core/calendar.ts";
import type { Org, PersonId } from "../../core/org.ts";
import { teamsSurface } from "../surface.ts";
import { teamsMarkup } from "./markup.ts";

/** The org, its calendar, now, and who is who in Teams. */
export interface CardContext {
  org: Org;
  calendar: WorkCalendar;
  now: number;
  /** A person's Microsoft Entra object id, when Teams knows them (the people pickers' values). */
  teamsUserOf(person: PersonId): string | null;
  /** The https URL of a quarter's chart the bot serves; absent when it serves none. */
  reportChart?: (quarter: string) => string;
}

/** The neutral view context of a card context (one per context object). */
export const viewContextOf = viewContextCache(
  (ctx: CardContext): ViewContext => ({
    org: ctx.org,
    calendar: ctx.calendar,
    now: ctx.now,
    markup: teamsMarkup(ctx.org),
    surface: teamsSurface(ctx.org.locale),
    reachable: (person) => ctx.teamsUserOf(person) !== null,
  }),
);
