/**
 * Defuse: a loyalty manager or the CEO stops an open bomb (a duplicate, a customer who withdrew),
 * saying why; everyone involved is told.
 */
import type { BombIn } from "../bomb.ts";
import { required } from "../checks.ts";
import { actorOf, type Context } from "../context.ts";
import { type Done, done, event, message } from "../effects.ts";
import { type Rejection, reject } from "../errors.ts";
import { isLoyaltyManager } from "../org.ts";

/** Defuses an open bomb, with the reason. */
export interface Defuse {
  type: "defuse";
  reason: string;
}

/** Ends an open bomb without a solution, keeping what it had. */
export function defuse(
  bomb: BombIn<"triage" | "pending" | "accepted" | "resolved">,
  command: Defuse,
  ctx: Context,
): Done | Rejection {
  const actor = actorOf(ctx);
  if (!isLoyaltyManager(ctx.org, actor) && actor !== ctx.org.ceo) {
    return reject("only_loyalty_manager_or_ceo");
  }
  const reason = required(command.reason, "reason");
  if (typeof reason !== "string") return reason;
  const defused: BombIn<"defused"> = {
    id: bomb.id,
    version: bomb.version + 1,
    customer: bomb.customer,
    contact: bomb.contact,
    complaint: bomb.complaint,
    source: bomb.source,
    reporter: bomb.reporter,
    reportedAt: bomb.reportedAt,
    departmentId: bomb.departmentId,
    involved: bomb.involved,
    forwards: bomb.forwards,
    rungs: bomb.rungs,
    state: "defused",
    assignment: "assignment" in bomb ? bomb.assignment : null,
    commitment: "commitment" in bomb ? bomb.commitment : null,
    defusal: { by: actor, at: ctx.now, reason, from: bomb.state },
  };
  const messages = defused.involved
    .filter((to) => to !== actor)
    .map((to) => message(ctx, defused, to, "bomb_defused", { reason, by: actor }));
  return done(defused, [event(ctx, "defused", { reason, from: bomb.state })], messages);
}
