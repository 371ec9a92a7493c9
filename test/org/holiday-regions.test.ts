import Holidays from "date-holidays";
import { describe, expect, it } from "vitest";
import {
  holidayCountries,
  holidayRegions,
  isKnownHolidayRegion,
} from "../../src/org/holiday-regions.ts";

describe("isKnownHolidayRegion, read from date-holidays' data alone", () => {
  it("agrees with date-holidays' own lists on every country and region it has", () => {
    const lookup = new Holidays();
    // What the check asked date-holidays itself before it read the data alone.
    const viaLookup = (country: string, region: string | null) => {
      if (!Object.hasOwn(lookup.getCountries(), country.toUpperCase())) return false;
      if (region === null) return true;
      return Object.hasOwn(lookup.getStates(country) ?? {}, region.toUpperCase());
    };
    const countries = Object.keys(lookup.getCountries());
    expect(countries.length).toBeGreaterThan(100);
    let known = 0;
    for (const country of countries) {
      const states = Object.keys(lookup.getStates(country) ?? {});
      for (const c of [country, country.toLowerCase()]) {
        for (const region of [null, "NOPE", ...states, ...states.map((r) => r.toLowerCase())]) {
          const answer = isKnownHolidayRegion(c, region);
          expect(answer, `${c}/${region}`).toBe(viaLookup(c, region));
          if (answer && region !== null) known += 1;
        }
      }
    }
    expect(known).toBeGreaterThan(500);
  });

  it("lists the countries and names the regions as date-holidays does", () => {
    const lookup = new Holidays();
    expect(holidayCountries()).toEqual(Object.keys(lookup.getCountries()));
    for (const country of holidayCountries()) {
      expect(holidayRegions(country), country).toEqual(lookup.getStates(country) ?? {});
      expect(holidayRegions(country.toLowerCase()), country).toEqual(
        lookup.getStates(country) ?? {},
      );
    }
    expect(holidayRegions("XX")).toEqual({});
    expect(holidayRegions("ES").MD).toBe("Comunidad de Madrid");
  });

  it.each([
    ["ES", "MD", true],
    ["XX", null, false],
    ["ES-MD", null, false],
    ["MX", "CMX", false],
    ["US", "NY", true],
    ["constructor", null, false],
  ] as const)("%s / %s → %s", (country, region, known) => {
    expect(isKnownHolidayRegion(country, region)).toBe(known);
  });
});
