/**
 * Issue 10, item 10: the calendar part of the org file. Time zones that never change to
 * daylight time (or follow another country's rules) are warned about with the city zone to use;
 * `holidays.except` lists the holidays a company works; a wrong country or region says which
 * one was meant and which exist.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DateTime } from "luxon";
import { afterAll, describe, expect, it } from "vitest";
import { recordingIo } from "../../src/cli/io.ts";
import { runOrgCheck } from "../../src/cli/org-check.ts";
import { createCalendar } from "../../src/core/calendar.ts";
import type { CalendarSettings } from "../../src/core/org.ts";
import { holidaySource } from "../../src/org/holidays.ts";
import { type LoadOrgResult, type OrgIssue, parseOrg } from "../../src/org/load-org.ts";
import { calendarFor } from "../../src/org/org-calendar.ts";
import { lineOf } from "../fixtures/org.ts";

const MEXICO = readFileSync("test/fixtures/orgs/mexico.yaml", "utf8");
const ARGENTINA = readFileSync("test/fixtures/orgs/argentina.yaml", "utf8");
const UNITED_STATES = readFileSync("test/fixtures/orgs/united-states.yaml", "utf8");

const workDir = mkdtempSync(join(tmpdir(), "bomba-calendar-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function loaded(text: string): Extract<LoadOrgResult, { ok: true }> {
  const result = parseOrg(text);
  if (!result.ok) throw new Error(result.issues.map((i) => `${i.path}: ${i.message}`).join("\n"));
  return result;
}

function issuesOf(text: string): OrgIssue[] {
  const result = parseOrg(text);
  if (result.ok) throw new Error("expected the org file to be rejected");
  return result.issues;
}

function orgCheck(text: string, name: string) {
  const file = join(workDir, name);
  writeFileSync(file, text);
  const io = recordingIo();
  return { code: runOrgCheck([file], io), io, file };
}

describe("time zones that are not a city's", () => {
  it.each([
    ["EST", "UTC-05:00", "America/New_York, America/Bogota, America/Lima, America/Cancun"],
    ["MST", "UTC-07:00", "America/Denver, America/Phoenix, America/Mazatlan"],
    ["HST", "UTC-10:00", "Pacific/Honolulu"],
    ["Etc/GMT+5", "UTC-05:00", "America/New_York, America/Bogota, America/Lima, America/Cancun"],
    ["Etc/GMT-1", "UTC+01:00", "Europe/Madrid, Europe/Paris, Europe/Berlin"],
    [
      "Etc/GMT+3",
      "UTC-03:00",
      "America/Argentina/Buenos_Aires, America/Sao_Paulo, America/Montevideo",
    ],
    ["UTC", "UTC+00:00", "Europe/London, Europe/Lisbon, Atlantic/Canary"],
    ["GMT", "UTC+00:00", "Europe/London, Europe/Lisbon, Atlantic/Canary"],
  ])("%s is a fixed offset: a warning that names the city zones", (zone, offset, suggestions) => {
    const text = UNITED_STATES.replace("timezone: America/New_York", `timezone: ${zone}`);
    const result = loaded(text);
    expect(result.warnings).toEqual([
      expect.objectContaining({
        path: "timezone",
        line: lineOf(text, "timezone:"),
        code: "fixedOffsetZone",
        params: { zone, offset, suggestions },
      }),
    ]);
  });

  it("EST for a New York company: org check warns in English, still passes", () => {
    const text = UNITED_STATES.replace("timezone: America/New_York", "timezone: EST");
    const run = orgCheck(text, "est.yaml");
    expect(run.code).toBe(0);
    expect(run.io.stdout).toEqual([
      `${run.file}:${lineOf(text, "timezone:")}  warning: timezone: EST is a fixed offset (UTC-05:00 all year) that never changes to daylight saving time: if your company does, use your city's zone, e.g. America/New_York, America/Bogota, America/Lima, America/Cancun`,
      `${run.file} OK: Hudson Valley Freight LLC, 7 people, 2 departments, EST, en (1 warning)`,
    ]);
  });

  it("EST really is an hour off New York from March to November", () => {
    const july = Date.UTC(2026, 6, 15, 14);
    const fixed = DateTime.fromMillis(july, { zone: "EST" }).hour;
    const city = DateTime.fromMillis(july, { zone: "America/New_York" }).hour;
    expect(city - fixed).toBe(1);
  });

  it.each([
    [
      "CST",
      "America/Chicago",
      "America/Chicago, America/Mexico_City, America/Guatemala, America/Costa_Rica",
    ],
    ["PST", "America/Los_Angeles", "America/Los_Angeles, America/Tijuana"],
    [
      "EST5EDT",
      "America/New_York",
      "America/New_York, America/Bogota, America/Lima, America/Cancun",
    ],
  ])(
    "%s is an abbreviation following %s: a warning (a Mexican company on CST would follow Chicago's clock changes)",
    (zone, follows, suggestions) => {
      const text = MEXICO.replace("timezone: America/Mexico_City", `timezone: ${zone}`);
      const result = loaded(text);
      expect(result.warnings.map((w) => [w.code, w.params])).toEqual([
        ["abbreviatedZone", { zone, follows, suggestions }],
      ]);
      expect(result.warnings[0]?.message).toBe(
        `${zone} es una abreviatura que sigue las reglas de ${follows}: use la zona de su ciudad, p. ej. ${suggestions}`,
      );
    },
  );

  it.each([
    "America/New_York",
    "America/Mexico_City",
    "America/Argentina/Buenos_Aires",
    "America/Phoenix",
    "Asia/Tokyo",
    "US/Eastern",
    "Japan",
  ])("%s is a place: no warning", (zone) => {
    const text = UNITED_STATES.replace("timezone: America/New_York", `timezone: ${zone}`);
    expect(loaded(text).warnings).toEqual([]);
  });

  it.each([
    ["UTC-5", "America/New_York, America/Bogota, America/Lima, America/Cancun"],
    ["GMT-3", "America/Argentina/Buenos_Aires, America/Sao_Paulo, America/Montevideo"],
    ["-03:00", "America/Argentina/Buenos_Aires, America/Sao_Paulo, America/Montevideo"],
    ["UTC+1", "Europe/Madrid, Europe/Paris, Europe/Berlin"],
  ])("the offset %s is refused, with the city zones of that offset", (zone, suggestions) => {
    const text = ARGENTINA.replace(
      "timezone: America/Argentina/Buenos_Aires",
      `timezone: "${zone}"`,
    );
    expect(issuesOf(text)).toEqual([
      expect.objectContaining({
        path: "timezone",
        code: "offsetNotZone",
        message: `"${zone}" es un desfase horario, no una zona: use la zona de su ciudad, p. ej. ${suggestions}`,
      }),
    ]);
  });

  it.each([
    ["Europe/Madird", "Europe/Madrid"],
    ["America/Mexico_Cty", "America/Mexico_City"],
    ["Buenos Aires", "America/Argentina/Buenos_Aires"],
    ["Mexico City", "America/Mexico_City"],
    ["CDMX", "America/Mexico_City"],
    ["New York", "America/New_York"],
  ])("the unknown zone %s suggests %s", (zone, suggestion) => {
    const text = MEXICO.replace("timezone: America/Mexico_City", `timezone: ${zone}`);
    expect(issuesOf(text)[0]?.message).toBe(
      `zona horaria IANA desconocida "${zone}" (¿quería decir ${suggestion}?)`,
    );
  });

  it("other commands print the warning on stderr too (serve, simulate, tick, report, import)", async () => {
    const { loadOrgOrReport } = await import("../../src/cli/args.ts");
    const text = UNITED_STATES.replace("timezone: America/New_York", "timezone: EST");
    const file = join(workDir, "est-load.yaml");
    writeFileSync(file, text);
    const io = recordingIo();
    expect(loadOrgOrReport(file, io)).not.toBeNull();
    expect(io.stderr).toEqual([
      expect.stringMatching(/ {2}warning: timezone: EST is a fixed offset/),
    ]);
  });
});

describe("holidays.except: the holidays a company works", () => {
  const hudson = calendarFor(loaded(UNITED_STATES).org);

  it.each([
    ["2026-10-12", true, "Columbus Day, worked (except)"],
    ["2026-11-11", true, "Veterans Day, worked (except)"],
    ["2026-02-12", true, "Lincoln's Birthday (New York), worked (except)"],
    ["2026-11-03", true, "Election Day (New York), worked (except)"],
    ["2026-11-26", false, "Thanksgiving, a public holiday"],
    ["2026-11-27", false, "the day after Thanksgiving, off (extra)"],
    ["2026-12-24", false, "Christmas Eve, off (extra)"],
    ["2026-12-25", false, "Christmas Day"],
    ["2026-07-03", false, "Independence Day observed"],
    ["2027-10-11", false, "Columbus Day 2027: except names dates, not holidays"],
  ])("Hudson Valley Freight, %s is a working day: %s (%s)", (date, working) => {
    expect(hudson.isWorkingDate(date)).toBe(working);
  });

  it("three working days from the Friday before Columbus Day end on Wednesday, not Thursday", () => {
    const friday = DateTime.fromISO("2026-10-09T10:00:00", { zone: "America/New_York" });
    const due = DateTime.fromMillis(hudson.addWorkingDays(friday.toMillis(), 3), {
      zone: "America/New_York",
    });
    expect(due.toISODate()).toBe("2026-10-14");
  });

  it("is applied by the core calendar from its settings, beside extra", () => {
    const settings: CalendarSettings = {
      timezone: "America/Mexico_City",
      workdays: ["mon", "tue", "wed", "thu", "fri"],
      dayStarts: "09:00",
      dayEnds: "18:00",
      holidays: { country: "MX", region: null, extra: ["2026-12-12"], except: ["2026-03-16"] },
    };
    const calendar = createCalendar(settings, holidaySource("MX", null));
    expect(calendar.isWorkingDate("2026-03-16")).toBe(true); // Benito Juárez, worked
    expect(calendar.isWorkingDate("2026-02-02")).toBe(false); // Constitución
    expect(calendar.isWorkingDate("2026-12-14")).toBe(true);
    const withoutExcept = createCalendar(
      { ...settings, holidays: { ...settings.holidays, except: [] } },
      holidaySource("MX", null),
    );
    expect(withoutExcept.isWorkingDate("2026-03-16")).toBe(false);
  });

  it("a date that is not one of the calendar's holidays is refused, naming the calendar", () => {
    const text = UNITED_STATES.replace('"2026-10-12"', '"2026-10-13"');
    expect(issuesOf(text)).toEqual([
      expect.objectContaining({
        path: "calendar.holidays.except[1]",
        line: lineOf(text, "except:"),
        message:
          "2026-10-13 is not a holiday in US-NY: except only lists the calendar's holidays that your company works",
      }),
    ]);
  });

  it("a date both off (extra) and worked (except) is refused", () => {
    const text = UNITED_STATES.replace(
      'extra: ["2026-11-27", "2026-12-24"]',
      'extra: ["2026-11-27", "2026-12-24", "2026-10-12"]',
    );
    expect(issuesOf(text).map((i) => [i.path, i.message])).toEqual([
      ["calendar.holidays.except[1]", "2026-10-12 is in both extra and except"],
    ]);
  });

  it("except without a country is refused", () => {
    const text = UNITED_STATES.replace("    country: US\n    region: NY\n", "");
    expect(issuesOf(text).map((i) => [i.path, i.message])).toEqual([
      [
        "calendar.holidays.except",
        "except needs a country: it only removes holidays from a country's calendar",
      ],
    ]);
  });

  it("a bad date in except is named like one in extra", () => {
    const text = UNITED_STATES.replace('"2026-11-11"', '"2026-11-31"');
    expect(issuesOf(text).map((i) => [i.path, i.code])).toEqual([
      ["calendar.holidays.except[3]", "badDate"],
    ]);
  });

  it("is optional: a file without it loads with an empty list", () => {
    expect(loaded(ARGENTINA).org.calendar.holidays.except).toEqual([]);
  });
});

describe("countries and regions", () => {
  it.each([
    ["UK", 'país sin calendario de festivos conocido "UK" (¿quería decir "GB", Reino Unido?)'],
    ["EN", 'país sin calendario de festivos conocido "EN"'],
  ])("the unknown country %s", (country, message) => {
    const text = MEXICO.replace("    country: MX", `    country: ${country}`);
    expect(issuesOf(text)).toEqual([
      expect.objectContaining({ path: "calendar.holidays.country", message }),
    ]);
  });

  it.each([
    [
      "USA",
      'país no válido "USA": se escribe con su código de dos letras ("US" para Estados Unidos)',
    ],
    ["MEX", 'país no válido "MEX": se escribe con su código de dos letras ("MX" para México)'],
    [
      "México",
      'país no válido "México": se escribe con su código de dos letras ("MX" para México)',
    ],
    [
      "Argentina",
      'país no válido "Argentina": se escribe con su código de dos letras ("AR" para Argentina)',
    ],
    [
      "Narnia",
      'país no válido "Narnia": se escribe con su código de dos letras (p. ej. ES, MX, AR, US)',
    ],
  ])("the country written as %s", (country, message) => {
    const text = MEXICO.replace("    country: MX", `    country: ${country}`);
    expect(issuesOf(text)[0]?.message).toBe(message);
  });

  it("UK in an English file", () => {
    const text = UNITED_STATES.replace("    country: US\n    region: NY\n", "    country: UK\n");
    expect(issuesOf(text)[0]?.message).toBe(
      'no known holiday calendar for country "UK" (did you mean "GB", United Kingdom?)',
    );
  });

  it.each([
    ["MX", MEXICO.replace("    country: MX", "    country: MX\n    region: JAL"), "México (MX)"],
    [
      "AR",
      ARGENTINA.replace("holidays: { country: AR,", "holidays: { country: AR, region: BA,"),
      "Argentina (AR)",
    ],
  ])("a region for %s, which has none, says so", (_, text, name) => {
    expect(issuesOf(text)).toEqual([
      expect.objectContaining({
        path: "calendar.holidays.region",
        message: `${name} no tiene festivos por región en el calendario: quite region`,
      }),
    ]);
  });

  it("an unknown region lists the valid ones, and suggests the one a name meant", () => {
    const text = UNITED_STATES.replace("region: NY", "region: New York");
    const message = issuesOf(text)[0]?.message ?? "";
    expect(message).toMatch(
      /^unknown region "New York" for country US \(did you mean "NY", New York\?\); valid regions: AL, AK, AZ, .*, NY, .*WY$/,
    );
    const madrid = issuesOf(
      MEXICO.replace("    country: MX", "    country: ES\n    region: Madrid").replace(
        '      - "2026-12-12"',
        '      - "2026-12-11"',
      ),
    )[0]?.message;
    expect(madrid).toBe(
      'región desconocida "Madrid" para el país ES (¿quería decir "MD", Comunidad de Madrid?); regiones válidas: AN, AR, AS, CB, CE, CL, CM, CN, CT, EX, GA, IB, MC, MD, ML, NC, PV, RI, VC',
    );
  });
});
