/**
 * Accept: a holder takes a pending bomb on, committing a date within the severity's limit, who
 * visits the customer and when, and a plan. Also builds the commitment a reopen renews.
 */
import type { BombIn, Commitment, Severity } from "../bomb.ts";
import { checkDueDate, checkPerson, checkVisitDate, required } from "../checks.ts";
import { actorOf, type Context } from "../context.ts";
import { type Done, done, event, message } from "../effects.ts";
import { type Rejection, reject } from "../errors.ts";
import { type PersonId, unique } from "../org.ts";
import { isActorHolder } from "../roles.ts";

/** Accepts a pending bomb: the commitment's severity, date, visit and plan. */
export interface Accept {
  type: "accept";
  severity: Severity;
  dueDate: string;
  visitBy: PersonId;
  visitOn: string;
  plan: string;
}

/** Makes the one acting the owner of a commitment. */
export function accept(bomb: BombIn<"pending">, command: Accept, ctx: Context): Done | Rejection {
  if (!isActorHolder(bomb, ctx)) return reject("only_holder");
  const plan = required(command.plan, "plan");
  if (typeof plan !== "string") return plan;
  const badDue = checkDueDate(command.dueDate, command.severity, ctx);
  if (badDue) return badDue;
  const badVisitor = checkPerson(command.visitBy, "visit_by", ctx);
  if (badVisitor) return badVisitor;
  const badVisit = checkVisitDate(command.visitOn, command.dueDate, ctx);
  if (badVisit) return badVisit;
  const owner = actorOf(ctx);
  const commitment = commit(command.severity, command.dueDate, owner, ctx, {
    visitBy: command.visitBy,
    visitOn: command.visitOn,
    plan,
  });
  const accepted: BombIn<"accepted"> = {
    ...bomb,
    version: bomb.version + 1,
    state: "accepted",
    involved: unique([...bomb.involved, owner, command.visitBy]),
    commitment,
  };
  const params = { owner, severity: command.severity, dueDate: command.dueDate };
  const told = unique([
    ...ctx.org.loyaltyManagers,
    ...bomb.assignment.passedThrough,
    bomb.assignment.holder,
  ]);
  const messages = told
    .filter((p) => p !== owner)
    .map((to) => message(ctx, accepted, to, "bomb_accepted", params));
  if (command.visitBy !== owner) {
    messages.push(
      message(ctx, accepted, command.visitBy, "visit_assigned", {
        owner,
        visitOn: command.visitOn,
      }),
    );
  }
  const events = [
    event(ctx, "accepted", {
      ...params,
      visitBy: command.visitBy,
      visitOn: command.visitOn,
      plan,
    }),
  ];
  // Accepted after the reminder's moment: the acceptance tells the owner nothing, so without
  // this they would get no heads-up at all. It goes now (quiet hours apply, as to any message).
  if (commitment.remindAt === null) {
    const dueDate = command.dueDate;
    events.push(event(ctx, "reminded", { owner, dueDate }));
    messages.push(message(ctx, accepted, owner, "commitment_reminder", { dueDate }));
  }
  return done(accepted, events, messages);
}

/** A fresh commitment: reminder and overdue climb computed from the committed date. */
export function commit(
  severity: Severity,
  dueDate: string,
  owner: PersonId,
  ctx: Context,
  visit: { visitBy: PersonId; visitOn: string; plan: string },
): Commitment {
  const dueAt = ctx.calendar.endOfDate(dueDate);
  // The heads-up comes at the start of a working day, never at dayEnds or on a weekend.
  const remindDate = ctx.calendar.localDate(
    ctx.calendar.subtract(dueAt, ctx.org.policy[severity].remindBefore),
  );
  const remindAt = ctx.calendar.openingOnOrBefore(remindDate);
  return {
    owner,
    acceptedAt: ctx.now,
    severity,
    dueDate,
    dueAt,
    ...visit,
    // Its moment already passed: `accept` sends it at once; on a reopen the owner's "reopened"
    // message, which names the new date, is the heads-up.
    remindAt: remindAt > ctx.now ? remindAt : null,
    overdueReached: [],
    overdueNextAt: dueAt,
  };
}
