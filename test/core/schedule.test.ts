import { describe, expect, it } from "vitest";
import { type Bomb, nextDueAt } from "../../src/core/bomb.ts";
import type { Transition } from "../../src/core/effects.ts";
import { advance } from "../../src/core/schedule.ts";
import { decide } from "../../src/core/transitions.ts";
import {
  acceptedBomb,
  CALENDAR,
  cmd,
  ctxOf,
  DAY,
  inState,
  MONDAY_10,
  madrid,
  must,
  ORG,
  P,
  pendingBomb,
  resolvedBomb,
  show,
  told,
  triageBomb,
} from "../fixtures/org-chart.ts";

const clock = { org: ORG, calendar: CALENDAR };

/** Advances a bomb and fails the test when nothing was due. */
function step(bomb: Bomb, now: number): Transition {
  const t = advance(bomb, now, clock);
  if (t === null) throw new Error(`nothing due at ${show(now)}`);
  return t;
}

/** Runs the clock one due instant at a time (an always-on scheduler) until `until`. */
function runOnTime(bomb: Bomb, until: number): { bomb: Bomb; steps: Transition[] } {
  const steps: Transition[] = [];
  let current = bomb;
  for (let due = nextDueAt(current); due !== null && due <= until; due = nextDueAt(current)) {
    const t = step(current, due);
    steps.push(t);
    current = t.bomb;
  }
  return { bomb: current, steps };
}

/** A bomb accepted at `acceptedAt` by nacho with a minor (or major) committed date. */
function committed(acceptedAt: string, dueDate: string, severity: "minor" | "major" = "minor") {
  const now = madrid(acceptedAt);
  const accept = cmd.accept({ severity, dueDate, visitOn: dueDate });
  return inState(must(decide(pendingBomb(now), accept, ctxOf(P.nacho, now))).bomb, "accepted");
}

