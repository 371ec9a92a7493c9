/**
 * Forward: a holder passes a pending bomb to someone within reach (their chain or another
 * department's link) with a note. Too many forwards and the loyalty managers are told.
 */
import type { BombIn } from "../bomb.ts";
import { required } from "../checks.ts";
import type { Context } from "../context.ts";
import { type Done, done, event, message } from "../effects.ts";
import { type Rejection, reject } from "../errors.ts";
import { departmentLinkedBy, type PersonId, unique } from "../org.ts";
import { forwardTargets, isActorHolder } from "../roles.ts";

/** Forwards a pending bomb to a person, with a note for them. */
export interface Forward {
  type: "forward";
  to: PersonId;
  note: string;
}

/** Makes someone within reach the bomb's holder. */
export function forward(bomb: BombIn<"pending">, command: Forward, ctx: Context): Done | Rejection {
  if (!isActorHolder(bomb, ctx)) return reject("only_holder");
  const note = required(command.note, "note");
  if (typeof note !== "string") return note;
  if (!ctx.org.people.has(command.to))
    return reject("unknown_person", { person: command.to }, "target");
  if (command.to === bomb.assignment.holder) return reject("target_is_holder", {}, "target");
  if (!forwardTargets(bomb, ctx.org).includes(command.to)) {
    return reject("target_not_in_reach", { person: command.to }, "target");
  }
  const from = bomb.assignment.holder;
  const departmentId = departmentLinkedBy(ctx.org, command.to) ?? bomb.assignment.departmentId;
  const forwards = bomb.forwards + 1;
  const answerDueAt = ctx.org.policy.forwardRestartsClock
    ? ctx.calendar.add(ctx.now, ctx.org.policy.answerWithin)
    : bomb.assignment.answerDueAt;
  const forwarded: BombIn<"pending"> = {
    ...bomb,
    version: bomb.version + 1,
    departmentId,
    forwards,
    involved: unique([...bomb.involved, command.to]),
    assignment: {
      departmentId,
      openedAt: bomb.assignment.openedAt,
      holder: command.to,
      passedThrough: [],
      answerDueAt,
    },
  };
  const events = [
    event(ctx, "forwarded", { from, to: command.to, note, department: departmentId }),
  ];
  const messages = [message(ctx, forwarded, command.to, "bomb_forwarded", { from, note })];
  if (forwards > ctx.org.policy.maxForwards) {
    events.push(event(ctx, "forward_limit_passed", { forwards, max: ctx.org.policy.maxForwards }));
    for (const lm of ctx.org.loyaltyManagers) {
      messages.push(message(ctx, forwarded, lm, "forward_limit", { forwards }));
    }
  }
  return done(forwarded, events, messages);
}
