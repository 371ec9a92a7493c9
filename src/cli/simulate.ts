/** `bomba simulate`: a bomb's whole life on an org file, printed as a story or as JSON lines. */
import { DateTime } from "luxon";
import { type SimulationStep, simulate } from "../app/simulate.ts";
import type { Org } from "../core/org.ts";
import { catalog } from "../i18n/catalog.ts";
import { packagePath } from "../package-root.ts";
import { openSqliteStore } from "../store/sqlite/store.ts";
import { instantOption, loadOrgOrReport } from "./args.ts";
import { optionFlag, optionText } from "./command-line.ts";
import { eventSentence, formatWhen } from "./describe.ts";
import type { CliIo } from "./io.ts";
import { nameOf } from "./people.ts";
import { readArguments } from "./usage.ts";

/** The example org shipped with the package: what a newcomer simulates on. */
export const exampleOrgPath = packagePath("org.example.yaml");

/** Runs `bomba simulate [--org FILE] [--department ID] [--start ISO] [--json]` as of `now`. */
export async function runSimulate(
  args: string[],
  io: CliIo,
  now: number = Date.now(),
): Promise<number> {
  const parsed = readArguments("simulate", args, io);
  if (typeof parsed === "number") return parsed;
  const department = optionText(parsed, "department");
  const startText = optionText(parsed, "start");
  const orgPath = optionText(parsed, "org") ?? (process.env.BOMBA_ORG || exampleOrgPath);
  const org = loadOrgOrReport(orgPath, io);
  if (org === null) return 1;
  const departmentId = department ?? [...org.departments.keys()][0];
  if (departmentId === undefined || !org.departments.has(departmentId)) {
    const known = [...org.departments.keys()].join(", ");
    io.err(
      `${catalog(org.locale).reasons.unknown_department({ department: department ?? "" })} (${known})`,
    );
    return 2;
  }
  const start =
    startText === undefined
      ? Math.floor(now / 1000) * 1000
      : instantOption("--start", startText, org, io);
  if (start === null) return 2;
  // The story plays on a store in memory: nothing of it is kept.
  const store = openSqliteStore(":memory:");
  let steps: SimulationStep[];
  try {
    steps = await simulate(store, org, { departmentId, start });
  } finally {
    await store.close();
  }
  if (optionFlag(parsed, "json")) {
    for (const step of steps) io.out(JSON.stringify(jsonLine(org, step)));
  } else {
    printStory(org, departmentId, steps, io, now);
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

function printStory(
  org: Org,
  departmentId: string,
  steps: SimulationStep[],
  io: CliIo,
  now: number,
): void {
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
  // One column for the times, as wide as the widest: a date in another year is longer.
  const whens = steps.map((step) => formatWhen(org, step.at, now));
  const width = Math.max(0, ...whens.map((when) => when.length));
  let messages = 0;
  for (const [index, step] of steps.entries()) {
    const sentence = eventSentence(org, { kind: step.event, data: step.data }, now);
    io.out(`${(whens[index] ?? "").padEnd(width)}   ${sentence}`);
    const told = step.to.map((p) => nameOf(org, p)).join(", ") || words.words.nobody;
    io.out(`${" ".repeat(width)}   ${words.words.told}: ${told}`);
    messages += step.to.length;
  }
  io.out("");
  io.out(words.words.simulationEnd({ events: steps.length, messages }));
}
