/**
 * Plays one bomb's whole life on an org with a simulated clock and the real use cases, store and
 * scheduler (on an in-memory database), and returns who was told what, when.
 */
import { DateTime } from "luxon";
import { latestDueDate } from "../core/checks.ts";
import type { EventKind, Params } from "../core/effects.ts";
import type { Org, PersonId } from "../core/org.ts";
import { calendarFor } from "../org/org-calendar.ts";
import type { Store } from "../store/store.ts";
import { type Actor, actOnBomb, reportBomb } from "./bomb-actions.ts";
import { runPass } from "./scheduler.ts";
import type { Services } from "./services.ts";

/** The events the simulation reports, in the order of a bomb's life. */
export type SimulatedEvent =
  | "opened"
  | "escalated"
  | "accepted"
  | "reminded"
  | "resolved"
  | "closed";

/** One step of the story: when, what, who holds the bomb after it, who was told. */
export interface SimulationStep {
  at: number;
  event: SimulatedEvent;
  holder: PersonId;
  to: PersonId[];
  /** The timeline event behind the step, for a human rendering. */
  data: Params;
}

/** Where and when the story starts. */
export interface SimulationOptions {
  departmentId: string;
  start: number;
}

const reported: Partial<Record<EventKind, SimulatedEvent>> = {
  opened: "opened",
  escalated: "escalated",
  accepted: "accepted",
  reminded: "reminded",
  resolved: "resolved",
  closed: "closed",
};

/**
 * Opens a bomb at `start`; nobody answers, so it climbs one rung per window up to the CEO, who
 * accepts it as minor with the latest date allowed; the reminder fires; the CEO resolves it one
 * day before the committed date; a loyalty manager verifies it.
 */
export function simulate(
  store: Store,
  org: Org,
  options: SimulationOptions,
): Promise<SimulationStep[]> {
  return play({ store, org, calendar: calendarFor(org) }, options);
}

async function play(
  svc: Services,
  { departmentId, start }: SimulationOptions,
): Promise<SimulationStep[]> {
  const { org, calendar } = svc;
  const manager = org.loyaltyManagers[0];
  const department = org.departments.get(departmentId);
  if (manager === undefined || department === undefined) {
    throw new Error("simulate needs a loyalty manager and an existing department");
  }
  const as = (person: PersonId, now: number): Actor => ({ person, now, via: "simulate" });
  const opened = must(
    await reportBomb(svc, as(manager, start), {
      customer: "Distribuciones Norte S.A.",
      contact: "Marta Vidal, jefa de compras",
      complaint: "Tres entregas seguidas con más de 48 horas de retraso y sin aviso previo.",
      source: "direct",
      departmentId,
    }),
  );
  const id = opened.bomb.id;

  // Nobody answers: let the clock run until the bomb reaches the CEO.
  let holder = department.link;
  let now = start;
  while (holder !== org.ceo) {
    const due = await svc.store.earliestDueAt();
    if (due === null) break;
    now = due;
    await runPass(svc, now);
    const bomb = await svc.store.loadBomb(id);
    holder = bomb?.state === "pending" ? bomb.assignment.holder : holder;
  }

  // The CEO answers an hour after it lands on his desk, with the latest date the policy allows.
  now = calendar.nextWorkingMoment(now + 60 * 60 * 1000);
  const dueDate = latestDueDate("minor", { now, org, calendar });
  const zone = org.calendar.timezone;
  const dayBefore = DateTime.fromISO(dueDate, { zone }).minus({ days: 1 });
  const visitor = department.director;
  must(
    await actOnBomb(svc, id, as(org.ceo, now), {
      type: "accept",
      severity: "minor",
      dueDate,
      visitBy: visitor,
      visitOn: calendar.localDate(calendar.openingOnOrBefore(dayBefore.toISODate() ?? dueDate)),
      plan: "Reunión con el cliente y plan de rutas con doble confirmación de entrega.",
    }),
  );

  // The reminder (and anything else due) fires before the CEO resolves, three hours into the
  // last working day before the committed date.
  const resolveAt =
    calendar.openingOnOrBefore(dayBefore.toISODate() ?? dueDate) + 3 * 60 * 60 * 1000;
  const resolveDate = calendar.localDate(resolveAt);
  for (
    let due = await svc.store.earliestDueAt();
    due !== null && due <= resolveAt;
    due = await svc.store.earliestDueAt()
  ) {
    await runPass(svc, due);
  }
  must(
    await actOnBomb(svc, id, as(org.ceo, resolveAt), {
      type: "resolve",
      solution: "Nuevo protocolo de aviso de retrasos y visita del director al cliente.",
      visitedOn: resolveDate,
      visitedBy: visitor,
    }),
  );
  const verifyAt = calendar.nextWorkingMoment(resolveAt + 2 * 60 * 60 * 1000);
  must(
    await actOnBomb(svc, id, as(manager, verifyAt), {
      type: "verify",
      satisfaction: "satisfied",
      note: "El cliente confirma que las entregas llegan a tiempo.",
    }),
  );
  return story(svc, id);
}

/** Turns the stored timeline and outbox into the story's steps. */
async function story(svc: Services, id: number): Promise<SimulationStep[]> {
  const outboxRows = await svc.store.bombMessages(id);
  const steps: SimulationStep[] = [];
  let holder = "";
  for (const e of await svc.store.loadTimeline(id)) {
    const event = reported[e.kind as EventKind];
    if (event === undefined) continue;
    const data = e.data as Params;
    // Who holds it after the step: the link on opening, each new rung, then the owner.
    const named = data.holder ?? data.to ?? data.owner;
    if (event !== "resolved" && event !== "closed" && typeof named === "string") holder = named;
    const to = [
      ...new Set(outboxRows.filter((r) => r.version === e.version).map((r) => r.recipient)),
    ];
    steps.push({ at: e.at, event, holder, to, data });
  }
  return steps;
}

function must<T extends { ok: boolean }>(result: T): Extract<T, { ok: true }> {
  if (!result.ok) throw new Error(`simulation step refused: ${JSON.stringify(result)}`);
  return result as Extract<T, { ok: true }>;
}
