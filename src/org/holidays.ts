/**
 * Public holidays from the `date-holidays` package, turned into the core's `HolidaySource`, and
 * what the org file's `holidays:` may name: countries, their regions, the code most likely meant.
 */
import Holidays from "date-holidays";
import type { HolidaySource } from "../core/calendar.ts";
import { editDistance } from "./zones.ts";

let lookupInstance: Holidays | undefined;
function lookup(): Holidays {
  lookupInstance ??= new Holidays();
  return lookupInstance;
}

/** True when date-holidays knows the country and, if given, the region (a "state" there). */
export function isKnownHolidayRegion(country: string, region: string | null): boolean {
  if (!Object.hasOwn(lookup().getCountries(), country.toUpperCase())) return false;
  if (region === null) return true;
  return Object.hasOwn(holidayRegions(country), region.toUpperCase());
}

/** The regions of a known country, code → name; empty for a country without any. */
export function holidayRegions(country: string): Readonly<Record<string, string>> {
  // getStates is undefined, not {}, for countries without regions.
  return lookup().getStates(country.toUpperCase()) ?? {};
}

/** The public holidays (substitute days included) of a country and region; none without a country. */
export function holidaySource(country: string | null, region: string | null): HolidaySource {
  if (country === null) return () => [];
  // date-holidays quietly falls back to national holidays for an unknown region; refuse instead.
  if (!isKnownHolidayRegion(country, region)) {
    throw new Error(`unknown holiday region: ${country}${region === null ? "" : `/${region}`}`);
  }
  const calendar = region === null ? new Holidays(country) : new Holidays(country, region);
  return (year) => {
    const dates = calendar
      .getHolidays(year)
      .filter((holiday) => holiday.type === "public")
      // "YYYY-MM-DD hh:mm:ss" in the country's own time; some holidays start at noon.
      .map((holiday) => holiday.date.slice(0, 10));
    // A moved holiday and its substitute can land on the same date.
    return [...new Set(dates)];
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
  const codes = Object.keys(lookup().getCountries());
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
