import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { recordingIo } from "../../src/cli/io.ts";
import { exampleOrgPath, runSimulate } from "../../src/cli/simulate.ts";
import { tempDir } from "../fixtures/bomb-db.ts";

/** The day the stories are told: a Monday of 2026. */
const NOW = Date.parse("2026-11-30T12:00:00Z");

/** The lines of a story that are events (not the title, the "told" lines or the end). */
function eventLines(stdout: string[]): string[] {
  return stdout.slice(2, -2).filter((line) => line !== "" && !line.startsWith(" "));
}

interface Line {
  at: string;
  event: string;
  holder: string;
  to: string[];
}

async function simulateJson(...args: string[]): Promise<Line[]> {
  const io = recordingIo();
  expect(await runSimulate(["--json", ...args], io)).toBe(0);
  expect(io.stderr).toEqual([]);
  return io.stdout.map((l) => JSON.parse(l) as Line);
}

describe("bomba simulate", async () => {
  it("plays the whole story on the example org, skipping the weekend and Madrid's December holidays", async () => {
    const lines = await simulateJson("--start", "2026-12-03T10:00:00+01:00");
    expect(lines.map((l) => [l.at, l.event, l.holder])).toEqual([
      ["2026-12-03T10:00:00+01:00", "opened", "nacho@example.com"],
      // Fri 4, then Sat–Sun, Mon 7 and Tue 8 (holidays), Wed 9, Thu 10.
      ["2026-12-10T10:00:00+01:00", "escalated", "luis@example.com"],
      ["2026-12-15T10:00:00+01:00", "escalated", "olga@example.com"],
      ["2026-12-18T10:00:00+01:00", "escalated", "carlos@example.com"],
      ["2026-12-18T11:00:00+01:00", "accepted", "carlos@example.com"],
      // Due 28 Dec; 3 days before is the 25th (holiday), 24th is an extra holiday: the 23rd.
      ["2026-12-23T09:00:00+01:00", "reminded", "carlos@example.com"],
      ["2026-12-23T12:00:00+01:00", "resolved", "carlos@example.com"],
      ["2026-12-23T14:00:00+01:00", "closed", "carlos@example.com"],
    ]);
    expect(lines[1]?.to).toEqual(["luis@example.com", "nacho@example.com", "ana@example.com"]);
    expect(lines.at(-1)?.to).toEqual(
      expect.arrayContaining([
        "nacho@example.com",
        "luis@example.com",
        "olga@example.com",
        "carlos@example.com",
      ]),
    );
  });

  it("keeps the local time across the October clock change", async () => {
    const lines = await simulateJson("--start", "2026-10-21T10:30:00+02:00");
    expect(lines[1]?.at).toBe("2026-10-26T10:30:00+01:00");
  });

  it("prints a readable story in the org's language", async () => {
    const io = recordingIo();
    expect(await runSimulate(["--start", "2026-12-03T10:00:00+01:00"], io, NOW)).toBe(0);
    expect(io.stdout[0]).toContain("Transportes Ejemplo S.L.");
    expect(io.stdout).toContain(
      "jue, 3 dic, 10:00    💣 abierta → Nacho Pérez (Jefe de tráfico nacional)",
    );
    expect(io.stdout.some((l) => l.includes("avisados: Luis Gil, Nacho Pérez"))).toBe(true);
    expect(io.stdout.at(-1)).toBe("Fin: 8 pasos, 24 mensajes.");
  });

  it("shows the year on every date of a story that happens in another year", async () => {
    const io = recordingIo();
    expect(await runSimulate(["--start", "2027-12-02T10:00:00+01:00"], io, NOW)).toBe(0);
    const events = eventLines(io.stdout);
    expect(events).toHaveLength(8);
    for (const line of events) expect(line).toMatch(/^\S+, \d{1,2} dic 2027, \d\d:\d\d {2,}\S/);
    // Dates inside the sentences too: the committed date, the visit.
    expect(events.find((l) => l.includes("aceptada"))).toMatch(/solución el \S+, \d{1,2} dic 2027/);
  });

  it("shows the year from January on when a story crosses into the next year, and never on this year's dates", async () => {
    const io = recordingIo();
    expect(await runSimulate(["--start", "2026-12-21T10:00:00+01:00"], io, NOW)).toBe(0);
    const events = eventLines(io.stdout);
    const december = events.filter((l) => / dic,/.test(l.slice(0, 20)));
    const january = events.filter((l) => / ene 2027,/.test(l.slice(0, 20)));
    expect(december.length).toBeGreaterThan(0);
    expect(january.length).toBeGreaterThan(0);
    expect(december.length + january.length).toBe(events.length);
    for (const line of events) expect(line).not.toContain("2026");
  });

  it("writes dates one way per locale: the times and the dates inside sentences alike", async () => {
    const dir = tempDir("bomba-simulate-en-");
    try {
      const file = join(dir.path, "org.yaml");
      writeFileSync(
        file,
        readFileSync(exampleOrgPath, "utf8").replace(/^locale: es$/m, "locale: en"),
      );
      const io = recordingIo();
      expect(
        await runSimulate(["--org", file, "--start", "2026-12-03T10:00:00+01:00"], io, NOW),
      ).toBe(0);
      const events = eventLines(io.stdout);
      expect(events[0]).toMatch(/^Thu, Dec 3, 10:00 {2,}💣 opened → /);
      expect(events.find((l) => l.includes("accepted"))).toMatch(/solution by Mon, Dec 28$/);
      // Never the day before the month ("Thu 3 Dec"), as the times used to be written.
      for (const line of io.stdout) expect(line).not.toMatch(/\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d/);
      expect(io.stdout.at(-1)).toBe("End: 8 steps, 24 messages.");
    } finally {
      dir.remove();
    }
  });

  it("tells the story from the latest start allowed, and refuses one past the year 9899", async () => {
    const edge = recordingIo();
    expect(await runSimulate(["--start", "9899-12-31T10:00:00+01:00"], edge, NOW)).toBe(0);
    expect(edge.stderr).toEqual([]);
    expect(edge.stdout.at(-1)).toBe("Fin: 8 pasos, 24 mensajes.");
    for (const start of ["9999-12-31T10:00", "+270000-01-01T10:00"]) {
      const past = recordingIo();
      expect(await runSimulate(["--start", start], past, NOW)).toBe(2);
      expect(past.stderr).toEqual([
        `--start: «${start}» queda fuera del calendario (años 0100 a 9899)`,
      ]);
    }
  });

  it("refuses a bad start, an unknown department and a bad org file with one clear line", async () => {
    const bad = recordingIo();
    expect(await runSimulate(["--start", "mañana"], bad)).toBe(2);
    expect(bad.stderr.join("\n")).toContain("--start");
    const dept = recordingIo();
    expect(await runSimulate(["--department", "nope"], dept)).toBe(2);
    expect(dept.stderr.join("\n")).toContain("nope");
    const missing = recordingIo();
    expect(await runSimulate(["--org", "/nonexistent/org.yaml"], missing)).toBe(1);
    expect(missing.stderr.length).toBeGreaterThan(0);
  });

  it("simulates another department of the example org", async () => {
    const lines = await simulateJson(
      "--department",
      "comercial",
      "--start",
      "2026-12-03T10:00:00+01:00",
    );
    expect(lines[0]?.event).toBe("opened");
    expect(lines.map((l) => l.event)).toContain("closed");
    expect(exampleOrgPath.endsWith("org.example.yaml")).toBe(true);
  });
});
