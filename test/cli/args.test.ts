import { describe, expect, it } from "vitest";
import { parseInstant } from "../../src/cli/args.ts";

const MADRID = "Europe/Madrid";

describe("parseInstant: the instants `--start` and `--at` take", () => {
  it.each([
    ["2026-12-03T10:00", Date.parse("2026-12-03T09:00:00Z")],
    ["2026-12-03T10:00:00+01:00", Date.parse("2026-12-03T09:00:00Z")],
    ["9899-12-31T23:59:59.999", Date.parse("9899-12-31T22:59:59.999Z")],
    // Madrid's local mean time then: 14 min 44 s behind Greenwich.
    ["0100-01-01T00:00", Date.parse("0100-01-01T00:14:44Z")],
  ])("%s is read in the org's zone", (text, expected) => {
    expect(parseInstant(text, MADRID)).toBe(expected);
  });

  it.each(["mañana", "2026-13-01T10:00", "10000-01-01T00:00:00Z", ""])(
    "%s is no instant",
    (text) => {
      expect(parseInstant(text, MADRID)).toBeNull();
    },
  );

  // The org file's dates are 0000 to 9999; a clock a century inside leaves room for the longest
  // durations, so the calendar never counts a date with a five-digit or negative year.
  it.each([
    "+010000-01-01T00:00",
    "+270000-01-01T10:00",
    "-000001-12-31T23:59",
    "0000-01-01T00:00",
    "0099-12-31T23:59",
    "9900-01-01T00:00",
    "9999-12-31T10:00",
    "9899-12-31T23:30:00-01:00",
  ])("%s is outside the years 0100 to 9899 and refused", (text) => {
    expect(parseInstant(text, MADRID)).toBe("out_of_range");
  });
});
