/**
 * What the org file's `timezone` most likely means. A city zone (America/New_York) follows its
 * place's daylight-saving rules; an abbreviation (EST, CST) or a bare offset (Etc/GMT+5, UTC)
 * does not, or follows someone else's: a New York company on `EST` is an hour off from March to
 * November, a Mexican one on `CST` follows Chicago's clock changes that Mexico dropped in 2022.
 */
import { IANAZone } from "luxon";
import type { OrgMessageCode, OrgMessageParams } from "./org-messages.ts";

/** A message about a zone: its code and parameters. */
export interface ZoneHint {
  code: OrgMessageCode;
  params: OrgMessageParams;
}

// City zones people in Spain, Latin America and the United States pick, by standard offset.
const CITY_ZONES: Readonly<Record<number, readonly string[]>> = {
  [-600]: ["Pacific/Honolulu"],
  [-540]: ["America/Anchorage"],
  [-480]: ["America/Los_Angeles", "America/Tijuana"],
  [-420]: ["America/Denver", "America/Phoenix", "America/Mazatlan"],
  [-360]: ["America/Chicago", "America/Mexico_City", "America/Guatemala", "America/Costa_Rica"],
  [-300]: ["America/New_York", "America/Bogota", "America/Lima", "America/Cancun"],
  [-240]: ["America/Santiago", "America/Caracas", "America/Santo_Domingo", "America/La_Paz"],
  [-180]: ["America/Argentina/Buenos_Aires", "America/Sao_Paulo", "America/Montevideo"],
  0: ["Europe/London", "Europe/Lisbon", "Atlantic/Canary"],
  60: ["Europe/Madrid", "Europe/Paris", "Europe/Berlin"],
  120: ["Europe/Athens", "Europe/Helsinki"],
};
const ANY_CITY = ["Europe/Madrid", "America/Mexico_City", "America/New_York"];

// Names people write for their city that are no zone's last part.
const CITY_ALIASES: Readonly<Record<string, string>> = {
  cdmx: "America/Mexico_City",
  "ciudad de mexico": "America/Mexico_City",
  "nueva york": "America/New_York",
  "los angeles": "America/Los_Angeles",
  "buenos aires": "America/Argentina/Buenos_Aires",
  "sao paulo": "America/Sao_Paulo",
  londres: "Europe/London",
  lisboa: "Europe/Lisbon",
  "islas canarias": "Atlantic/Canary",
  canarias: "Atlantic/Canary",
};

// Samples through a year, both hemispheres' summers and winters; fixed so the check is pure.
const SAMPLES = [0, 3, 6, 9].map((month) => Date.UTC(2026, month, 15));

let listedZones: ReadonlySet<string> | undefined;

/**
 * Whether the zone is one the platform knows. The zones Intl lists (every canonical city zone,
 * written as listed) are known without building a formatter: the first `Intl.DateTimeFormat` with
 * a zone loads the platform's zone tables, a quarter of what `bomba org check` takes otherwise;
 * anything else (aliases, abbreviations, another case) is asked of luxon as before.
 */
export function isKnownZone(zone: string): boolean {
  // A bare offset ("-03:00") is no zone of the tz database; newer platforms (Node 22's ICU)
  // accept one as a time zone all the same, so it is refused here, with its hint, everywhere.
  if (parseOffset(zone) !== null) return false;
  listedZones ??= new Set(Intl.supportedValuesOf("timeZone"));
  return listedZones.has(zone) || IANAZone.isValidZone(zone);
}

/**
 * The city zones the old US rule zones follow: the tz database made them links to these in
 * 2024b, but which name the platform reports for them depends on its ICU (Node 20: the city,
 * Node 22: the zone as written).
 */
const RULE_ZONES: Readonly<Record<string, string>> = {
  EST5EDT: "America/New_York",
  CST6CDT: "America/Chicago",
  MST7MDT: "America/Denver",
  PST8PDT: "America/Los_Angeles",
};

