import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import {
  parseQuarterId,
  previousQuarter,
  quarterAt,
  quarterNamed,
} from "../../src/core/quarter.ts";

const zone = "Europe/Madrid";
const local = (at: number) => DateTime.fromMillis(at, { zone }).toISO();

describe("parseQuarterId", () => {
  it.each([
    ["2026-Q4", { year: 2026, number: 4 }],
    ["2026q1", { year: 2026, number: 1 }],
    ["q3-2027", { year: 2027, number: 3 }],
    [" Q2 2026 ".trim().replace(" ", "-"), { year: 2026, number: 2 }],
    ["2026-Q5", null],
    ["2026-Q0", null],
    ["26-Q1", null],
    ["Q4", null],
    ["", null],
  ])("%j → %j", (text, expected) => {
    expect(parseQuarterId(text)).toEqual(expected);
  });
});

describe("quarters in the org's zone", () => {
  it("spans local midnight to local midnight, across the clock change", () => {
    const q4 = quarterNamed("2026-Q4", zone);
    expect(q4).toMatchObject({ id: "2026-Q4", firstDate: "2026-10-01", lastDate: "2026-12-31" });
    expect(local(q4?.start ?? 0)).toBe("2026-10-01T00:00:00.000+02:00");
    expect(local(q4?.end ?? 0)).toBe("2027-01-01T00:00:00.000+01:00");
  });

  it("puts an instant in its local quarter and steps back over the new year", () => {
    const newYearMadrid = DateTime.fromISO("2027-01-01T00:30", { zone }).toMillis();
    // Still 2026 in UTC, already Q1 2027 in Madrid.
    expect(quarterAt(newYearMadrid, zone).id).toBe("2027-Q1");
    expect(previousQuarter(quarterAt(newYearMadrid, zone), zone).id).toBe("2026-Q4");
    const q2 = quarterNamed("2026-Q2", zone);
    if (q2 === null) throw new Error("Q2");
    expect(previousQuarter(q2, zone).id).toBe("2026-Q1");
    expect(quarterAt(q2.end - 1, zone).id).toBe("2026-Q2");
    expect(quarterAt(q2.end, zone).id).toBe("2026-Q3");
  });
});
