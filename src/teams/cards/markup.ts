/**
 * Teams' dialect of the neutral views: the Markdown subset an Adaptive Card's TextBlock and
 * FactSet render in Teams (bold, italic, lists, links; no headings, quotes, code or HTML), with
 * everything a person typed escaped so that it reads as typed. People are shown by name: a
 * mention in a card needs the person's Teams id in the card's entities, which the adapter knows.
 */
import { personName } from "../../chat/views/bomb-facts.ts";
import { cutText } from "../../chat/views/text.ts";
import type { Markup } from "../../chat/views/view-context.ts";
import type { Org } from "../../core/org.ts";

// Characters Markdown reads as formatting anywhere in a line.
const INLINE = /[\\*_[\]`~<>]/g;

/**
 * Literal text for a TextBlock: formatting characters backslash-escaped, a line that would
 * start a list or a heading made plain, `{{` (a card's DATE/TIME function) broken, and each
 * line break made a paragraph break (a single one renders as a space).
 */
export function escapeTeamsMarkdown(text: string): string {
  return paragraphs(
    text
      .replace(INLINE, (c) => `\\${c}`)
      .replace(/\{\{/g, "{\u200b{")
      .replace(/^(\s*)([-+#=|])/gm, "$1\\$2")
      .replace(/^(\s*\d+)([.)])/gm, "$1\\$2"),
  );
}

/** Text already in the dialect with its line breaks made paragraph breaks. */
export function paragraphs(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(/\n+/g, "\n\n");
}

/** Teams Markdown as the dialect of the neutral views, people by their name in `org`. */
export function teamsMarkup(org: Org): Markup {
  return {
    escape: escapeTeamsMarkdown,
    bold: (text) => `**${text}**`,
    italic: (text) => `_${text}_`,
    // No inline code in cards: the text is shown as it is.
    code: (text) => escapeTeamsMarkdown(text),
    person: (person) => escapeTeamsMarkdown(personName(org, person)),
    // A quote is set apart by the card's layout (an emphasis container), not by a marker.
    userText: (raw, max) => escapeTeamsMarkdown(cutText(raw.trim(), max)),
  };
}
