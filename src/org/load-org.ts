/**
 * Reads `org.yaml` into the core's `Org`. Every problem becomes an `OrgIssue` with the path and
 * line of the offending node; all of them are reported at once, so one run fixes a whole file.
 */
import { readFileSync } from "node:fs";
import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type YAMLError,
} from "yaml";
import type * as z from "zod";
import type { Department, Locale, Org, Person, PersonId } from "../core/org.ts";
import { type OrgMessageCode, type OrgMessageParams, orgMessage } from "./org-messages.ts";
import { ORG_FILE_KEYS, type OrgFile, orgFileSchema } from "./org-schema.ts";

/** One problem of an org file; `message` is already in the file's locale (or Spanish). */
export interface OrgIssue {
  /** Where in the file, e.g. `people[3].reportsTo`; empty for the file as a whole. */
  path: string;
  /** 1-based line of the offending node (or its nearest existing parent); null when no line applies. */
  line: number | null;
  message: string;
  /** The message's catalog code and parameters, to render it in another locale. */
  code: OrgMessageCode;
  params: OrgMessageParams;
}

/** A loaded org, or every issue found; `locale` is the language the issues should be shown in. */
export type LoadOrgResult =
  | { ok: true; org: Org }
  | { ok: false; issues: OrgIssue[]; locale: Locale };

type PathSegment = string | number;

interface Finding {
  path: PathSegment[];
  code: OrgMessageCode;
  params?: OrgMessageParams;
}

/** Validates the text of an org file and resolves it into an `Org`. */
export function parseOrg(text: string): LoadOrgResult {
  const lineCounter = new LineCounter();
  // logLevel "error": the library's own warnings (a map used as a key…) would go straight to the
  // process's stderr; every problem reaches the user as an issue with its line instead.
  const doc = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    logLevel: "error",
  });
  const raw = toPlainData(doc);
  const locale = doc.errors.length > 0 ? localeOfText(text) : localeOf(raw);

  if (doc.errors.length > 0) {
    // One bad indent can make the parser complain about every token after it: the first few
    // errors point at the fault, the rest are counted.
    const shown = doc.errors.slice(0, maxSyntaxIssues);
    const issues = sortIssues(shown.map((error) => yamlIssue(error, text, lineCounter, locale)));
    const more = doc.errors.length - shown.length;
    if (more > 0)
      issues.push(
        issueWithoutLine({ path: [], code: "yamlMoreErrors", params: { count: more } }, locale),
      );
    return { ok: false, issues, locale };
  }

  const findings: Finding[] = [];
  const parsed = orgFileSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) findings.push(...fromZodIssue(issue, raw));
  }
  const graph = checkGraph(raw);
  findings.push(...graph.findings);

  if (parsed.success && findings.length === 0) {
    return { ok: true, org: toOrg(parsed.data) };
  }
  const issues = findings.map((f) => toIssue(f, doc, lineCounter, locale));
  return { ok: false, issues: sortIssues(issues), locale };
}

/** Reads and validates an org file; a missing or unreadable file is an issue, never a throw. */
export function loadOrgFile(path: string): LoadOrgResult {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const finding: Finding =
      code === "ENOENT"
        ? { path: [], code: "fileMissing" }
        : { path: [], code: "fileUnreadable", params: { reason: code ?? String(error) } };
    return { ok: false, issues: [issueWithoutLine(finding, "es")], locale: "es" };
  }
  return parseOrg(text);
}

/** One issue as a line for the terminal: `org.yaml:12  people[3].reportsTo: persona desconocida "…"`. */
export function formatOrgIssue(file: string, issue: OrgIssue, locale: Locale): string {
  const where = issue.line === null ? file : `${file}:${issue.line}`;
  const path = issue.path === "" ? "" : `${issue.path}: `;
  return `${where}  ${path}${orgMessage(locale, issue.code, issue.params)}`;
}

