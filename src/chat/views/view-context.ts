/**
 * What a neutral view needs besides its data: the org, its calendar, now, and the platform's
 * text dialect. Views decide what is said and in which order; the dialect says how a name, a
 * bold label or a quote is written where the view will be shown (Slack mrkdwn, Teams Markdown).
 */
import type { WorkCalendar } from "../../core/calendar.ts";
import type { Org, PersonId } from "../../core/org.ts";
import type { CommandWriter } from "../../i18n/catalog.ts";

/** How a platform writes formatted text. Every function returns text in that dialect. */
export interface Markup {
  /** Literal text, escaped so that nothing in it is read as formatting. */
  escape(text: string): string;
  /** Bold, around text already in the dialect. */
  bold(text: string): string;
  /** Italic, around text already in the dialect. */
  italic(text: string): string;
  /** Inline code, around literal text. */
  code(text: string): string;
  /** A person: a mention where the platform knows them, else their escaped name. */
  person(person: PersonId): string;
  /** User text escaped (and quoted on request), cut to at most `max` characters with "…". */
  userText(raw: string, max: number, options?: { quote?: boolean }): string;
}

/** The chat a view is shown in: its name as people know it, and how a command is typed there. */
export interface Surface {
  /** "Slack", "Teams": said where a sentence names where people are. */
  name: string;
  /** A command as a person types it here, from its words in the locale. */
  command: CommandWriter;
}

/** The context of every neutral view. */
export interface ViewContext {
  org: Org;
  calendar: WorkCalendar;
  now: number;
  markup: Markup;
  surface: Surface;
  /** True when the platform can reach this person (a form only offers people it can reach). */
  reachable(person: PersonId): boolean;
}

/**
 * An adapter's `viewContextOf`: one view context per context object of the adapter, made on
 * first use (a message renders many views from one context).
 */
export function viewContextCache<C extends object>(
  make: (ctx: C) => ViewContext,
): (ctx: C) => ViewContext {
  const made = new WeakMap<C, ViewContext>();
  return (ctx) => {
    let view = made.get(ctx);
    if (view === undefined) {
      view = make(ctx);
      made.set(ctx, view);
    }
    return view;
  };
}
