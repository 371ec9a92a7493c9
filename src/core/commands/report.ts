/**
 * Report: anyone hands in a complaint. It waits in triage for the loyalty managers, unless a
 * loyalty manager reports it naming the department, which opens it straight away.
 */
import type { BombIn, ComplaintInput } from "../bomb.ts";
import { checkComplaint } from "../checks.ts";
import type { Context } from "../context.ts";
import { type Done, event, message } from "../effects.ts";
import { type Rejection, reject } from "../errors.ts";
import { isLoyaltyManager, unique } from "../org.ts";
import { activate } from "./activate.ts";

/** A report: opens the bomb straight away when a loyalty manager names the department. */
export function report(
  id: number,
  input: ComplaintInput & { departmentId: string | null },
  ctx: Context,
): Done | Rejection {
  const reporter = ctx.actor;
  if (reporter === null) return reject("unknown_person", {}, "reporter");
  const invalid = checkComplaint(input);
  if (invalid) return invalid;
  const lms = ctx.org.loyaltyManagers;
  const triage: BombIn<"triage"> = {
    id,
    version: 1,
    state: "triage",
    customer: input.customer.trim(),
    contact: input.contact.trim(),
    complaint: input.complaint.trim(),
    source: input.source,
    reporter,
    reportedAt: ctx.now,
    departmentId: null,
    involved: unique([reporter, ...lms]),
    forwards: 0,
    rungs: 0,
  };
  const reported = event(ctx, "reported", { source: input.source });
  if (input.departmentId !== null && isLoyaltyManager(ctx.org, reporter)) {
    // Opened in one step: the bomb never existed in triage, so its first version is the open one.
    const direct = { ...triage, version: 0 };
    const opened = activate(
      direct,
      { type: "activate", ...input, departmentId: input.departmentId },
      ctx,
    );
    if (!opened.ok) return opened;
    return { ...opened, events: [reported, ...opened.events] };
  }
  const messages = lms.map((to) => message(ctx, triage, to, "triage_request", {}));
  return { ok: true, bomb: triage, events: [reported], messages };
}
