/** Teams as a chat surface: commands are the bare words typed in the chat with the bot. */
import type { Surface } from "../chat/views/view-context.ts";
import type { Locale } from "../core/org.ts";

/**
 * How the neutral views and sentences speak of Teams: "ver 12" where Slack says
 * "/bomba ver 12", and the word that opens the report form where Slack says a bare "/bomba".
 */
export function teamsSurface(locale: Locale): Surface {
  const open = locale === "es" ? "nueva" : "new";
  return { name: "Teams", command: (words) => (words === "" ? open : words) };
}
