/**
 * The interaction contract of SPEC §5. Messages already in Slack carry these ids forever:
 * never rename one, only add.
 */

/** Button action ids; each button's `value` is the bomb id. */
export const actions = {
  accept: "bomba_accept",
  forward: "bomba_forward",
  resolve: "bomba_resolve",
  verify: "bomba_verify",
  reopen: "bomba_reopen",
  defuse: "bomba_defuse",
  triageActivate: "bomba_triage_activate",
  triageDismiss: "bomba_triage_dismiss",
} as const;

/** Modal callback ids; each modal carries `{"bombId": n}` in `private_metadata` (not `bomba_open` from `/bomba`). */
export const views = {
  open: "bomba_open",
  accept: "bomba_accept",
  forward: "bomba_forward",
  resolve: "bomba_resolve",
  verify: "bomba_verify",
  reopen: "bomba_reopen",
  defuse: "bomba_defuse",
} as const;

/** Input block ids per modal; every input's element has action id `value`. */
export const inputs = {
  open: ["customer", "contact", "complaint", "source", "department"],
  accept: ["severity", "due", "visit_by", "visit_on", "plan"],
  forward: ["target", "note"],
  resolve: ["solution", "visited_on", "visited_by"],
  verify: ["satisfaction", "note"],
  reopen: ["due", "note"],
  defuse: ["reason"],
} as const;

/** The action id of every input element. */
export const inputActionId = "value";

/** The slash command. */
export const slashCommand = "/bomba";
