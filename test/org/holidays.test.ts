import { describe, expect, it } from "vitest";
import { holidaySource, isKnownHolidayRegion } from "../../src/org/holidays.ts";

describe("holidaySource", () => {
  const madrid = holidaySource("ES", "MD")(2026);
  const spain = holidaySource("ES", null)(2026);
  const mexico = holidaySource("MX", null)(2026);

  it.each([
    ["2026-01-01", true, "Año Nuevo"],
    ["2026-01-06", true, "Reyes"],
    ["2026-03-19", false, "San José is only an observance in Madrid"],
    ["2026-04-02", true, "Jueves Santo (Madrid)"],
    ["2026-04-03", true, "Viernes Santo"],
    ["2026-04-06", false, "Easter Monday is not a Madrid holiday"],
    ["2026-05-02", true, "Día de la Comunidad de Madrid, a Saturday"],
    ["2026-11-02", true, "Todos los Santos moved from Sunday"],
    ["2026-11-09", false, "La Almudena is a city observance"],
    ["2026-12-06", true, "Constitución, a Sunday"],
    ["2026-12-07", true, "Constitución moved to Monday"],
    ["2026-12-08", true, "Inmaculada"],
    ["2026-12-24", false, "Nochebuena comes from the org's extra list"],
    ["2026-12-25", true, "Navidad"],
  ])("ES/MD %s is a holiday: %s (%s)", (date, expected) => {
    expect(madrid.includes(date)).toBe(expected);
  });

  it.each([
    ["2026-04-02", false],
    ["2026-04-03", true],
    ["2026-12-07", false],
    ["2026-12-08", true],
  ])("ES without region %s is a holiday: %s", (date, expected) => {
    expect(spain.includes(date)).toBe(expected);
  });

  it.each([
    ["2026-02-02", true, "Constitución"],
    ["2026-04-02", false, "bank holiday only"],
    ["2026-09-16", true, "Independencia"],
    ["2026-12-12", false, "bank holiday only"],
  ])("MX %s is a holiday: %s (%s)", (date, expected) => {
    expect(mexico.includes(date)).toBe(expected);
  });

  it.each([
    ["ES", "MD", 2026],
    ["ES", "MD", 2027],
    ["MX", null, 2026],
  ])("%s/%s %i gives distinct local dates of that year", (country, region, year) => {
    const dates = holidaySource(country, region)(year);
    expect(dates.length).toBeGreaterThan(0);
    expect(new Set(dates).size).toBe(dates.length);
    for (const date of dates) expect(date).toMatch(new RegExp(`^${year}-\\d{2}-\\d{2}$`));
  });

  it("gives no holidays without a country", () => {
    expect(holidaySource(null, null)(2026)).toEqual([]);
  });

  it.each([
    ["XX", null],
    ["ES", "ZZ"],
  ])("refuses the unknown region %s/%s", (country, region) => {
    expect(() => holidaySource(country, region)).toThrow(/unknown holiday region/);
  });
});

describe("isKnownHolidayRegion", () => {
  it.each([
    ["ES", null, true],
    ["ES", "MD", true],
    ["es", "md", true],
    ["ES", "ZZ", false],
    ["MX", null, true],
    ["XX", null, false],
    ["XX", "MD", false],
  ])("%s/%s → %s", (country, region, expected) => {
    expect(isKnownHolidayRegion(country, region)).toBe(expected);
  });
});
