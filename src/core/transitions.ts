/**
 * The bomb's life as a pure function: (bomb, command, context) → new bomb, events, messages,
 * or a rejection saying why. People act through `decide`; the clock acts through `advance`
 * (see `schedule.ts`).
 */
import { DateTime } from "luxon";
import {
  type Bomb,
  type BombIn,
  type Commitment,
  currentHolder,
  isOpen,
  type Satisfaction,
  type Severity,
  type Source,
} from "./bomb.ts";
import type { WorkCalendar } from "./calendar.ts";
import type { MessageKind, Outgoing, Params, TimelineEvent, Transition } from "./effects.ts";
import { maxTextLength, type Rejection, reject } from "./errors.ts";
import {
  chainAbove,
  departmentLinkedBy,
  isLoyaltyManager,
  isSlackUserId,
  type Org,
  type PersonId,
  subordinatesOf,
} from "./org.ts";

/** Everything a transition may look at besides the bomb. */
export interface Context {
  now: number;
  org: Org;
  calendar: WorkCalendar;
  /** Who acts; null for the scheduler or the system. */
  actor: PersonId | null;
}

/** A complaint's details, as reported or as corrected on activation. */
export interface ComplaintInput {
  customer: string;
  contact: string;
  complaint: string;
  source: Source;
}

/** Something a person asks of a bomb. */
export type Command =
  | ({ type: "activate"; departmentId: string } & ComplaintInput)
  | { type: "dismiss"; reason: string }
  | { type: "forward"; to: PersonId; note: string }
  | {
      type: "accept";
      severity: Severity;
      dueDate: string;
      visitBy: PersonId;
      visitOn: string;
      plan: string;
    }
  | { type: "resolve"; solution: string; visitedOn: string; visitedBy: PersonId }
  | { type: "verify"; satisfaction: Satisfaction; note: string }
  | { type: "reopen"; dueDate: string; note: string }
  | { type: "defuse"; reason: string }
  | { type: "reassign"; to: PersonId; reason: string };

/** The type names of commands. */
export type CommandType = Command["type"];

/** A transition that happened, or why it did not. */
export type Decision = ({ ok: true } & Transition) | Rejection;