describe("advance: an unanswered bomb", () => {
  it("does nothing before the answer window expires, nor to bombs with nothing due", () => {
    const pending = pendingBomb();
    expect(advance(pending, pending.assignment.answerDueAt - 1, clock)).toBeNull();
    expect(advance(triageBomb(), MONDAY_10 + 400 * DAY, clock)).toBeNull();
    expect(advance(resolvedBomb(), MONDAY_10 + 400 * DAY, clock)).toBeNull();
  });

  it("climbs one rung per window up to the CEO, then reminds the CEO every window", () => {
    const { steps } = runOnTime(pendingBomb(), madrid("2026-12-15T00:00"));
    const rows = steps.map((t) => {
      const bomb = inState(t.bomb, "pending");
      return {
        at: show(t.events[0]?.at ?? 0),
        kind: t.events.map((e) => e.kind).join(","),
        holder: bomb.assignment.holder,
        nextDue: show(bomb.assignment.answerDueAt),
        version: bomb.version,
        rungs: bomb.rungs,
      };
    });
    expect(rows).toEqual([
      {
        at: "2026-11-19T10:00",
        kind: "escalated",
        holder: P.luis,
        nextDue: "2026-11-24T10:00",
        version: 2,
        rungs: 1,
      },
      {
        at: "2026-11-24T10:00",
        kind: "escalated",
        holder: P.olga,
        nextDue: "2026-11-27T10:00",
        version: 3,
        rungs: 2,
      },
      {
        at: "2026-11-27T10:00",
        kind: "escalated",
        holder: P.ceo,
        nextDue: "2026-12-02T10:00",
        version: 4,
        rungs: 3,
      },
      // 7 and 8 December are Madrid holidays.
      {
        at: "2026-12-02T10:00",
        kind: "unanswered_at_top",
        holder: P.ceo,
        nextDue: "2026-12-09T10:00",
        version: 5,
        rungs: 3,
      },
      {
        at: "2026-12-09T10:00",
        kind: "unanswered_at_top",
        holder: P.ceo,
        nextDue: "2026-12-14T10:00",
        version: 6,
        rungs: 3,
      },
      {
        at: "2026-12-14T10:00",
        kind: "unanswered_at_top",
        holder: P.ceo,
        nextDue: "2026-12-17T10:00",
        version: 7,
        rungs: 3,
      },
    ]);
    expect(steps.map((t) => told(t))).toEqual([
      [`bomb_escalated → ${P.luis}`, `bomb_unanswered → ${P.ana}`, `bomb_unanswered → ${P.nacho}`],
      [
        `bomb_escalated → ${P.olga}`,
        `bomb_unanswered → ${P.ana}`,
        `bomb_unanswered → ${P.luis}`,
        `bomb_unanswered → ${P.nacho}`,
      ],
      [
        `bomb_escalated → ${P.ceo}`,
        `bomb_unanswered → ${P.ana}`,
        `bomb_unanswered → ${P.luis}`,
        `bomb_unanswered → ${P.nacho}`,
        `bomb_unanswered → ${P.olga}`,
      ],
      [`unanswered_at_top → ${P.ana}`, `unanswered_at_top → ${P.ceo}`],
      [`unanswered_at_top → ${P.ana}`, `unanswered_at_top → ${P.ceo}`],
      [`unanswered_at_top → ${P.ana}`, `unanswered_at_top → ${P.ceo}`],
    ]);
    // Every message belongs to the version its step produced.
    for (const t of steps) {
      expect(t.messages.every((m) => m.version === t.bomb.version && m.bombId === 1)).toBe(true);
    }
  });

  it("records who it passed through and who was involved", () => {
    const { bomb } = runOnTime(pendingBomb(), madrid("2026-11-28T00:00"));
    const pending = inState(bomb, "pending");
    expect(pending.assignment.passedThrough).toEqual([P.nacho, P.luis, P.olga]);
    expect(pending.involved).toEqual([P.ana, P.nacho, P.luis, P.olga, P.ceo]);
    const escalated = step(pendingBomb(), madrid("2026-11-19T10:00"));
    expect(escalated.events[0]).toEqual({
      at: madrid("2026-11-19T10:00"),
      actor: null,
      kind: "escalated",
      data: { from: P.nacho, to: P.luis, rung: 1 },
      version: escalated.bomb.version,
      holder: P.luis,
    });
  });

  it("keeps the schedule when the pass runs late: the step happens at its own due instant", () => {
    const pending = pendingBomb();
    const due = pending.assignment.answerDueAt;
    const onTime = step(pending, due);
    // Thursday 10:00 + 2 days = Saturday: still the same Tuesday deadline.
    const late = step(pending, due + 2 * DAY);
    expect(late.bomb).toEqual(onTime.bomb);
    expect(late.events).toEqual(onTime.events);
    expect(late.messages).toEqual(onTime.messages);
    expect(show(inState(late.bomb, "pending").assignment.answerDueAt)).toBe("2026-11-24T10:00");
  });

  it("catches up after a long downtime: every step in order, each escalation told once", () => {
    const pending = pendingBomb();
    const now = madrid("2026-12-20T12:00");
    const caughtUp = step(pending, now);
    const onTime = runOnTime(pending, now);
    // Same end state and the same timeline as an always-on scheduler…
    expect(caughtUp.bomb).toEqual(onTime.bomb);
    expect(caughtUp.events).toEqual(onTime.steps.flatMap((t) => t.events));
    expect(caughtUp.events.map((e) => show(e.at))).toEqual([
      "2026-11-19T10:00",
      "2026-11-24T10:00",
      "2026-11-27T10:00",
      "2026-12-02T10:00",
      "2026-12-09T10:00",
      "2026-12-14T10:00",
      "2026-12-17T10:00",
    ]);
    expect(caughtUp.bomb.version).toBe(pending.version + 7);
    expect(show(inState(caughtUp.bomb, "pending").assignment.answerDueAt)).toBe("2026-12-22T10:00");
    // …but the four missed top-of-chain reminders collapse into the last one.
    const escalations = onTime.steps.slice(0, 3).flatMap((t) => t.messages);
    const lastReminder = onTime.steps[6]?.messages ?? [];
    expect(caughtUp.messages).toEqual([...escalations, ...lastReminder]);
    expect(caughtUp.messages.filter((m) => m.kind === "unanswered_at_top")).toHaveLength(2);
    const keys = caughtUp.messages.map((m) => `${m.version}:${m.kind}:${m.to}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("is idempotent: advancing the result again at the same instant does nothing", () => {
    const now = madrid("2026-12-20T12:00");
    expect(advance(step(pendingBomb(), now).bomb, now, clock)).toBeNull();
  });

  it.each([
    ["Monday 10:00", "2026-11-16T10:00", "2026-11-19T10:00"],
    ["Wednesday 10:00, over the weekend", "2026-11-18T10:00", "2026-11-23T10:00"],
    ["Friday after hours", "2026-11-20T19:00", "2026-11-26T09:00"],
    ["Saturday", "2026-11-21T12:00", "2026-11-26T09:00"],
    ["before opening", "2026-11-16T07:30", "2026-11-19T09:00"],
    ["Thursday before the December bridge", "2026-12-03T10:00", "2026-12-10T10:00"],
    ["on a holiday (8 Dec)", "2026-12-08T10:00", "2026-12-14T09:00"],
    ["Friday before the bridge", "2026-12-04T16:00", "2026-12-11T16:00"],
    ["before Christmas (24 extra, 25 holiday)", "2026-12-22T10:00", "2026-12-29T10:00"],
    ["across the autumn DST change", "2026-10-22T10:30", "2026-10-27T10:30"],
    ["across the spring DST change", "2026-03-26T10:30", "2026-03-31T10:30"],
  ])("opened %s (%s) → escalates at %s", (_case, opened, expected) => {
    const pending = pendingBomb(madrid(opened));
    expect(show(pending.assignment.answerDueAt)).toBe(expected);
    expect(advance(pending, madrid(expected) - 1, clock)).toBeNull();
    const t = step(pending, madrid(expected));
    expect(t.events.map((e) => [e.kind, show(e.at)])).toEqual([["escalated", expected]]);
  });

  it.each([
    ["2026-11-19T10:00", "2026-11-24T10:00"],
    ["2026-12-03T10:00", "2026-12-10T10:00"],
    ["2026-10-23T10:30", "2026-10-28T10:30"],
    ["2026-03-27T10:30", "2026-04-01T10:30"],
  ])("a window expiring %s makes the next due %s", (due, expected) => {
    // Opened exactly one window before `due`, so the first step happens at `due`.
    const pending = pendingBomb(CALENDAR.subtract(madrid(due), { workingDays: 3 }));
    expect(show(pending.assignment.answerDueAt)).toBe(due);
    const next = inState(step(pending, madrid(due)).bomb, "pending").assignment.answerDueAt;
    expect(show(next)).toBe(expected);
  });

  it("after a forward to another department's link, climbs that link's chain", () => {
    const now = madrid("2026-11-17T10:00");
    const forwarded = must(
      decide(pendingBomb(), cmd.forward({ to: P.sergio }), ctxOf(P.nacho, now)),
    );
    const { steps } = runOnTime(forwarded.bomb, madrid("2026-11-26T00:00"));
    expect(
      steps.map((t) => [show(t.events[0]?.at ?? 0), inState(t.bomb, "pending").assignment.holder]),
    ).toEqual([
      ["2026-11-20T10:00", P.raul],
      ["2026-11-25T10:00", P.ceo],
    ]);
    // nacho handed it over: he is no longer told it went unanswered.
    expect(steps.flatMap((t) => t.messages.map((m) => m.to))).not.toContain(P.nacho);
  });

  it("escalates from another department's link up its own chain", () => {
    const sales = pendingBomb(MONDAY_10, 1, "comercial");
    const { steps } = runOnTime(sales, madrid("2026-11-28T00:00"));
    expect(steps.map((t) => inState(t.bomb, "pending").assignment.holder)).toEqual([
      P.raul,
      P.ceo,
      P.ceo,
    ]);
  });
});

describe("advance: a commitment", () => {
  it("reminds the owner once, at the opening of the working day on or before due − 3 days", () => {
    const accepted = acceptedBomb(); // minor, due Tuesday 24 November
    expect(show(accepted.commitment.remindAt ?? 0)).toBe("2026-11-20T09:00");
    expect(advance(accepted, madrid("2026-11-20T08:59"), clock)).toBeNull();
    const t = step(accepted, madrid("2026-11-20T09:00"));
    const reminded = inState(t.bomb, "accepted");
    expect(reminded.version).toBe(accepted.version + 1);
    expect(reminded.commitment.remindAt).toBeNull();
    expect(t.events).toEqual([
      {
        at: madrid("2026-11-20T09:00"),
        actor: null,
        kind: "reminded",
        data: { owner: P.nacho, dueDate: "2026-11-24" },
        version: reminded.version,
        holder: P.nacho,
      },
    ]);
    expect(told(t)).toEqual([`commitment_reminder → ${P.nacho}`]);
    expect(advance(reminded, madrid("2026-11-24T17:59"), clock)).toBeNull();
  });

  it.each([
    ["2026-11-16T10:00", "2026-11-24", "minor", "2026-11-20T09:00", "21 Nov is a Saturday"],
    ["2026-11-16T10:00", "2026-11-26", "minor", "2026-11-23T09:00", "a plain Monday"],
    ["2026-12-02T10:00", "2026-12-11", "minor", "2026-12-04T09:00", "8 Dec holiday, 7 Dec holiday"],
    ["2026-11-30T10:00", "2026-12-09", "minor", "2026-12-04T09:00", "6 Dec is a Sunday"],
    ["2026-12-21T10:00", "2026-12-27", "minor", "2026-12-23T09:00", "24 Dec is an extra holiday"],
    ["2026-11-16T10:00", "2027-02-16", "major", "2027-02-05T09:00", "major: ten days before"],
    ["2026-10-19T10:00", "2026-10-29", "minor", "2026-10-26T09:00", "after the autumn DST change"],
    ["2026-10-19T10:00", "2026-10-28", "minor", "2026-10-23T09:00", "due − 3 is the DST Sunday"],
    [
      "2026-03-23T10:00",
      "2026-04-01",
      "minor",
      "2026-03-27T09:00",
      "due − 3 is the spring DST Sunday",
    ],
  ] as const)(
    "accepted %s, due %s (%s) → reminder at %s (%s)",
    (acceptedAt, dueDate, severity, expected, _why) => {
      const accepted = committed(acceptedAt, dueDate, severity);
      expect(show(accepted.commitment.remindAt ?? 0)).toBe(expected);
      const t = step(accepted, madrid(expected));
      expect(t.events.map((e) => e.kind)).toEqual(["reminded"]);
    },
  );

  it("sends no reminder when accepted inside the reminder window", () => {
    const accepted = committed("2026-11-23T10:00", "2026-11-24");
    expect(accepted.commitment.remindAt).toBeNull();
    expect(nextDueAt(accepted)).toBe(madrid("2026-11-24T18:00"));
    const t = step(accepted, madrid("2026-11-24T18:00"));
    expect(t.events.map((e) => e.kind)).toEqual(["overdue"]);
    expect(t.messages.some((m) => m.kind === "commitment_reminder")).toBe(false);
  });

  it("still reminds when accepted on the reminder day before the working day opens", () => {
    const accepted = committed("2026-11-20T08:00", "2026-11-24");
    expect(show(accepted.commitment.remindAt ?? 0)).toBe("2026-11-20T09:00");
  });

  it("climbs the owner's chain one rung per window once overdue, then reminds at the top", () => {
    const { steps, bomb } = runOnTime(acceptedBomb(), madrid("2026-12-16T00:00"));
    const rows = steps.map((t) => ({
      at: show(t.events[0]?.at ?? 0),
      kind: t.events.map((e) => e.kind).join(","),
      reached: inState(t.bomb, "accepted").commitment.overdueReached.join(","),
      told: told(t),
    }));
    const overdue = (p: string) => `commitment_overdue → ${p}`;
    expect(rows).toEqual([
      {
        at: "2026-11-20T09:00",
        kind: "reminded",
        reached: "",
        told: [`commitment_reminder → ${P.nacho}`],
      },
      {
        at: "2026-11-24T18:00",
        kind: "overdue",
        reached: P.luis,
        told: [overdue(P.ana), overdue(P.luis), overdue(P.nacho)],
      },
      // The climb counts from the next working moment after dayEnds: Wednesday 09:00 + 3.
      {
        at: "2026-11-30T09:00",
        kind: "overdue",
        reached: `${P.luis},${P.olga}`,
        told: [overdue(P.ana), overdue(P.nacho), overdue(P.olga)],
      },
      {
        at: "2026-12-03T09:00",
        kind: "overdue",
        reached: `${P.luis},${P.olga},${P.ceo}`,
        told: [overdue(P.ana), overdue(P.ceo), overdue(P.nacho)],
      },
      {
        at: "2026-12-10T09:00",
        kind: "overdue",
        reached: `${P.luis},${P.olga},${P.ceo}`,
        told: [P.ana, P.ceo, P.luis, P.nacho, P.olga].map(overdue),
      },
      {
        at: "2026-12-15T09:00",
        kind: "overdue",
        reached: `${P.luis},${P.olga},${P.ceo}`,
        told: [P.ana, P.ceo, P.luis, P.nacho, P.olga].map(overdue),
      },
    ]);
    expect(bomb.version).toBe(acceptedBomb().version + 6);
    expect(show(nextDueAt(bomb) ?? 0)).toBe("2026-12-18T09:00");
  });

  it("lets those the overdue climb reached resolve it", () => {
    const { bomb } = runOnTime(acceptedBomb(), madrid("2026-11-25T00:00"));
    const now = madrid("2026-11-25T10:00");
    expect(decide(bomb, cmd.resolve(), ctxOf(P.luis, now)).ok).toBe(true);
    expect(decide(bomb, cmd.resolve(), ctxOf(P.olga, now)).ok).toBe(false);
  });

  it("catches up a commitment: reminder and each rung once, top reminders collapsed", () => {
    const accepted = acceptedBomb();
    const now = madrid("2026-12-21T12:00");
    const caughtUp = step(accepted, now);
    const onTime = runOnTime(accepted, now);
    expect(caughtUp.bomb).toEqual(onTime.bomb);
    expect(caughtUp.events.map((e) => e.kind)).toEqual([
      "reminded",
      "overdue",
      "overdue",
      "overdue",
      "overdue",
      "overdue",
      "overdue",
    ]);
    const kept = [...onTime.steps.slice(0, 4), ...onTime.steps.slice(-1)];
    expect(caughtUp.messages).toEqual(kept.flatMap((t) => t.messages));
  });

  it("starts afresh after a reopen", () => {
    const resolved = resolvedBomb();
    const now = madrid("2026-11-20T10:00");
    const reopened = must(
      decide(resolved, cmd.reopen({ dueDate: "2026-11-30" }), ctxOf(P.ana, now)),
    );
    const { steps } = runOnTime(reopened.bomb, madrid("2026-12-01T00:00"));
    expect(steps.map((t) => [t.events[0]?.kind, show(t.events[0]?.at ?? 0)])).toEqual([
      ["reminded", "2026-11-27T09:00"],
      ["overdue", "2026-11-30T18:00"],
    ]);
  });
});
