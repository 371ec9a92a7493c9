/**
 * The interaction contract of SPEC §5, shared by every chat platform. Messages already in Slack
 * or Teams carry these ids forever: never rename one, only add.
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

/** Form ids (Slack modal callback ids, Teams dialog actions); each names its bomb but `bomba_open` from a command. */
export const views = {
  open: "bomba_open",
  accept: "bomba_accept",
  forward: "bomba_forward",
  resolve: "bomba_resolve",
  verify: "bomba_verify",
  reopen: "bomba_reopen",
  defuse: "bomba_defuse",
} as const;

/** Input names per form (Slack block ids, Teams input ids). */
export const inputs = {
  open: ["customer", "contact", "complaint", "source", "department"],
  accept: ["severity", "due", "visit_by", "visit_on", "plan"],
  forward: ["target", "note"],
  resolve: ["solution", "visited_on", "visited_by"],
  verify: ["satisfaction", "note"],
  reopen: ["due", "note"],
  defuse: ["reason"],
} as const;

/** Any input name of the contract. */
export type InputName = (typeof inputs)[keyof typeof inputs][number];

/** Any button's interaction id. */
export type ActionId = (typeof actions)[keyof typeof actions];

/** Any form's interaction id. */
export type FormId = (typeof views)[keyof typeof views];
