/**
 * What the clock does to a bomb: escalation of an unanswered bomb, the reminder before a
 * committed date, and the climb of an overdue commitment. Pure; the scheduler only persists.
 */
import { type Bomb, type BombIn, currentHolder, nextDueAt } from "./bomb.ts";
import type { WorkCalendar } from "./calendar.ts";
import type { Outgoing, TimelineEvent, Transition } from "./effects.ts";
import { chainAbove, type Org, type PersonId, superiorOf } from "./org.ts";
import { event, message, unique } from "./transitions.ts";

/** What the scheduler knows: the org and its calendar. */
export interface ClockContext {
  org: Org;
  calendar: WorkCalendar;
}

/** Safety net: a bomb never takes more steps than this in one pass (years of downtime at 3 days a step). */
const maxStepsPerPass = 1000;

/**
 * Applies, in order, every step due at or before `now`. Each step happens at its own due
 * instant, so a late pass produces exactly what an on-time one would have; deadlines follow the
 * original schedule. Returns null when nothing was due.
 */
export function advance(bomb: Bomb, now: number, ctx: ClockContext): Transition | null {
  let current = bomb;
  const events: TimelineEvent[] = [];
  const messages: Outgoing[] = [];
  for (let steps = 0; steps < maxStepsPerPass; steps++) {
    const due = nextDueAt(current);
    if (due === null || due > now) break;
    const step = stepAt(current, due, ctx);
    const following = nextDueAt(step.bomb);
    // A repeated top-of-chain reminder already superseded by the next one is recorded, not sent:
    // after downtime the CEO gets one reminder, not one per missed window.
    const superseded = step.repeat && following !== null && following <= now;
    current = step.bomb;
    const stamp = { version: step.bomb.version, holder: currentHolder(step.bomb) };
    events.push(...step.events.map((e) => ({ ...e, ...stamp })));
    if (!superseded) messages.push(...step.messages);
  }
  return events.length === 0 ? null : { bomb: current, events, messages };
}

interface Step extends Transition {
  /** True for reminders that repeat every window at the top of the chain. */
  repeat: boolean;
}

function stepAt(bomb: Bomb, at: number, ctx: ClockContext): Step {
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

/** The answer window expired: the bomb climbs to the holder's superior with a new window. */
function escalateUnanswered(bomb: BombIn<"pending">, clock: Clock): Step {
  const { holder, passedThrough, answerDueAt } = bomb.assignment;
  const nextDue = clock.calendar.add(answerDueAt, clock.org.policy.answerWithin);
  const superior = superiorOf(clock.org, holder);
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
      repeat: true,
    };
  }
  const previous = unique([...passedThrough, holder]);
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
  return { bomb: escalated, events: [event(clock, "escalated", params)], messages, repeat: false };
}

/** The committed date is near: the owner is reminded once. */
function remind(bomb: BombIn<"accepted">, clock: Clock): Step {
  const reminded: BombIn<"accepted"> = {
    ...bomb,
    version: bomb.version + 1,
    commitment: { ...bomb.commitment, remindAt: null },
  };
  const { owner, dueDate } = bomb.commitment;
  return {
    bomb: reminded,
    events: [event(clock, "reminded", { owner, dueDate })],
    messages: [message(clock, reminded, owner, "commitment_reminder", { dueDate })],
    repeat: false,
  };
}

/** The committed date passed unresolved: it climbs the owner's chain one rung per answer window. */
function escalateOverdue(bomb: BombIn<"accepted">, clock: Clock): Step {
  const { owner, overdueReached, overdueNextAt, dueDate } = bomb.commitment;
  const above = chainAbove(clock.org, owner);
  const reached: PersonId | undefined = above[overdueReached.length];
  const nextAt = clock.calendar.add(overdueNextAt, clock.org.policy.answerWithin);
  const overdue: BombIn<"accepted"> = {
    ...bomb,
    version: bomb.version + 1,
    involved: reached === undefined ? bomb.involved : unique([...bomb.involved, reached]),
    commitment: {
      ...bomb.commitment,
      overdueReached: reached === undefined ? overdueReached : [...overdueReached, reached],
      overdueNextAt: nextAt,
    },
  };
  const told = unique([
    owner,
    ...overdue.commitment.overdueReached,
    clock.org.ceo,
    ...clock.org.loyaltyManagers,
  ]);
  const recipients =
    reached === undefined ? told : unique([owner, reached, ...clock.org.loyaltyManagers]);
  const params = { owner, dueDate, reached: reached ?? null };
  return {
    bomb: overdue,
    events: [event(clock, "overdue", params)],
    messages: recipients.map((to) => message(clock, overdue, to, "commitment_overdue", params)),
    repeat: reached === undefined,
  };
}
