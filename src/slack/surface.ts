/** Slack as a chat surface: the name people know it by, and commands typed after the slash. */
import type { Surface } from "../chat/views/view-context.ts";
import { slashCommand } from "./ids.ts";

/** How the neutral views and sentences speak of Slack: "/bomba ver 12", "/bomba". */
export const slackSurface: Surface = {
  name: "Slack",
  command: (words) => (words === "" ? slashCommand : `${slashCommand} ${words}`),
};
