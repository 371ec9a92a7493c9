/**
 * Rejections the core can give. Each names a reason the catalog turns into a sentence a person
 * can read, and the field at fault when there is one (a modal shows it under that input).
 */
import type { Params } from "./effects.ts";

/** Why a command was refused. */
export type RejectionReason =
  | "not_found"
  | "busy"
  | "only_loyalty_managers"
  | "only_holder"
  | "only_owner_or_holder"
  | "only_loyalty_manager_or_ceo"
  | "wrong_state"
  | "field_required"
  | "field_too_long"
  | "unknown_department"
  | "unknown_person"
  | "target_is_holder"
  | "target_not_in_reach"
  | "due_in_past"
  | "due_beyond_limit"
  | "due_not_working_day"
  | "visit_in_past"
  | "visit_not_working_day"
  | "visit_after_due"
  | "visited_in_future";

/** A refused command: nothing changed. */
export interface Rejection {
  ok: false;
  reason: RejectionReason;
  /** The input at fault (modal block id), when the fault is one field's. */
  field?: string;
  params: Params;
}

/** Builds a rejection. */
export function reject(reason: RejectionReason, params: Params = {}, field?: string): Rejection {
  return field === undefined ? { ok: false, reason, params } : { ok: false, reason, field, params };
}

/** Longest free text a field accepts; longer input is refused by field, never truncated. */
export const maxTextLength = 3000;
