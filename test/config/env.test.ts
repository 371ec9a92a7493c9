import { describe, expect, it } from "vitest";
import { clockOf, parseEnv } from "../../src/config/env.ts";

describe("BOMBA_CLOCK", () => {
  it.each(["0100-01-01T00:00:00Z", "2026-12-03T10:00:00+01:00", "9899-12-31T23:59:59+01:00"])(
    "%s starts the clock there",
    (clock) => {
      const env = parseEnv({ BOMBA_CLOCK: clock });
      expect(env.ok).toBe(true);
      if (env.ok) expect(clockOf(env.env, () => 0)()).toBe(Date.parse(clock));
    },
  );

  // The calendar counts a century inside the org file's 0000–9999 (CLOCK_YEARS).
  it.each(["0099-12-31T23:59:59Z", "9900-01-01T00:00:00+01:00", "9999-12-31T10:00:00Z"])(
    "%s is refused, naming the variable",
    (clock) => {
      const env = parseEnv({ BOMBA_CLOCK: clock });
      expect(env).toMatchObject({ ok: false, variable: "BOMBA_CLOCK" });
    },
  );
});
