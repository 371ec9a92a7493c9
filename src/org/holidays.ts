/**
 * Public holidays from the `date-holidays` package, turned into the core's `HolidaySource`, and
 * what the org file's `holidays:` may name: countries, their regions, the code most likely meant.
 *
 * Its calculator (with its time-zone, astronomy and lunar calendars) is loaded when the first
 * year's holidays are asked for, not when this module is: checking an org file or printing help
 * must not pay for it. It is required as CommonJS, which Node loads in about two thirds of the
 * time of the same package as ES modules, and synchronously, as a `HolidaySource` is. Countries
 * and regions come from its data alone (holiday-regions.ts). A year once computed is kept between
 * runs (holiday-cache.ts), so most runs never load the calculator at all.
 */
import { createRequire } from "node:module";
import type Holidays from "date-holidays";
import type { HolidaySource } from "../core/calendar.ts";
import { holidayCache } from "./holiday-cache.ts";
import {
  holidayCountries,
  holidayRegions,
  isKnownHolidayRegion,
  shareHolidayData,
} from "./holiday-regions.ts";
import { editDistance } from "./zones.ts";

/** Whether date-holidays has a calendar for the country and region (see holiday-regions.ts). */
export { holidayRegions, isKnownHolidayRegion };

let calculator: typeof Holidays | undefined;

/** date-holidays' `Holidays` class, loaded on first use, on the calendars already parsed. */
function holidaysClass(): typeof Holidays {
  if (calculator === undefined) {
    const require = createRequire(import.meta.url);
    shareHolidayData(require);
    calculator = require("date-holidays") as typeof Holidays;
  }
  return calculator;
}

/** The public holidays (substitute days included) of a country and region; none without a country. */
export function holidaySource(country: string | null, region: string | null): HolidaySource {
  if (country === null) return () => [];
  // date-holidays quietly falls back to national holidays for an unknown region; refuse instead.
  if (!isKnownHolidayRegion(country, region)) {
    throw new Error(`unknown holiday region: ${country}${region === null ? "" : `/${region}`}`);
  }
  const cache = holidayCache();
  let calendar: Holidays | undefined;
  return (year) => {
    const kept = cache.year(country, region, year);
    if (kept !== undefined) return kept;
    if (calendar === undefined) {
      const Calculator = holidaysClass();
      calendar = region === null ? new Calculator(country) : new Calculator(country, region);
    }
    const dates = calendar
      .getHolidays(year)
      .filter((holiday) => holiday.type === "public")
      // "YYYY-MM-DD hh:mm:ss" in the country's own time; some holidays start at noon.
      .map((holiday) => holiday.date.slice(0, 10));
    // A moved holiday and its substitute can land on the same date.
    const unique = [...new Set(dates)];
    cache.keepYear(country, region, year, unique);
    return unique;
  };
}

// ISO 3166 alpha-3 codes and other names people write for the countries this bot serves most.
const COUNTRY_ALIASES: Readonly<Record<string, string>> = {
  uk: "GB",
  gbr: "GB",
  england: "GB",
  inglaterra: "GB",
  usa: "US",
  eeuu: "US",
  "ee uu": "US",
  mex: "MX",
  arg: "AR",
  esp: "ES",
  col: "CO",
  chl: "CL",
  per: "PE",
  ury: "UY",
  pry: "PY",
  bol: "BO",
  ecu: "EC",
  ven: "VE",
  bra: "BR",
  can: "CA",
  gtm: "GT",
  cri: "CR",
  pan: "PA",
  dom: "DO",
  hnd: "HN",
  slv: "SV",
  nic: "NI",
  cub: "CU",
  pri: "PR",
  prt: "PT",
  fra: "FR",
  deu: "DE",
  ita: "IT",
};

function normalized(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z]+/g, " ")
    .trim();
}

/** The two-letter code a wrong country value most likely meant ("UK" → GB, "México" → MX). */
export function suggestCountry(value: string): string | undefined {
  const wanted = normalized(value);
  if (wanted === "" || wanted.length > 60) return undefined;
  const alias = COUNTRY_ALIASES[wanted];
  if (alias !== undefined) return alias;
  const codes = holidayCountries();
  for (const locale of ["es", "en"]) {
    const names = new Intl.DisplayNames([locale], { type: "region" });
    for (const code of codes) {
      if (normalized(names.of(code) ?? "") === wanted) return code;
    }
  }
  return undefined;
}

/** The region code a wrong region value most likely meant ("Madrid" → MD, "New York" → NY). */
export function suggestRegion(
  country: string,
  value: string,
): { code: string; name: string } | undefined {
  const regions = Object.entries(holidayRegions(country));
  const wanted = normalized(value);
  if (wanted === "" || wanted.length > 60) return undefined;
  for (const [code, name] of regions) {
    if (normalized(name) === wanted) return { code, name };
  }
  // "Madrid" for "Comunidad de Madrid", "Catalunya" close to "Cataluña".
  for (const [code, name] of regions) {
    const words = normalized(name);
    if (wanted.length >= 4 && ` ${words} `.includes(` ${wanted} `)) return { code, name };
  }
  for (const [code, name] of regions) {
    if (wanted.length >= 5 && editDistance(wanted, normalized(name)) <= 2) return { code, name };
  }
  return undefined;
}