/** A warning for a valid zone that is not a city's (EST, Etc/GMT+5, UTC, CST…), else null. */
export function zoneWarning(zone: string): ZoneHint | null {
  if (!isKnownZone(zone) || isCityZone(zone)) return null;
  const iana = IANAZone.create(zone);
  const offsets = SAMPLES.map((at) => iana.offset(at));
  const standard = Math.min(...offsets);
  const suggestions = suggestionsFor(standard);
  if (offsets.every((offset) => offset === standard)) {
    return {
      code: "fixedOffsetZone",
      params: { zone, offset: formatOffset(standard), suggestions },
    };
  }
  const follows =
    RULE_ZONES[zone.toUpperCase()] ??
    new Intl.DateTimeFormat("en", { timeZone: zone }).resolvedOptions().timeZone;
  return { code: "abbreviatedZone", params: { zone, follows, suggestions } };
}

/** Why an unknown zone was refused, with the zone most likely meant. */
export function badZoneHint(value: string): ZoneHint {
  const offset = parseOffset(value);
  if (offset !== null) {
    return { code: "offsetNotZone", params: { value, suggestions: suggestionsFor(offset) } };
  }
  const suggestion = closestZone(value);
  return { code: "badZone", params: suggestion === null ? { value } : { value, suggestion } };
}

/** Area/Location names are places; bare names (EST, UTC, CST6CDT) and Etc/… are not. */
function isCityZone(zone: string): boolean {
  if (/^etc\//i.test(zone)) return false;
  if (zone.includes("/")) return true;
  // Old country-wide links (Japan, Cuba, Portugal) are places; abbreviations are upper case.
  return !/^[A-Z0-9+-]+$/.test(zone) && !/^(zulu|universal|greenwich)$/i.test(zone);
}

function suggestionsFor(standardOffset: number): string {
  return (CITY_ZONES[standardOffset] ?? ANY_CITY).join(", ");
}

/** "UTC-05:00": ASCII, so it can be copied. */
function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  const hours = String(Math.floor(abs / 60)).padStart(2, "0");
  return `UTC${sign}${hours}:${String(abs % 60).padStart(2, "0")}`;
}

/** Minutes east of UTC for "UTC-5", "GMT+01:00", "-03:00", "UTC −3"; null when not an offset. */
function parseOffset(value: string): number | null {
  const match = /^\s*(?:utc|gmt|z)?\s*([+\-−])\s*(\d{1,2})(?::?(\d{2}))?\s*$/i.exec(value);
  if (match === null) return null;
  const hours = Number(match[2]);
  const minutes = Number(match[3] ?? 0);
  if (hours > 14 || minutes > 59) return null;
  const sign = match[1] === "+" ? 1 : -1;
  return sign * (hours * 60 + minutes);
}

function normalized(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[_\s]+/g, " ")
    .trim();
}

/** The zone a typo or a city name most likely meant, if one is close enough. */
function closestZone(value: string): string | null {
  const wanted = normalized(value);
  if (wanted === "" || wanted.length > 64) return null;
  const alias = CITY_ALIASES[wanted];
  if (alias !== undefined) return alias;
  const zones = Intl.supportedValuesOf("timeZone");
  for (const zone of zones) {
    if (normalized(zone.split("/").at(-1) ?? "") === wanted) return zone;
  }
  let best: string | null = null;
  let bestDistance = Math.min(3, Math.floor(wanted.length / 4));
  for (const zone of zones) {
    const distance = editDistance(wanted, normalized(zone));
    if (distance <= bestDistance) {
      best = zone;
      bestDistance = distance;
    }
  }
  return best;
}

/** Edit distance counting a swap of neighbours as one edit ("titel" → "title", "Madird" → "Madrid"). */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(
        (rows[i - 1]?.[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (rows[i - 1]?.[j - 1] ?? 0) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      }
      row[j] = best;
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? 0;
}
