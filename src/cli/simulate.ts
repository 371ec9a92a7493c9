/** `bomba simulate`: a bomb's whole life on an org file, printed as a story or as JSON lines. */
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DateTime } from "luxon";
import { type SimulationStep, simulate } from "../app/simulate.ts";
import type { Org } from "../core/org.ts";
import { catalog } from "../i18n/catalog.ts";
import { loadOrgOrReport, parseInstant, parseOptions } from "./args.ts";
import { describeEvent, whenWidth } from "./describe.ts";
import type { CliIo } from "./io.ts";
import { nameOf } from "./people.ts";

/** The example org shipped with the package: what a newcomer simulates on. */
export const exampleOrgPath = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "../../org.example.yaml",
);

/** Runs `bomba simulate [--org FILE] [--department ID] [--start ISO] [--json]`. */
export function runSimulate(args: string[], io: CliIo, now: number = Date.now()): number {
  const parsed = parseOptions(
    args,
    {
      org: { type: "string" },
      department: { type: "string" },
      start: { type: "string" },
      json: { type: "boolean" },
    },
    io,
  );
  if (parsed === null) return 2;
  const { values } = parsed;
  const orgPath = values.org ?? process.env.BOMBA_ORG ?? exampleOrgPath;
  const org = loadOrgOrReport(orgPath, io);
  if (org === null) return 1;
  const departmentId = values.department ?? [...org.departments.keys()][0];
  if (departmentId === undefined || !org.departments.has(departmentId)) {
    const known = [...org.departments.keys()].join(", ");
    io.err(
      catalog(org.locale).reasons.unknown_department({ department: values.department ?? "" }) +
        ` (${known})`,
    );
    return 2;
  }
  const start =
    values.start === undefined
      ? Math.floor(now / 1000) * 1000
      : parseInstant(values.start, org.calendar.timezone);
  if (start === null) {
    io.err(`--start: not an ISO date-time: ${values.start}`);
    return 2;
  }
  const steps = simulate(org, { departmentId, start });
  if (values.json) {
    for (const step of steps) io.out(JSON.stringify(jsonLine(org, step)));
  } else {
    printStory(org, departmentId, steps, io);
  }
  return 0;
}

function jsonLine(org: Org, step: SimulationStep) {
  return {
    at: DateTime.fromMillis(step.at, { zone: org.calendar.timezone }).toISO({
      suppressMilliseconds: true,
    }),
    event: step.event,
    holder: step.holder,
    to: step.to,
  };
}

function printStory(org: Org, departmentId: string, steps: SimulationStep[], io: CliIo): void {
  const words = catalog(org.locale);
  const department = org.departments.get(departmentId);
  io.out(
    words.words.simulationTitle({
      company: org.company,
      department: department?.name ?? departmentId,
      zone: org.calendar.timezone,
    }),
  );
  io.out("");
  let messages = 0;
  for (const step of steps) {
    io.out(describeEvent(org, { at: step.at, kind: step.event, data: step.data }));
    const told = step.to.map((p) => nameOf(org, p)).join(", ") || words.words.nobody;
    io.out(`${" ".repeat(whenWidth)}  ${words.words.told}: ${told}`);
    messages += step.to.length;
  }
  io.out("");
  io.out(words.words.simulationEnd({ events: steps.length, messages }));
}
