import { describe, expect, it } from "vitest";
import { type Bomb, nextDueAt } from "../../src/core/bomb.ts";
import type { Transition } from "../../src/core/effects.ts";
import type { Org } from "../../src/core/org.ts";
import { resolversOf } from "../../src/core/roles.ts";
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
  orgChart,
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

  // Until issue 9 this test asserted that late messages equal on-time ones, `notBefore` included:
  // a pass on Saturday then delivered at once what quiet hours must hold until Monday.
  it("keeps the schedule when the pass runs late, but holds its messages for working hours", () => {
    const pending = pendingBomb();
    const due = pending.assignment.answerDueAt;
    const onTime = step(pending, due);
    // Thursday 10:00 + 2 days = Saturday: still the same Tuesday deadline.
    const late = step(pending, due + 2 * DAY);
    expect(late.bomb).toEqual(onTime.bomb);
    expect(late.events).toEqual(onTime.events);
    const monday = madrid("2026-11-23T09:00");
    expect(late.messages).toEqual(onTime.messages.map((m) => ({ ...m, notBefore: monday })));
    expect(show(inState(late.bomb, "pending").assignment.answerDueAt)).toBe("2026-11-24T10:00");
  });

  // Until issue 9 a catch-up sent every escalation's messages (nacho 3, luis 3, olga 2…), each
  // with the notBefore of its own step, so all of them at once on a Sunday.
  it("catches up after a long downtime: every step on the timeline, each person told once", () => {
    const pending = pendingBomb();
    const now = madrid("2026-12-20T12:00"); // a Sunday
    const caughtUp = step(pending, now);
    const onTime = runOnTime(pending, now);
    // Same end state and the same timeline as an always-on scheduler…
    expect(caughtUp.bomb).toEqual(onTime.bomb);
    expect(caughtUp.events).toEqual(onTime.steps.flatMap((t) => t.events));
    expect(caughtUp.events.map((e) => [show(e.at), e.version])).toEqual([
      ["2026-11-19T10:00", 2],
      ["2026-11-24T10:00", 3],
      ["2026-11-27T10:00", 4],
      ["2026-12-02T10:00", 5],
      ["2026-12-09T10:00", 6],
      ["2026-12-14T10:00", 7],
      ["2026-12-17T10:00", 8],
    ]);
    expect(caughtUp.bomb.version).toBe(pending.version + 7);
    expect(show(inState(caughtUp.bomb, "pending").assignment.answerDueAt)).toBe("2026-12-22T10:00");
    // …but each person gets one message, the last one of the catch-up that concerns them: where
    // the bomb stands now, from the step that last told them, held until Monday 09:00.
    expect(caughtUp.messages.map((m) => [m.kind, m.to, m.version, show(m.notBefore)])).toEqual([
      ["bomb_unanswered", P.nacho, 4, "2026-12-21T09:00"],
      ["bomb_unanswered", P.luis, 4, "2026-12-21T09:00"],
      ["bomb_unanswered", P.olga, 4, "2026-12-21T09:00"],
      ["unanswered_at_top", P.ceo, 8, "2026-12-21T09:00"],
      ["unanswered_at_top", P.ana, 8, "2026-12-21T09:00"],
    ]);
    // Each is the message its step would have sent on time, only later.
    for (const m of caughtUp.messages) {
      const own = onTime.steps
        .find((t) => t.bomb.version === m.version)
        ?.messages.find((o) => o.to === m.to);
      expect(own).toEqual({ ...m, notBefore: own?.notBefore });
    }
  });

  it("a catch-up of three rungs tells nacho, luis and olga once each, where the bomb is now", () => {
    const pending = pendingBomb();
    // Climbed to luis (19 Nov), olga (24 Nov) and the CEO (27 Nov); caught up on Saturday 28.
    const caughtUp = step(pending, madrid("2026-11-28T03:00"));
    expect(caughtUp.events.map((e) => e.kind)).toEqual(["escalated", "escalated", "escalated"]);
    expect(told(caughtUp)).toEqual([
      `bomb_escalated → ${P.ceo}`,
      `bomb_unanswered → ${P.ana}`,
      `bomb_unanswered → ${P.luis}`,
      `bomb_unanswered → ${P.nacho}`,
      `bomb_unanswered → ${P.olga}`,
    ]);
    // Everyone is told the state of the last step: it climbed to the CEO.
    for (const m of caughtUp.messages) {
      expect(m.version).toBe(caughtUp.bomb.version);
      expect(m.params.to).toBe(P.ceo);
      expect(show(m.notBefore)).toBe("2026-11-30T09:00");
    }
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
    ["2026-12-21T10:00", "2026-12-28", "minor", "2026-12-23T09:00", "25 Dec holiday, 24 extra"],
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

  // SPEC §4: a reminder that would fall outside working hours comes at the last working day
  // before it (at its opening, the start of the day), never after and never out of hours.
  it.each([
    ["2026-11-16T10:00", "2026-11-24", "minor"],
    ["2026-11-16T10:00", "2026-11-25", "minor"],
    ["2026-12-02T10:00", "2026-12-10", "minor"],
    ["2026-12-02T10:00", "2026-12-11", "minor"],
    ["2026-12-21T10:00", "2026-12-28", "minor"],
    ["2026-12-21T10:00", "2026-12-29", "minor"],
    ["2026-11-16T10:00", "2027-01-07", "major"],
    ["2027-03-15T10:00", "2027-03-29", "major"],
    ["2027-03-22T10:00", "2027-03-31", "minor"],
    ["2026-10-19T10:00", "2026-10-28", "minor"],
  ] as const)(
    "accepted %s, due %s (%s): the reminder is in working hours, never after its moment",
    (acceptedAt, dueDate, severity) => {
      const accepted = committed(acceptedAt, dueDate, severity);
      const remindAt = accepted.commitment.remindAt ?? 0;
      const ideal = CALENDAR.subtract(accepted.commitment.dueAt, ORG.policy[severity].remindBefore);
      expect(CALENDAR.isWorkingTime(remindAt)).toBe(true);
      expect(remindAt).toBeLessThanOrEqual(ideal);
      // No working day is skipped between it and its moment.
      expect(CALENDAR.workingDaysBetween(remindAt, ideal)).toBe(0);
    },
  );

  it("leaves no reminder for the scheduler when accepted inside the reminder window", () => {
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

  it("catches up a commitment: every step on the timeline, each person told once", () => {
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
    // Until issue 9 the reminder and every rung were sent too: nacho got six messages at once.
    // Now each person gets the last step's overdue notice, which reached all of them.
    const last = onTime.steps.at(-1)?.messages ?? [];
    expect(caughtUp.messages).toEqual(last.map((m) => ({ ...m, notBefore: now })));
    expect(told(caughtUp)).toEqual(
      [P.ana, P.ceo, P.luis, P.nacho, P.olga].map((p) => `commitment_overdue → ${p}`),
    );
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

describe("advance: quiet hours for whatever a late pass produces", () => {
  it.each([
    [
      "a week down, caught up Saturday 03:00",
      "2027-01-25T10:00",
      "2027-01-30T03:00",
      "2027-02-01T09:00",
    ],
    ["caught up on Friday evening", "2026-11-16T10:00", "2026-11-20T19:30", "2026-11-23T09:00"],
    ["caught up before opening", "2026-11-16T10:00", "2026-11-20T07:00", "2026-11-20T09:00"],
    ["caught up in working hours", "2026-11-16T10:00", "2026-11-20T11:15", "2026-11-20T11:15"],
    ["caught up on a holiday (7 Dec)", "2026-12-01T10:00", "2026-12-07T10:00", "2026-12-09T09:00"],
    ["caught up on Christmas Eve", "2026-12-17T10:00", "2026-12-24T12:00", "2026-12-28T09:00"],
    [
      "caught up on the spring DST night",
      "2027-03-15T10:00",
      "2027-03-28T03:30",
      "2027-03-29T09:00",
    ],
    [
      "caught up on the autumn DST night",
      "2026-10-19T10:00",
      "2026-10-25T02:30",
      "2026-10-26T09:00",
    ],
  ])("%s: opened %s, pass at %s → delivered from %s", (_case, opened, passAt, expected) => {
    const pending = pendingBomb(madrid(opened));
    const t = step(pending, madrid(passAt));
    expect(t.messages.length).toBeGreaterThan(0);
    expect(t.messages.map((m) => show(m.notBefore))).toEqual(t.messages.map(() => expected));
    // The step itself stays at its own due time on the timeline.
    expect(t.events[0]?.at).toBe(pending.assignment.answerDueAt);
  });

  it("without quiet hours, a late pass's messages go at once", () => {
    const loud = orgChart({ quietHours: false });
    const pending = pendingBomb();
    const now = madrid("2026-11-21T03:00");
    const t = advance(pending, now, loud);
    expect(t?.messages.map((m) => m.notBefore)).toEqual(t?.messages.map(() => now));
  });

  it("holds a reminder caught up on Saturday until Monday", () => {
    const accepted = acceptedBomb(); // reminded Friday 20 November 09:00
    const t = step(accepted, madrid("2026-11-21T03:00"));
    expect(t.events.map((e) => [e.kind, show(e.at)])).toEqual([["reminded", "2026-11-20T09:00"]]);
    expect(t.messages.map((m) => show(m.notBefore))).toEqual(["2026-11-23T09:00"]);
  });
});

/** The fixture org after `person` left: their reports move up to their superior, their links to `link`. */
function orgWithout(person: string, link: string): Org {
  const gone = ORG.people.get(person);
  if (gone === undefined) throw new Error(`${person} is not in the fixture`);
  const people = new Map(
    [...ORG.people]
      .filter(([id]) => id !== person)
      .map(([id, p]) => [id, p.reportsTo === person ? { ...p, reportsTo: gone.reportsTo } : p]),
  );
  const departments = new Map(
    [...ORG.departments].map(([id, d]) => [id, d.link === person ? { ...d, link } : d]),
  );
  return { ...ORG, people, departments };
}

/** The fixture org with a new person between `below` and their superior. */
function orgWithNewRung(below: string, newcomer: string): Org {
  const boss = ORG.people.get(below)?.reportsTo ?? null;
  const people = new Map(ORG.people);
  people.set(newcomer, {
    id: newcomer,
    email: newcomer,
    addresses: {},
    name: "Nuria Vega",
    title: "Subdirectora",
    reportsTo: boss,
  });
  const person = people.get(below);
  if (person) people.set(below, { ...person, reportsTo: newcomer });
  return { ...ORG, people };
}

describe("advance: a holder or owner outside the org is never the top of the chain", () => {
  const noNacho = { org: orgWithout(P.nacho, P.marcos), calendar: CALENDAR };

  it("climbs from a holder who left to the loyalty managers, not 'unanswered at the top'", () => {
    const pending = pendingBomb();
    const t = advance(pending, pending.assignment.answerDueAt, noNacho);
    if (t === null) throw new Error("nothing due");
    const bomb = inState(t.bomb, "pending");
    expect(t.events.map((e) => [e.kind, e.data])).toEqual([
      ["escalated", { from: P.nacho, to: P.ana, rung: 1 }],
    ]);
    expect(bomb.assignment.holder).toBe(P.ana);
    // Nobody outside the org is a rung or a recipient.
    expect(bomb.assignment.passedThrough).not.toContain(P.nacho);
    expect(t.messages.map((m) => m.to)).not.toContain(P.nacho);
    expect(told(t)).toEqual([`bomb_escalated → ${P.ana}`]);
    // …and it goes on climbing from there, to the CEO.
    const next = advance(bomb, bomb.assignment.answerDueAt, noNacho);
    expect(next?.events.map((e) => [e.kind, e.data.to])).toEqual([["escalated", P.ceo]]);
  });

  it("climbs an overdue commitment whose owner left past the owner, to someone in the org", () => {
    const accepted = acceptedBomb(); // nacho owns it; reminder 20 Nov, due 24 Nov 18:00
    const { bomb: reminded } = runOnTime(accepted, madrid("2026-11-21T00:00"));
    const t = advance(reminded, madrid("2026-11-24T18:00"), noNacho);
    if (t === null) throw new Error("nothing due");
    const overdue = inState(t.bomb, "accepted");
    expect(overdue.commitment.overdueReached).toEqual([P.ana]);
    expect(t.messages.map((m) => m.to)).not.toContain(P.nacho);
    const next = advance(overdue, nextDueAt(overdue) ?? 0, noNacho);
    expect(inState(next?.bomb ?? overdue, "accepted").commitment.overdueReached).toEqual([
      P.ana,
      P.ceo,
    ]);
  });

  it("reminds the loyalty managers, not an owner who left", () => {
    const accepted = acceptedBomb();
    const t = advance(accepted, accepted.commitment.remindAt ?? 0, noNacho);
    expect(t?.messages.map((m) => [m.kind, m.to])).toEqual([["commitment_reminder", P.ana]]);
  });
});

describe("advance: the overdue climb follows the owner's current chain", () => {
  /** nacho's commitment, overdue since 24 Nov and already reached luis. */
  function reachedLuis() {
    const { bomb } = runOnTime(acceptedBomb(), madrid("2026-11-25T00:00"));
    const accepted = inState(bomb, "accepted");
    expect(accepted.commitment.overdueReached).toEqual([P.luis]);
    return accepted;
  }

  it("after a reassignment, climbs the new owner's chain from its first rung", () => {
    const now = madrid("2026-11-25T10:00");
    const moved = must(decide(reachedLuis(), cmd.reassign({ to: P.sergio }), ctxOf(P.ana, now)));
    const bomb = inState(moved.bomb, "accepted");
    // Luis is no longer on the chain of the bomb: no resolve rights, no more overdue notices.
    expect(resolversOf(bomb, ORG)).not.toContain(P.luis);
    expect(resolversOf(bomb, ORG)).not.toContain(P.nacho);
    expect(resolversOf(bomb, ORG)).toContain(P.sergio);
    const t = step(bomb, madrid("2026-11-30T09:00"));
    expect(t.events.map((e) => e.data.reached)).toEqual([P.raul]);
    expect(told(t)).toEqual([
      `commitment_overdue → ${P.ana}`,
      `commitment_overdue → ${P.raul}`,
      `commitment_overdue → ${P.sergio}`,
    ]);
    const top = runOnTime(t.bomb, madrid("2026-12-11T00:00"));
    expect(top.steps.map((s) => s.events[0]?.data.reached)).toEqual([P.ceo, null]);
    // At the top, the people reached on Sergio's chain are told; Luis is not.
    expect(top.steps[1]?.messages.map((m) => m.to)).not.toContain(P.luis);
    expect(top.steps[1]?.messages.map((m) => m.to)).toContain(P.raul);
  });

  it("after the rung it reached left the org, goes on from the owner's new superior", () => {
    const noLuis = { org: orgWithout(P.luis, P.nacho), calendar: CALENDAR };
    const t = advance(reachedLuis(), madrid("2026-11-30T09:00"), noLuis);
    expect(t?.events.map((e) => e.data.reached)).toEqual([P.olga]);
    expect(resolversOf(reachedLuis(), noLuis.org)).not.toContain(P.luis);
  });

  it("never climbs back down to a rung added below one it already reached", () => {
    const nuria = "nuria@example.com";
    const withNuria = { org: orgWithNewRung(P.nacho, nuria), calendar: CALENDAR };
    const t = advance(reachedLuis(), madrid("2026-11-30T09:00"), withNuria);
    expect(t?.events.map((e) => e.data.reached)).toEqual([P.olga]);
    expect(inState(t?.bomb ?? reachedLuis(), "accepted").commitment.overdueReached).toEqual([
      P.luis,
      P.olga,
    ]);
  });
});