/** A report: opens the bomb straight away when a loyalty manager names the department. */
export function report(
  id: number,
  input: ComplaintInput & { departmentId: string | null },
  ctx: Context,
): Decision {
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

/** Applies a person's command to a bomb. */
export function decide(bomb: Bomb, command: Command, ctx: Context): Decision {
  switch (command.type) {
    case "activate":
      return bomb.state === "triage" ? activate(bomb, command, ctx) : wrongState(bomb);
    case "dismiss":
      return bomb.state === "triage" ? dismiss(bomb, command, ctx) : wrongState(bomb);
    case "forward":
      return bomb.state === "pending" ? forward(bomb, command, ctx) : wrongState(bomb);
    case "accept":
      return bomb.state === "pending" ? accept(bomb, command, ctx) : wrongState(bomb);
    case "resolve":
      return bomb.state === "accepted" || bomb.state === "pending"
        ? resolve(bomb, command, ctx)
        : wrongState(bomb);
    case "verify":
      return bomb.state === "resolved" ? verify(bomb, command, ctx) : wrongState(bomb);
    case "reopen":
      return bomb.state === "resolved" ? reopen(bomb, command, ctx) : wrongState(bomb);
    case "defuse":
      return isOpen(bomb) ? defuse(bomb, command, ctx) : wrongState(bomb);
    case "reassign":
      if (bomb.state === "pending" || bomb.state === "accepted")
        return reassign(bomb, command, ctx);
      if (bomb.state === "resolved" && bomb.commitment !== null) {
        return reassign({ ...bomb, commitment: bomb.commitment }, command, ctx);
      }
      return wrongState(bomb);
  }
}

/** People who may act as holder of a pending bomb: the holder, those it passed through, the CEO. */
export function holdersOf(bomb: Bomb, org: Org): PersonId[] {
  if (bomb.state !== "pending") return [];
  return unique([bomb.assignment.holder, ...bomb.assignment.passedThrough, org.ceo]);
}

/**
 * People who may resolve a bomb: while pending its holders; once accepted the owner, whoever
 * its overdue climb reached on the owner's current chain, its holders when it was accepted (while
 * the commitment stays with one of them: a reassignment elsewhere takes it from them), the CEO.
 */
export function resolversOf(bomb: Bomb, org: Org): PersonId[] {
  if (bomb.state === "pending") return holdersOf(bomb, org);
  if (bomb.state !== "accepted") return [];
  const { owner } = bomb.commitment;
  const { holder, passedThrough } = bomb.assignment;
  const atAcceptance = [holder, ...passedThrough, org.ceo];
  const holders = atAcceptance.includes(owner) ? atAcceptance : [];
  return unique([owner, ...overdueClimb(bomb.commitment, org).reached, ...holders, org.ceo]);
}

/**
 * Where an overdue commitment's climb stands on the owner's chain as it is now (after a
 * reassignment or an org change): those of the chain it reached, and the next rung, above the
 * highest one reached (null at the top). Rungs are people, never positions: a rung added below
 * one already reached is not climbed back down to, and someone no longer on the chain is no
 * rung. An owner outside the org has no chain: the climb goes up from whoever takes over from
 * them (the loyalty managers).
 */
export function overdueClimb(
  commitment: Pick<Commitment, "owner" | "overdueReached">,
  org: Org,
): { reached: PersonId[]; next: PersonId | null } {
  const { owner, overdueReached } = commitment;
  const start = org.people.has(owner) ? null : (org.loyaltyManagers[0] ?? org.ceo);
  const chain =
    start === null ? chainAbove(org, owner) : unique([start, ...chainAbove(org, start)]);
  let highest = -1;
  chain.forEach((person, i) => {
    if (overdueReached.includes(person)) highest = i;
  });
  const reached = chain.slice(0, highest + 1).filter((p) => overdueReached.includes(p));
  return { reached, next: chain[highest + 1] ?? null };
}

/**
 * Whom a pending bomb may be forwarded to: the holder's chain (superiors and subordinates)
 * and the other departments' links, never the holder.
 */
export function forwardTargets(bomb: Bomb, org: Org): PersonId[] {
  if (bomb.state !== "pending") return [];
  const holder = bomb.assignment.holder;
  const links = [...org.departments.values()].map((d) => d.link);
  return unique([...chainAbove(org, holder), ...subordinatesOf(org, holder), ...links]).filter(
    (p) => p !== holder,
  );
}

function activate(
  bomb: BombIn<"triage">,
  command: Extract<Command, { type: "activate" }>,
  ctx: Context,
): Decision {
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

function dismiss(
  bomb: BombIn<"triage">,
  command: Extract<Command, { type: "dismiss" }>,
  ctx: Context,
): Decision {
  if (!isActorLoyaltyManager(ctx)) return reject("only_loyalty_managers");
  const tooLong = checkLength(command.reason, "reason");
  if (tooLong) return tooLong;
  const dismissed: BombIn<"dismissed"> = {
    ...bomb,
    version: bomb.version + 1,
    state: "dismissed",
    dismissal: { by: actorOf(ctx), at: ctx.now, reason: command.reason.trim() },
  };
  const messages = [
    message(ctx, dismissed, bomb.reporter, "report_dismissed", { reason: command.reason.trim() }),
  ];
  return done(dismissed, [event(ctx, "dismissed", { reason: command.reason.trim() })], messages);
}

function forward(
  bomb: BombIn<"pending">,
  command: Extract<Command, { type: "forward" }>,
  ctx: Context,
): Decision {
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

function accept(
  bomb: BombIn<"pending">,
  command: Extract<Command, { type: "accept" }>,
  ctx: Context,
): Decision {
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

function resolve(
  bomb: BombIn<"accepted" | "pending">,
  command: Extract<Command, { type: "resolve" }>,
  ctx: Context,
): Decision {
  if (!resolversOf(bomb, ctx.org).includes(actorOf(ctx))) return reject("only_owner_or_holder");
  const solution = required(command.solution, "solution");
  if (typeof solution !== "string") return solution;
  const badVisitor = checkPerson(command.visitedBy, "visited_by", ctx);
  if (badVisitor) return badVisitor;
  if (!isIsoDate(command.visitedOn)) return reject("field_required", {}, "visited_on");
  if (command.visitedOn > today(ctx)) return reject("visited_in_future", {}, "visited_on");
  const resolved: BombIn<"resolved"> = {
    ...bomb,
    commitment: bomb.state === "accepted" ? bomb.commitment : null,
    version: bomb.version + 1,
    state: "resolved",
    involved: unique([...bomb.involved, actorOf(ctx), command.visitedBy]),
    resolution: {
      by: actorOf(ctx),
      at: ctx.now,
      solution,
      visitedOn: command.visitedOn,
      visitedBy: command.visitedBy,
    },
  };
  const params = { solution, visitedOn: command.visitedOn, visitedBy: command.visitedBy };
  const messages = ctx.org.loyaltyManagers.map((lm) =>
    message(ctx, resolved, lm, "bomb_resolved", params),
  );
  return done(resolved, [event(ctx, "resolved", params)], messages);
}

function verify(
  bomb: BombIn<"resolved">,
  command: Extract<Command, { type: "verify" }>,
  ctx: Context,
): Decision {
  if (!isActorLoyaltyManager(ctx)) return reject("only_loyalty_managers");
  const tooLong = checkLength(command.note, "note");
  if (tooLong) return tooLong;
  const note = command.note.trim();
  const closed: BombIn<"closed"> = {
    ...bomb,
    version: bomb.version + 1,
    state: "closed",
    verification: { by: actorOf(ctx), at: ctx.now, satisfaction: command.satisfaction, note },
  };
  const params = { satisfaction: command.satisfaction, note };
  const messages = closed.involved.map((to) => message(ctx, closed, to, "bomb_closed", params));
  return done(closed, [event(ctx, "closed", params)], messages);
}

function reopen(
  bomb: BombIn<"resolved">,
  command: Extract<Command, { type: "reopen" }>,
  ctx: Context,
): Decision {
  if (!isActorLoyaltyManager(ctx)) return reject("only_loyalty_managers");
  const note = required(command.note, "note");
  if (typeof note !== "string") return note;
  // Solved without a commitment: the reopened one is the resolver's, minor, visit as recorded.
  const previous = bomb.commitment ?? {
    severity: "minor" as const,
    owner: bomb.resolution.by,
    visitBy: bomb.resolution.visitedBy,
    visitOn: bomb.resolution.visitedOn,
    plan: note,
  };
  const { severity, visitBy, visitOn, plan } = previous;
  // Someone who has left the org cannot own it again: the loyalty manager who reopens it does,
  // until they reassign it.
  const owner = ctx.org.people.has(previous.owner) ? previous.owner : actorOf(ctx);
  const badDue = checkDueDate(command.dueDate, severity, ctx);
  if (badDue) return badDue;
  const { resolution: _previous, ...rest } = bomb;
  const reopened: BombIn<"accepted"> = {
    ...rest,
    version: bomb.version + 1,
    state: "accepted",
    commitment: commit(severity, command.dueDate, owner, ctx, { visitBy, visitOn, plan }),
  };
  const params = { dueDate: command.dueDate, note };
  return done(
    reopened,
    [event(ctx, "reopened", params)],
    [message(ctx, reopened, owner, "bomb_reopened", params)],
  );
}

function defuse(
  bomb: BombIn<"triage" | "pending" | "accepted" | "resolved">,
  command: Extract<Command, { type: "defuse" }>,
  ctx: Context,
): Decision {
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

/**
 * Moves a bomb to someone else: the holder of a pending bomb, the owner of an accepted one (or
 * of a resolved one, who owns it again if it is reopened).
 * The system does it when someone leaves the org (`actor` null); a loyalty manager may too.
 */
function reassign(
  bomb: BombIn<"pending" | "accepted"> | (BombIn<"resolved"> & { commitment: Commitment }),
  command: Extract<Command, { type: "reassign" }>,
  ctx: Context,
): Decision {
  if (ctx.actor !== null && !isLoyaltyManager(ctx.org, ctx.actor)) {
    return reject("only_loyalty_managers");
  }
  if (!ctx.org.people.has(command.to)) {
    return reject("unknown_person", { person: command.to }, "target");
  }
  const stillHere = (p: PersonId) => ctx.org.people.has(p);
  const assignment = {
    ...bomb.assignment,
    passedThrough: bomb.assignment.passedThrough.filter(stillHere),
  };
  const common = { version: bomb.version + 1, involved: unique([...bomb.involved, command.to]) };
  const from = currentHolder(bomb) ?? "";
  const reassigned: Bomb =
    bomb.state === "pending"
      ? { ...bomb, ...common, assignment: { ...assignment, holder: command.to } }
      : {
          ...bomb,
          ...common,
          assignment,
          commitment: {
            ...bomb.commitment,
            owner: command.to,
            overdueReached: bomb.commitment.overdueReached.filter(stillHere),
          },
        };
  const params = { from, to: command.to, reason: command.reason };
  const told = unique([command.to, ...ctx.org.loyaltyManagers]);
  const messages = told.map((to) => message(ctx, reassigned, to, "bomb_reassigned", params));
  return done(reassigned, [event(ctx, "reassigned", params)], messages);
}

/**
 * Who should take over a bomb whose holder or owner is no longer in the org: their nearest
 * former superior still in it, else the first loyalty manager. Null when nothing must move.
 */
export function successorFor(
  bomb: Bomb,
  org: Org,
  formerSuperior: (person: PersonId) => PersonId | null,
): PersonId | null {
  const movable =
    bomb.state === "pending" ||
    bomb.state === "accepted" ||
    (bomb.state === "resolved" && bomb.commitment !== null);
  if (!movable) return null;
  const current = currentHolder(bomb);
  if (current === null || org.people.has(current)) return null;
  const seen = new Set<PersonId>();
  for (let p = formerSuperior(current); p !== null && !seen.has(p); p = formerSuperior(p)) {
    if (org.people.has(p)) return p;
    seen.add(p);
  }
  return org.loyaltyManagers[0] ?? org.ceo;
}

/** A fresh commitment: reminder and overdue climb computed from the committed date. */
function commit(
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

/**
 * The latest committed date the policy allows for a severity, accepted now: the last working day
 * on or before the limit, since nobody solves or is chased on a Saturday or a holiday.
 */
export function latestDueDate(
  severity: Severity,
  ctx: Pick<Context, "now" | "org" | "calendar">,
): string {
  const limit = ctx.calendar.add(ctx.now, ctx.org.policy[severity].resolveWithin);
  return ctx.calendar.localDate(ctx.calendar.openingOnOrBefore(ctx.calendar.localDate(limit)));
}

function checkDueDate(dueDate: string, severity: Severity, ctx: Context): Rejection | null {
  if (!isIsoDate(dueDate)) return reject("field_required", {}, "due");
  if (ctx.calendar.endOfDate(dueDate) <= ctx.now || dueDate < today(ctx)) {
    return reject("due_in_past", { dueDate }, "due");
  }
  const latest = latestDueDate(severity, ctx);
  if (dueDate > latest) return reject("due_beyond_limit", { dueDate, latest, severity }, "due");
  if (!ctx.calendar.isWorkingDate(dueDate)) {
    return reject("due_not_working_day", { dueDate }, "due");
  }
  return null;
}

/** A visit is planned on a working day, from today up to the committed date. */
function checkVisitDate(visitOn: string, dueDate: string, ctx: Context): Rejection | null {
  if (!isIsoDate(visitOn)) return reject("field_required", {}, "visit_on");
  if (visitOn < today(ctx)) return reject("visit_in_past", {}, "visit_on");
  if (!ctx.calendar.isWorkingDate(visitOn)) {
    return reject("visit_not_working_day", { visitOn }, "visit_on");
  }
  if (visitOn > dueDate) return reject("visit_after_due", { visitOn, dueDate }, "visit_on");
  return null;
}

/**
 * A person named in a field will be told, so they must be findable: someone of the org, or a
 * Slack user named by id (visits are often made by people outside the org file).
 */
function checkPerson(person: PersonId, field: string, ctx: Context): Rejection | null {
  if (person.trim() === "") return reject("field_required", {}, field);
  if (ctx.org.people.has(person) || isSlackUserId(person)) return null;
  return reject("unknown_person", { person }, field);
}

function checkComplaint(input: ComplaintInput): Rejection | null {
  for (const field of ["customer", "complaint"] as const) {
    const value = required(input[field], field);
    if (typeof value !== "string") return value;
  }
  return checkLength(input.contact, "contact");
}

/** The trimmed text, or the rejection naming the field when empty or too long. */
function required(text: string, field: string): string | Rejection {
  const value = text.trim();
  if (value.length === 0) return reject("field_required", {}, field);
  return checkLength(value, field) ?? value;
}

function checkLength(text: string, field: string): Rejection | null {
  return text.length > maxTextLength
    ? reject("field_too_long", { max: maxTextLength, length: text.length }, field)
    : null;
}

function trimmed(input: ComplaintInput): ComplaintInput {
  return {
    customer: input.customer.trim(),
    contact: input.contact.trim(),
    complaint: input.complaint.trim(),
    source: input.source,
  };
}

function wrongState(bomb: Bomb): Rejection {
  return reject("wrong_state", { state: bomb.state, id: bomb.id });
}

function isActorLoyaltyManager(ctx: Context): boolean {
  return ctx.actor !== null && isLoyaltyManager(ctx.org, ctx.actor);
}

function isActorHolder(bomb: BombIn<"pending">, ctx: Context): boolean {
  return ctx.actor !== null && holdersOf(bomb, ctx.org).includes(ctx.actor);
}

function actorOf(ctx: Context): PersonId {
  if (ctx.actor === null) throw new Error("a person's command reached the core without an actor");
  return ctx.actor;
}

function isIsoDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && DateTime.fromISO(text, { zone: "UTC" }).isValid;
}

function today(ctx: Context): string {
  return ctx.calendar.localDate(ctx.now);
}

/** Builds a timeline event at the context's instant. */
export function event(
  ctx: Pick<Context, "now" | "actor">,
  kind: TimelineEvent["kind"],
  data: Params,
): TimelineEvent {
  return { at: ctx.now, actor: ctx.actor, kind, data };
}

/** Quiet hours: the earliest instant from `at` at which a message may reach anyone. */
export function deliverableFrom(ctx: Pick<Context, "org" | "calendar">, at: number): number {
  return ctx.org.policy.quietHours ? ctx.calendar.nextWorkingMoment(at) : at;
}

/** Builds a message, held back to the next working moment when quiet hours apply. */
export function message(
  ctx: Pick<Context, "now" | "org" | "calendar">,
  bomb: Bomb,
  to: PersonId,
  kind: MessageKind,
  params: Params,
): Outgoing {
  const notBefore = deliverableFrom(ctx, ctx.now);
  return { to, kind, bombId: bomb.id, version: bomb.version, notBefore, params };
}

function done(bomb: Bomb, events: TimelineEvent[], messages: Outgoing[]): Decision {
  return { ok: true, bomb, events, messages };
}

/** The list without repeats, first occurrence kept. */
export function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

/**
 * The commands a person may give a bomb now: what buttons to show them, and what a click of
 * theirs may open. The same rules `decide` enforces.
 */
export function allowedCommands(bomb: Bomb, person: PersonId, org: Org): CommandType[] {
  const manager = isLoyaltyManager(org, person);
  const mayDefuse = isOpen(bomb) && (manager || person === org.ceo);
  const allowed: CommandType[] = [];
  switch (bomb.state) {
    case "triage":
      if (manager) allowed.push("activate", "dismiss");
      break;
    case "pending":
      if (holdersOf(bomb, org).includes(person)) allowed.push("accept", "forward", "resolve");
      break;
    case "accepted":
      if (resolversOf(bomb, org).includes(person)) allowed.push("resolve");
      break;
    case "resolved":
      if (manager) allowed.push("verify", "reopen");
      break;
    default:
      break;
  }
  if (mayDefuse) allowed.push("defuse");
  return allowed;
}
