/**
 * Activate: a loyalty manager turns a report in triage into a bomb, naming the department whose
 * link holds it first (and correcting the complaint's details if needed). The answer clock starts.
 */
import type { BombIn, ComplaintInput } from "../bomb.ts";
import { checkComplaint } from "../checks.ts";
import type { Context } from "../context.ts";
import { type Done, done, event, message } from "../effects.ts";
import { type Rejection, reject } from "../errors.ts";
import { isLoyaltyManager, unique } from "../org.ts";
import { isActorLoyaltyManager } from "../roles.ts";

/** Opens a bomb in a department: its details as corrected, and the department's id. */
export interface Activate extends ComplaintInput {
  type: "activate";
  departmentId: string;
}

/** Opens a report in triage in the named department. */
export function activate(
  bomb: BombIn<"triage">,
  command: Activate,
  ctx: Context,
): Done | Rejection {
  if (!isActorLoyaltyManager(ctx)) return reject("only_loyalty_managers");
  const invalid = checkComplaint(command);
  if (invalid) return invalid;
  const department = ctx.org.departments.get(command.departmentId);
  if (!department) {
    return reject("unknown_department", { department: command.departmentId }, "department");
  }
  const holder = department.link;
  const opened: BombIn<"pending"> = {
    ...bomb,
    ...trimmed(command),
    version: bomb.version + 1,
    state: "pending",
    departmentId: department.id,
    involved: unique([...bomb.involved, holder]),
    assignment: {
      departmentId: department.id,
      openedAt: ctx.now,
      holder,
      passedThrough: [],
      answerDueAt: ctx.calendar.add(ctx.now, ctx.org.policy.answerWithin),
    },
  };
  const messages = [message(ctx, opened, holder, "bomb_assigned", {})];
  if (bomb.reporter !== holder && !isLoyaltyManager(ctx.org, bomb.reporter)) {
    messages.push(message(ctx, opened, bomb.reporter, "report_activated", {}));
  }
  return done(opened, [event(ctx, "opened", { department: department.id, holder })], messages);
}

function trimmed(input: ComplaintInput): ComplaintInput {
  return {
    customer: input.customer.trim(),
    contact: input.contact.trim(),
    complaint: input.complaint.trim(),
    source: input.source,
  };
}
