import { describe, expect, it } from "vitest";
import { recordingIo } from "../../src/cli/io.ts";
import { exampleOrgPath, runSimulate } from "../../src/cli/simulate.ts";

interface Line {
  at: string;
  event: string;
  holder: string;
  to: string[];
}

function simulateJson(...args: string[]): Line[] {
  const io = recordingIo();
  expect(runSimulate(["--json", ...args], io)).toBe(0);
  expect(io.stderr).toEqual([]);
  return io.stdout.map((l) => JSON.parse(l) as Line);
}

describe("bomba simulate", () => {
  it("plays the whole story on the example org, skipping the weekend and Madrid's December holidays", () => {
    const lines = simulateJson("--start", "2026-12-03T10:00:00+01:00");
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

  it("keeps the local time across the October clock change", () => {
    const lines = simulateJson("--start", "2026-10-21T10:30:00+02:00");
    expect(lines[1]?.at).toBe("2026-10-26T10:30:00+01:00");
  });

  it("prints a readable story in the org's language", () => {
    const io = recordingIo();
    expect(runSimulate(["--start", "2026-12-03T10:00:00+01:00"], io)).toBe(0);
    expect(io.stdout[0]).toContain("Transportes Ejemplo S.L.");
    expect(io.stdout).toContain(
      "jue 3 dic 10:00    💣 abierta → Nacho Pérez (Jefe de tráfico nacional)",
    );
    expect(io.stdout.some((l) => l.includes("avisados: Luis Gil, Nacho Pérez"))).toBe(true);
  });

  it("refuses a bad start, an unknown department and a bad org file with one clear line", () => {
    const bad = recordingIo();
    expect(runSimulate(["--start", "mañana"], bad)).toBe(2);
    expect(bad.stderr.join("\n")).toContain("--start");
    const dept = recordingIo();
    expect(runSimulate(["--department", "nope"], dept)).toBe(2);
    expect(dept.stderr.join("\n")).toContain("nope");
    const missing = recordingIo();
    expect(runSimulate(["--org", "/nonexistent/org.yaml"], missing)).toBe(1);
    expect(missing.stderr.length).toBeGreaterThan(0);
  });

  it("simulates another department of the example org", () => {
    const lines = simulateJson("--department", "comercial", "--start", "2026-12-03T10:00:00+01:00");
    expect(lines[0]?.event).toBe("opened");
    expect(lines.map((l) => l.event)).toContain("closed");
    expect(exampleOrgPath.endsWith("org.example.yaml")).toBe(true);
  });
});