/** Renders a path as written in messages: `people[3].reportsTo`. */
export function formatOrgPath(path: readonly PathSegment[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? segment : `.${segment}`;
  }
  return out;
}

function toPlainData(doc: Document): unknown {
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch {
    // Broken documents or alias bombs: the YAML errors (or zod on null) will say why.
    return null;
  }
}

const maxSyntaxIssues = 5;

/** The `locale:` line of a file that does not parse, read as plain text. */
function localeOfText(text: string): Locale {
  const match = /^locale:\s*["']?(es|en)["']?\s*(#.*)?$/m.exec(text);
  return match?.[1] === "en" ? "en" : "es";
}

function localeOf(raw: unknown): Locale {
  const locale = get(raw, "locale");
  return locale === "es" || locale === "en" ? locale : "es";
}

const YAML_CODES: Partial<Record<YAMLError["code"], OrgMessageCode>> = {
  DUPLICATE_KEY: "yamlDuplicateKey",
  TAB_AS_INDENT: "yamlTabIndent",
  BAD_INDENT: "yamlBadIndent",
  MISSING_CHAR: "yamlMissingChar",
  MULTIPLE_DOCS: "yamlMultipleDocs",
};

function yamlIssue(error: YAMLError, text: string, lc: LineCounter, locale: Locale): OrgIssue {
  const code = YAML_CODES[error.code] ?? "yamlSyntax";
  const params: OrgMessageParams =
    code === "yamlDuplicateKey"
      ? { key: keyAt(text, error.pos[0]) }
      : { detail: error.message.split("\n")[0] ?? error.code };
  const line = lc.linePos(error.pos[0]).line;
  return { path: "", line, code, params, message: orgMessage(locale, code, params) };
}

/** The key written at an offset; yaml's DUPLICATE_KEY position covers only its first character. */
function keyAt(text: string, offset: number): string {
  const written = /^[^:\n]*/.exec(text.slice(offset))?.[0] ?? "";
  return written.trim().replace(/^(["'])(.*)\1$/, "$2");
}

function fromZodIssue(issue: z.core.$ZodIssue, raw: unknown): Finding[] {
  const path = issue.path.filter((s): s is PathSegment => typeof s !== "symbol");
  const value = getAt(raw, path);
  switch (issue.code) {
    case "custom": {
      const { orgCode, ...params } = (issue.params ?? {}) as Record<string, string | number>;
      return [{ path, code: (orgCode as OrgMessageCode | undefined) ?? "invalidValue", params }];
    }
    case "unrecognized_keys":
      return issue.keys.map((key) => {
        const suggestion = closestKey(key);
        const params = suggestion === undefined ? { key } : { key, suggestion };
        return { path: [...path, key], code: "unknownKey", params };
      });
    case "invalid_type":
      if (path.length === 0) return [{ path, code: "yamlNotMap" }];
      if (value === undefined || value === null) return [{ path, code: "required" }];
      return [{ path, code: "wrongType", params: { expected: issue.expected } }];
    case "invalid_value":
      return [{ path, code: "notOneOf", params: { values: issue.values.map(String).join(", ") } }];
    case "too_small":
      if (issue.origin === "array") return [{ path, code: "emptyList" }];
      if (issue.origin === "string") return [{ path, code: "emptyText" }];
      return [{ path, code: issue.inclusive ? "negative" : "notPositive" }];
    case "too_big":
      return [{ path, code: "tooBig", params: { maximum: String(issue.maximum) } }];
    case "invalid_format":
      if (issue.format === "email")
        return [{ path, code: "badEmail", params: { value: String(value) } }];
      return [{ path, code: "invalidValue", params: { detail: issue.format } }];
    default:
      return [{ path, code: "invalidValue", params: { detail: issue.message } }];
  }
}

/** The known key a typo most likely meant, if one is close enough. */
function closestKey(key: string): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.min(2, Math.floor(key.length / 3));
  for (const known of ORG_FILE_KEYS) {
    const distance = editDistance(key.toLowerCase(), known.toLowerCase());
    if (distance <= bestDistance) {
      best = known;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

// ---------------------------------------------------------------------------------------------
// Graph checks. They read the raw data leniently, so they run even when zod found other issues;
// a value zod already rejected (not a string, not a list) is skipped rather than reported twice.

/** A reference as written (e-mail in any case, or Slack id) turned into a lookup key. */
function personKey(ref: string): string {
  const trimmed = ref.trim();
  return trimmed.includes("@") ? trimmed.toLowerCase() : trimmed.toUpperCase();
}

interface GraphPerson {
  index: number;
  label: string;
  /** null: no reportsTo; "broken": a reportsTo that does not resolve (reported elsewhere). */
  parent: number | null | "broken";
}

function checkGraph(raw: unknown): { findings: Finding[] } {
  const findings: Finding[] = [];
  const rawPeople = get(raw, "people");
  if (!Array.isArray(rawPeople) || rawPeople.length === 0) return { findings };

  const byKey = new Map<string, number>();
  const firstEmail = new Map<string, number>();
  const firstSlack = new Map<string, number>();
  rawPeople.forEach((person, i) => {
    const email = get(person, "email");
    const slack = get(person, "slack");
    if (typeof email === "string" && email.trim() !== "") {
      const key = personKey(email);
      const other = firstEmail.get(key);
      if (other === undefined) firstEmail.set(key, i);
      else {
        const params = { value: email, other: formatOrgPath(["people", other]) };
        findings.push({ path: ["people", i, "email"], code: "duplicateEmail", params });
      }
      if (!byKey.has(key)) byKey.set(key, i);
    }
    if (typeof slack === "string" && slack.trim() !== "") {
      const key = personKey(slack);
      const other = firstSlack.get(key);
      if (other === undefined) firstSlack.set(key, i);
      else {
        const params = { value: slack, other: formatOrgPath(["people", other]) };
        findings.push({ path: ["people", i, "slack"], code: "duplicateSlack", params });
      }
      if (!byKey.has(key)) byKey.set(key, i);
    }
  });

  /** Resolves a reference, reporting it at `path` when nobody answers to it. */
  const resolve = (ref: unknown, path: PathSegment[]): number | "broken" => {
    if (typeof ref !== "string" || ref.trim() === "") return "broken";
    const index = byKey.get(personKey(ref));
    if (index !== undefined) return index;
    findings.push({ path, code: "unknownPerson", params: { ref } });
    return "broken";
  };

  const people: GraphPerson[] = rawPeople.map((person, i) => {
    const reportsTo = get(person, "reportsTo");
    // A person zod rejected outright (not a map) takes no part in the chart.
    const isEntry = typeof person === "object" && person !== null && !Array.isArray(person);
    const parent = !isEntry
      ? "broken"
      : reportsTo === undefined || reportsTo === null
        ? null
        : resolve(reportsTo, ["people", i, "reportsTo"]);
    return { index: i, label: labelOf(person, i), parent };
  });

  const ceoRef = get(raw, "ceo");
  const ceo = ceoRef === undefined ? "broken" : resolve(ceoRef, ["ceo"]);
  const managers = get(raw, "loyaltyManagers");
  if (Array.isArray(managers)) {
    managers.forEach((ref, k) => {
      resolve(ref, ["loyaltyManagers", k]);
    });
  }
  checkDepartments(get(raw, "departments"), resolve, findings);

  const inCycle = findCycles(people, findings);
  checkRoots(people, ceo, findings);
  if (ceo !== "broken") checkReachesCeo(people, ceo, inCycle, findings);
  return { findings };
}

function checkDepartments(
  departments: unknown,
  resolve: (ref: unknown, path: PathSegment[]) => number | "broken",
  findings: Finding[],
): void {
  if (!Array.isArray(departments)) return;
  const firstId = new Map<string, number>();
  departments.forEach((department, i) => {
    const id = get(department, "id");
    if (typeof id === "string") {
      const other = firstId.get(id);
      if (other === undefined) firstId.set(id, i);
      else {
        const params = { value: id, other: formatOrgPath(["departments", other]) };
        findings.push({ path: ["departments", i, "id"], code: "duplicateDepartment", params });
      }
    }
    for (const role of ["director", "link"] as const) {
      const ref = get(department, role);
      if (ref !== undefined) resolve(ref, ["departments", i, role]);
    }
  });
}

/** Reports each reportsTo cycle once, at its first member in file order; returns their members. */
function findCycles(people: readonly GraphPerson[], findings: Finding[]): Set<number> {
  const inCycle = new Set<number>();
  const state = new Array<"new" | "walking" | "done">(people.length).fill("new");
  for (const start of people) {
    const walk: number[] = [];
    let current: number | null | "broken" = start.index;
    while (typeof current === "number" && state[current] === "new") {
      state[current] = "walking";
      walk.push(current);
      current = people[current]?.parent ?? null;
    }
    if (typeof current === "number" && state[current] === "walking") {
      const members = walk.slice(walk.indexOf(current));
      for (const m of members) inCycle.add(m);
      const first = Math.min(...members);
      const from = members.indexOf(first);
      const ordered = [...members.slice(from), ...members.slice(0, from), first];
      const names = ordered.map((m) => people[m]?.label ?? String(m)).join(" → ");
      findings.push({
        path: ["people", first, "reportsTo"],
        code: "cycle",
        params: { people: names },
      });
    }
    for (const m of walk) state[m] = "done";
  }
  return inCycle;
}

function checkRoots(people: readonly GraphPerson[], ceo: number | "broken", findings: Finding[]) {
  const roots = people.filter((p) => p.parent === null);
  const ceoPerson = typeof ceo === "number" ? people[ceo] : undefined;
  if (ceoPerson !== undefined && ceoPerson.parent !== null) {
    const params = { ceo: ceoPerson.label };
    findings.push({
      path: ["people", ceoPerson.index, "reportsTo"],
      code: "ceoHasSuperior",
      params,
    });
  }
  if (roots.length > 1) {
    const names = roots.map((p) => p.label).join(", ");
    for (const root of roots) {
      if (root.index === ceo) continue;
      findings.push({
        path: ["people", root.index],
        code: "multipleRoots",
        params: { people: names },
      });
    }
  } else if (roots.length === 1 && ceoPerson !== undefined && roots[0]?.index !== ceo) {
    const root = roots[0] as GraphPerson;
    const params = { person: root.label, ceo: ceoPerson.label };
    findings.push({ path: ["people", root.index], code: "rootNotCeo", params });
  }
}

/**
 * Everyone else must reach the CEO by following reportsTo. A person whose own line is already
 * wrong (root, cycle, unknown superior) is reported there; this names the people cut off by it.
 */
function checkReachesCeo(
  people: readonly GraphPerson[],
  ceo: number,
  inCycle: ReadonlySet<number>,
  findings: Finding[],
): void {
  for (const person of people) {
    if (person.index === ceo || inCycle.has(person.index)) continue;
    if (typeof person.parent !== "number") continue;
    let current = person.parent;
    let stop: number | null = null;
    for (let steps = 0; steps <= people.length; steps++) {
      if (current === ceo) break;
      const next = people[current]?.parent ?? null;
      if (inCycle.has(current) || typeof next !== "number") {
        stop = current;
        break;
      }
      current = next;
    }
    if (stop !== null) {
      const params = { person: person.label, stop: people[stop]?.label ?? String(stop) };
      findings.push({ path: ["people", person.index, "reportsTo"], code: "noPathToCeo", params });
    }
  }
}

function labelOf(person: unknown, index: number): string {
  for (const key of ["name", "email", "slack"]) {
    const value = get(person, key);
    if (typeof value === "string" && value.trim() !== "") return value.trim();
  }
  return formatOrgPath(["people", index]);
}

// ---------------------------------------------------------------------------------------------
// Mapping a valid file to the core's Org.

function toOrg(file: OrgFile): Org {
  const people = new Map<PersonId, Person>();
  for (const p of file.people) {
    const email = p.email === undefined ? null : p.email.trim().toLowerCase();
    const slackId = p.slack ?? null;
    const id = email ?? (slackId as string);
    const reportsTo =
      p.reportsTo === undefined || p.reportsTo === null ? null : personKey(p.reportsTo);
    people.set(id, { id, email, slackId, name: p.name, title: p.title, reportsTo });
  }
  const departments = new Map<string, Department>();
  for (const d of file.departments) {
    const department = {
      id: d.id,
      name: d.name,
      director: personKey(d.director),
      link: personKey(d.link),
    };
    departments.set(d.id, department);
  }
  const { holidays } = file.calendar;
  return {
    company: file.company,
    locale: file.locale,
    calendar: {
      timezone: file.timezone,
      workdays: file.calendar.workdays,
      dayStarts: file.calendar.dayStarts,
      dayEnds: file.calendar.dayEnds,
      holidays: {
        country: holidays.country?.toUpperCase() ?? null,
        region: holidays.region?.toUpperCase() ?? null,
        extra: holidays.extra,
      },
    },
    policy: file.policy,
    loyaltyManagers: file.loyaltyManagers.map(personKey),
    ceo: personKey(file.ceo),
    digest: file.digest ?? null,
    report: file.report ?? null,
    people,
    departments,
  };
}

// ---------------------------------------------------------------------------------------------
// Paths, nodes and lines.

function get(value: unknown, key: string): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  return Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

function getAt(value: unknown, path: readonly PathSegment[]): unknown {
  let current = value;
  for (const segment of path) {
    if (typeof segment === "number")
      current = Array.isArray(current) ? current[segment] : undefined;
    else current = get(current, segment);
  }
  return current;
}

/**
 * The 1-based line of the node at `path`, or of its nearest existing parent. A map entry is
 * located by its key, so `calendar:` points at the key's line, not at the block below it.
 */
function lineOfPath(doc: Document, lc: LineCounter, path: readonly PathSegment[]): number {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node) && typeof segment === "string") {
      const pair = node.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === segment,
      );
      if (pair === undefined) break;
      offset = rangeStart(pair.key) ?? rangeStart(pair.value) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number") {
      const item: unknown = node.items[segment];
      if (item === undefined) break;
      offset = rangeStart(item) ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return lc.linePos(offset).line;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return range?.[0];
}

function toIssue(finding: Finding, doc: Document, lc: LineCounter, locale: Locale): OrgIssue {
  const params = finding.params ?? {};
  return {
    path: formatOrgPath(finding.path),
    line: lineOfPath(doc, lc, finding.path),
    code: finding.code,
    params,
    message: orgMessage(locale, finding.code, params),
  };
}

function issueWithoutLine(finding: Finding, locale: Locale): OrgIssue {
  const params = finding.params ?? {};
  const message = orgMessage(locale, finding.code, params);
  return { path: formatOrgPath(finding.path), line: null, code: finding.code, params, message };
}

/** By line, file-level issues (no line) first; issues on one line keep the order found. */
function sortIssues(issues: OrgIssue[]): OrgIssue[] {
  return issues
    .map((issue, order) => ({ issue, order }))
    .sort((a, b) => (a.issue.line ?? 0) - (b.issue.line ?? 0) || a.order - b.order)
    .map(({ issue }) => issue);
}

/** The 1-based line of a path (e.g. `["people", 3, "email"]`) in an org file's text. */
export function lineInOrgText(text: string, path: readonly PathSegment[]): number {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  return lineOfPath(doc, lineCounter, path);
}
