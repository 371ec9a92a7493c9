/**
 * Submitted modals into the neutral form values of `src/chat/submission.ts`. Slack's view state
 * is validated with zod input by input: each input is read where its element puts it (typed text,
 * a picked date, option or user), people become person ids through the directory, and whatever
 * is missing or garbled is left empty for the neutral checks to name under its input.
 */
import * as z from "zod";
import type { Directory } from "../app/directory.ts";
import type { FormId } from "../chat/ids.ts";
import {
  type FormValues,
  inputKinds,
  inputsOf,
  type OpenSubmission,
  parseAcceptValues,
  parseDefuseValues,
  parseForwardValues,
  parseOpenValues,
  parseReopenValues,
  parseResolveValues,
  parseVerifyValues,
  type Submission,
} from "../chat/submission.ts";
import type { Locale } from "../core/org.ts";
import { inputActionId } from "./ids.ts";

export {
  type OpenSubmission,
  rejectionToErrors,
  type Submission,
} from "../chat/submission.ts";

const metadataSchema = z.object({ bombId: z.number().int().positive() });

/** The bomb id a modal carries in `private_metadata`; null when absent or not `{"bombId": n}`. */
export function parsePrivateMetadata(text: unknown): { bombId: number } | null {
  if (typeof text !== "string" || text.trim() === "") return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = metadataSchema.safeParse(json);
  return parsed.success ? { bombId: parsed.data.bombId } : null;
}

/** True when a modal's `private_metadata` says something: it must then name a bomb. */
export function hasPrivateMetadata(text: unknown): boolean {
  return String(text ?? "").trim() !== "";
}

/** One input's state as Slack sends it; only the members this app's elements produce. */
const stateValueSchema = z.object({
  value: z.string().nullish(),
  selected_date: z.string().nullish(),
  selected_user: z.string().nullish(),
  selected_option: z.object({ value: z.string() }).nullish(),
});

const viewSchema = z.object({
  state: z.object({ values: z.record(z.string(), z.record(z.string(), z.unknown())) }),
});

/**
 * A submitted view of form `form` as neutral values: each input the modal had, read from the
 * member its element fills; users and forward targets (Slack user ids) as person ids.
 */
export function formValuesOf(view: unknown, form: FormId, directory: Directory): FormValues {
  const parsed = viewSchema.safeParse(view);
  const state = parsed.success ? parsed.data.state.values : {};
  const values: FormValues = {};
  for (const name of inputsOf(form)) {
    // Own keys only: block ids come from the payload.
    if (!Object.hasOwn(state, name)) continue;
    const entry = stateValueSchema.safeParse(state[name]?.[inputActionId]);
    const element = entry.success ? entry.data : {};
    const address = (text: string | null | undefined) =>
      text === null || text === undefined || text === "" ? null : directory.personAt(text);
    switch (inputKinds[form][name]) {
      case "text":
        values[name] = element.value ?? null;
        break;
      case "date":
        values[name] = element.selected_date ?? null;
        break;
      case "choice":
        values[name] = element.selected_option?.value ?? null;
        break;
      case "person":
        values[name] = address(element.selected_user);
        break;
      case "personChoice":
        values[name] = address(element.selected_option?.value);
        break;
      default:
        break;
    }
  }
  return values;
}

/** `bomba_open`'s view as the report it files. */
export function parseOpenSubmission(
  view: unknown,
  directory: Directory,
  locale: Locale,
): Submission<OpenSubmission> {
  return parseOpenValues(formValuesOf(view, "bomba_open", directory), locale);
}

/** `bomba_accept`'s view as the accept command. */
export function parseAcceptSubmission(view: unknown, directory: Directory, locale: Locale) {
  return parseAcceptValues(formValuesOf(view, "bomba_accept", directory), locale);
}

/** `bomba_forward`'s view as the forward command: the target must be someone of the org. */
export function parseForwardSubmission(view: unknown, directory: Directory, locale: Locale) {
  return parseForwardValues(formValuesOf(view, "bomba_forward", directory), locale);
}

/** `bomba_resolve`'s view as the resolve command. */
export function parseResolveSubmission(view: unknown, directory: Directory, locale: Locale) {
  return parseResolveValues(formValuesOf(view, "bomba_resolve", directory), locale);
}

/** `bomba_verify`'s view as the verify command. */
export function parseVerifySubmission(view: unknown, directory: Directory, locale: Locale) {
  return parseVerifyValues(formValuesOf(view, "bomba_verify", directory), locale);
}

/** `bomba_reopen`'s view as the reopen command. */
export function parseReopenSubmission(view: unknown, directory: Directory, locale: Locale) {
  return parseReopenValues(formValuesOf(view, "bomba_reopen", directory), locale);
}

/** `bomba_defuse`'s view as the defuse command. */
export function parseDefuseSubmission(view: unknown, directory: Directory, locale: Locale) {
  return parseDefuseValues(formValuesOf(view, "bomba_defuse", directory), locale);
}
