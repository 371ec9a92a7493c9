/** What only the Slack surface names: the slash command and the action id of every input element. */

/** The action id of every input element (SPEC §5a: each input block's element is `value`). */
export const inputActionId = "value";

/** The slash command. */
export const slashCommand = "/bomba";
