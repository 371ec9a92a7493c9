/**
 * What the clock does to a bomb: escalation of an unanswered bomb, the reminder before a
 * committed date, and the climb of an overdue commitment. Pure; the scheduler only persists.
 */
import { type Bomb, type BombIn, currentHolder, nextDueAt } from "./bomb.ts";
import type { WorkCalendar } from "./calendar.ts";
import {
  deliverableFrom,
  event,
  message,
  type Outgoing,
  type TimelineEvent,
  type Transition,
} from "./effects.ts";
import { type Org, type PersonId, superiorOf, unique } from "./org.ts";
import { overdueClimb, successorFor } from "./roles.ts";

/** What the scheduler knows: the org and its calendar. */
export interface ClockContext {
  org: Org;
  calendar: WorkCalendar;
}

/** Safety net: a bomb never takes more steps than this in one pass (years of downtime at 3 days a step). */
const maxStepsPerPass = 1000;

/**
 * Applies, in order, every step due at or before `now`. Each step happens at its own due
 * instant and is on the timeline with its own version, so a late pass keeps the original
 * schedule. People, though, are told what is true now: each person gets one message, the last
 * one any step of this pass addressed to them (after downtime Luis does not get "it's yours",
 * then "not answered" twice), held by quiet hours from `now`, when it is queued, not from the
 * step's due time (a catch-up at 03:00 on Saturday waits for Monday). Returns null when nothing
 * was due.
 */
export function advance(bomb: Bomb, now: number, ctx: ClockContext): Transition | null {
  let current = bomb;
  const events: TimelineEvent[] = [];
  // Insertion order is kept: a person told again moves to the end, behind the earlier news.
  const lastTo = new Map<PersonId, Outgoing>();
  for (let steps = 0; steps < maxStepsPerPass; steps++) {
    const due = nextDueAt(current);
    if (due === null || due > now) break;
    const step = stepAt(current, due, ctx);
    current = step.bomb;
    const stamp = { version: step.bomb.version, holder: currentHolder(step.bomb) };
    events.push(...step.events.map((e) => ({ ...e, ...stamp })));
    for (const m of step.messages) {
      lastTo.delete(m.to);
      lastTo.set(m.to, m);
    }
  }
  if (events.length === 0) return null;
  const notBefore = deliverableFrom(ctx, now);
  const messages = [...lastTo.values()].map((m) => ({ ...m, notBefore }));
  return { bomb: current, events, messages };
}

function stepAt(bomb: Bomb, at: number, ctx: ClockContext): Transition {
  const clock = { ...ctx, now: at, actor: null };
  if (bomb.state === "pending") return escalateUnanswered(bomb, clock);
  if (bomb.state === "accepted") {
    const { remindAt, overdueNextAt } = bomb.commitment;
    if (remindAt !== null && remindAt <= overdueNextAt) return remind(bomb, clock);
    return escalateOverdue(bomb, clock);
  }
  throw new Error(`bomb ${bomb.id} in state ${bomb.state} has nothing due`);
}

type Clock = ClockContext & { now: number; actor: null };

/**
 * The answer window expired: the bomb climbs to the holder's superior with a new window. A
 * holder outside the org (they left, and the bomb was not moved yet) is no rung and never the
 * top of the chain: it climbs to whoever takes over from them (the loyalty managers).
 */
function escalateUnanswered(bomb: BombIn<"pending">, clock: Clock): Transition {
  const { holder, passedThrough, answerDueAt } = bomb.assignment;
  const nextDue = clock.calendar.add(answerDueAt, clock.org.policy.answerWithin);
  const inOrg = clock.org.people.has(holder);
  const superior = inOrg
    ? superiorOf(clock.org, holder)
    : successorFor(bomb, clock.org, () => null);
  const lms = clock.org.loyaltyManagers;
  if (superior === null) {
    const atTop: BombIn<"pending"> = {
      ...bomb,
      version: bomb.version + 1,
      assignment: { ...bomb.assignment, answerDueAt: nextDue },
    };
    const told = unique([holder, ...lms]);
    return {
      bomb: atTop,
      events: [event(clock, "unanswered_at_top", { holder, nextDueAt: nextDue })],
      messages: told.map((to) => message(clock, atTop, to, "unanswered_at_top", { holder })),
    };
  }
  const previous = unique(inOrg ? [...passedThrough, holder] : passedThrough);
  const escalated: BombIn<"pending"> = {
    ...bomb,
    version: bomb.version + 1,
    rungs: bomb.rungs + 1,
    involved: unique([...bomb.involved, superior]),
    assignment: {
      ...bomb.assignment,
      holder: superior,
      passedThrough: previous,
      answerDueAt: nextDue,
    },
  };
  const params = { from: holder, to: superior, rung: escalated.rungs };
  const messages = [message(clock, escalated, superior, "bomb_escalated", params)];
  for (const to of unique([...previous, ...lms])) {
    if (to !== superior) messages.push(message(clock, escalated, to, "bomb_unanswered", params));
  }
  return { bomb: escalated, events: [event(clock, "escalated", params)], messages };
}

/** The committed date is near: the owner is reminded once (the loyalty managers, if they left). */
function remind(bomb: BombIn<"accepted">, clock: Clock): Transition {
  const reminded: BombIn<"accepted"> = {
    ...bomb,
    version: bomb.version + 1,
    commitment: { ...bomb.commitment, remindAt: null },
  };
  const { owner, dueDate } = bomb.commitment;
  const told = clock.org.people.has(owner) ? [owner] : clock.org.loyaltyManagers;
  return {
    bomb: reminded,
    events: [event(clock, "reminded", { owner, dueDate })],
    messages: told.map((to) => message(clock, reminded, to, "commitment_reminder", { dueDate })),
  };
}

/**
 * The committed date passed unresolved: it climbs the owner's chain as it is now, one rung per
 * answer window, from the rung above the highest one it reached on that chain (see
 * `overdueClimb`); at the top everyone reached is told again every window.
 */
function escalateOverdue(bomb: BombIn<"accepted">, clock: Clock): Transition {
  const { owner, overdueReached, overdueNextAt, dueDate } = bomb.commitment;
  const climb = overdueClimb(bomb.commitment, clock.org);
  const reached = climb.next;
  const nextAt = clock.calendar.add(overdueNextAt, clock.org.policy.answerWithin);
  const overdue: BombIn<"accepted"> = {
    ...bomb,
    version: bomb.version + 1,
    involved: reached === null ? bomb.involved : unique([...bomb.involved, reached]),
    commitment: {
      ...bomb.commitment,
      overdueReached: reached === null ? overdueReached : [...overdueReached, reached],
      overdueNextAt: nextAt,
    },
  };
  // An owner who left is told nothing; the climb goes on without them.
  const owners = clock.org.people.has(owner) ? [owner] : [];
  const lms = clock.org.loyaltyManagers;
  const recipients =
    reached === null
      ? unique([...owners, ...climb.reached, clock.org.ceo, ...lms])
      : unique([...owners, reached, ...lms]);
  const params = { owner, dueDate, reached };
  return {
    bomb: overdue,
    events: [event(clock, "overdue", params)],
    messages: recipients.map((to) => message(clock, overdue, to, "commitment_overdue", params)),
  };
}
