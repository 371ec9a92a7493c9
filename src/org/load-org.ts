/**
 * Reads `org.yaml` into the core's `Org`. Every problem becomes an `OrgIssue` with the path and
 * line of the offending node; all of them are reported at once, so one run fixes a whole file.
 * Issues speak the file's own language (its `locale:`, read even from a file that does not
 * parse) and name the mistake a person most likely made, never the YAML parser's own words.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
} from "yaml";
import type * as z from "zod";
import type { Department, Locale, Org, Person, PersonId } from "../core/org.ts";
import {
  type OrgMessageCode,
  type OrgMessageParams,
  orgMessage,
  quoteFromFile,
} from "./org-messages.ts";
import { ORG_FILE_PLACES, type OrgFile, orgFileSchema } from "./org-schema.ts";
import { declaredLocale, decodeOrgText, MAX_ORG_FILE_BYTES } from "./org-text.ts";
import {
  aliasMistake,
  diagnoseYamlErrors,
  hashCommentAt,
  type YamlMistake,
} from "./yaml-mistakes.ts";
import { editDistance, zoneWarning } from "./zones.ts";

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

/**
 * A loaded org with its warnings (things that work but are most likely not meant, such as a
 * fixed-offset time zone), or every issue found; `locale` is the language to show them in.
 */
export type LoadOrgResult =
  | { ok: true; org: Org; warnings: OrgIssue[] }
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
  const plain = toPlainData(doc);
  const raw = plain.ok ? plain.value : null;
  const locale = localeOf(raw) ?? declaredLocale(text) ?? "es";

  // An unknown tag (`title: !Jefe`) is only a warning to the parser; the value is lost all the same.
  const tagWarnings = doc.warnings.filter((w) => w.code === "TAG_RESOLVE_FAILED");
  if (doc.errors.length > 0 || tagWarnings.length > 0) {
    const { mistakes, more } = diagnoseYamlErrors(
      text,
      [...doc.errors, ...tagWarnings],
      lineCounter,
    );
    return { ok: false, issues: syntaxIssues(mistakes, locale, more), locale };
  }
  if (!plain.ok) {
    const alias = firstAliasOffset(doc);
    const mistakes = alias === null ? [] : [aliasMistake(text, alias, lineCounter)];
    if (mistakes.length === 0) mistakes.push({ line: 1, code: "yamlSyntax", params: {} });
    return { ok: false, issues: syntaxIssues(mistakes, locale), locale };
  }
  if (doc.contents === null) {
    return {
      ok: false,
      issues: [issueWithoutLine({ path: [], code: "fileEmpty" }, locale)],
      locale,
    };
  }
  if (!isMap(doc.contents)) {
    const spaceless = missingSpaceLine(text);
    if (spaceless !== null) return { ok: false, issues: syntaxIssues([spaceless], locale), locale };
  }

  const findings: Finding[] = [];
  const parsed = orgFileSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) findings.push(...fromZodIssue(issue, raw));
  }
  // The chart is checked as meant: `reportsto:` is reported once, not as a person without a boss.
  const graph = checkGraph(withMeantKeys(raw, findings));
  findings.push(...graph.findings);

  if (parsed.success && findings.length === 0) {
    const org = toOrg(parsed.data);
    const warnings: OrgIssue[] = [];
    const zone = zoneWarning(org.calendar.timezone);
    if (zone !== null) {
      const finding = { path: ["timezone"], code: zone.code, params: zone.params };
      warnings.push(toIssue(finding, doc, lineCounter, locale, text));
    }
    return { ok: true, org, warnings };
  }
  const issues = withoutShadowedRequired(findings).map((f) =>
    toIssue(f, doc, lineCounter, locale, text),
  );
  return { ok: false, issues: sortIssues(issues), locale };
}

/**
 * Reads and validates an org file; a missing, unreadable, oversized, binary or non-UTF-8 file is
 * an issue, never a throw. `fallbackLocale` speaks when the file cannot tell its own language.
 */
export function loadOrgFile(path: string, fallbackLocale: Locale = "es"): LoadOrgResult {
  const read = readBounded(path);
  if (!read.ok) {
    return {
      ok: false,
      issues: [issueWithoutLine(read.finding, fallbackLocale)],
      locale: fallbackLocale,
    };
  }
  const decoded = decodeOrgText(read.bytes);
  if (!decoded.ok) {
    const { code, params, line } = decoded.problem;
    const locale = decoded.problem.locale ?? fallbackLocale;
    const message = orgMessage(locale, code, params);
    return { ok: false, issues: [{ path: "", line, code, params, message }], locale };
  }
  return parseOrg(decoded.text);
}

type ReadResult = { ok: true; bytes: Uint8Array } | { ok: false; finding: Finding };

/**
 * The file's bytes, never more than the limit: a huge file, `/dev/zero` or a pipe is refused
 * after reading one byte past it, not read whole into memory.
 */
function readBounded(path: string): ReadResult {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    return { ok: false, finding: unreadable(error) };
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return { ok: false, finding: unreadable({ code: "EISDIR" }) };
    if (stat.isFile() && stat.size > MAX_ORG_FILE_BYTES)
      return { ok: false, finding: tooLarge(stat.size) };
    const buffer = Buffer.alloc(MAX_ORG_FILE_BYTES + 1);
    let length = 0;
    while (length < buffer.length) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > MAX_ORG_FILE_BYTES) return { ok: false, finding: tooLarge(null) };
    return { ok: true, bytes: buffer.subarray(0, length) };
  } catch (error) {
    return { ok: false, finding: unreadable(error) };
  } finally {
    closeSync(fd);
  }
}

function unreadable(error: unknown): Finding {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === "ENOENT") return { path: [], code: "fileMissing" };
  return { path: [], code: "fileUnreadable", params: { reason: code ?? "EIO" } };
}

function tooLarge(size: number | null): Finding {
  const megabyte = 1024 * 1024;
  const params = {
    max: MAX_ORG_FILE_BYTES / megabyte,
    people: 10_000,
    ...(size === null ? {} : { size: Math.floor((size / megabyte) * 10) / 10 }),
  };
  return { path: [], code: "fileTooLarge", params };
}

/** One issue as a line for the terminal: `org.yaml:12  people[3].reportsTo: persona desconocida "…"`. */
export function formatOrgIssue(file: string, issue: OrgIssue, locale: Locale): string {
  const where = issue.line === null ? file : `${file}:${issue.line}`;
  const path = issue.path === "" ? "" : `${issue.path}: `;
  return `${where}  ${path}${orgMessage(locale, issue.code, issue.params)}`;
}

/** One warning as a line for the terminal: `org.yaml:2  aviso: timezone: EST es un desfase fijo…`. */
export function formatOrgWarning(file: string, warning: OrgIssue, locale: Locale): string {
  const where = warning.line === null ? file : `${file}:${warning.line}`;
  const path = warning.path === "" ? "" : `${warning.path}: `;
  const label = orgMessage(locale, "warning");
  return `${where}  ${label}: ${path}${orgMessage(locale, warning.code, warning.params)}`;
}

/** Renders a path as written in messages: `people[3].reportsTo` (a key from the file is cut short). */
export function formatOrgPath(path: readonly PathSegment[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else {
      const key = quoteFromFile(segment, 40);
      out += out === "" ? key : `.${key}`;
    }
  }
  return out;
}

function toPlainData(doc: Document): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: 100 }) };
  } catch {
    // An alias without its anchor (`title: *Jefe*`) or an alias bomb.
    return { ok: false };
  }
}

function firstAliasOffset(doc: Document): number | null {
  let offset: number | null = null;
  visit(doc, {
    Alias(_, node) {
      offset = node.range?.[0] ?? null;
      return visit.BREAK;
    },
  });
  return offset;
}

/** `company:Acme` on every line reads as one long text: the missing space is the mistake. */
function missingSpaceLine(text: string): YamlMistake | null {
  const lines = text.split(/\r?\n|\r/);
  const index = lines.findIndex((line) => /^\s*[A-Za-z_][\w-]*:[^\s:/]/.test(line));
  if (index < 0) return null;
  const match = /^\s*([A-Za-z_][\w-]*):(.*)$/.exec(lines[index] ?? "");
  const key = match?.[1] ?? "";
  const fix = quoteFromFile(`${key}: ${(match?.[2] ?? "").trim()}`);
  return { line: index + 1, code: "yamlMissingSpace", params: { key, fix } };
}

// One bad indent can make the parser complain about every token after it: the first few
// mistakes point at the fault, the rest are counted.
const maxSyntaxIssues = 5;

function syntaxIssues(mistakes: readonly YamlMistake[], locale: Locale, uncounted = 0): OrgIssue[] {
  const sorted = [...mistakes].sort((a, b) => a.line - b.line);
  const shown = sorted.slice(0, maxSyntaxIssues);
  const issues: OrgIssue[] = shown.map(({ line, code, params }) => ({
    path: "",
    line,
    code,
    params,
    message: orgMessage(locale, code, params),
  }));
  const more = sorted.length - shown.length + uncounted;
  if (more > 0) {
    issues.push(
      issueWithoutLine({ path: [], code: "yamlMoreErrors", params: { count: more } }, locale),
    );
  }
  return issues;
}

/** The file's `locale`, read generously for the messages' sake (`EN`, `english`). */
function localeOf(raw: unknown): Locale | null {
  const locale = get(raw, "locale");
  if (typeof locale !== "string") return null;
  const lower = locale.trim().toLowerCase();
  if (lower.startsWith("en") || lower.startsWith("ing")) return "en";
  if (lower.startsWith("es")) return "es";
  return null;
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
      return issue.keys.map((key) => unknownKey(path, key));
    case "invalid_type":
      if (path.length === 0) return [{ path, code: "yamlNotMap" }];
      return [wrongType(path, value, issue.expected)];
    case "invalid_value": {
      const values = issue.values.map(String).join(", ");
      const params =
        typeof value === "string" ? { values, value: quoteFromFile(value) } : { values };
      return [{ path, code: "notOneOf", params }];
    }
    case "too_small":
      if (issue.origin === "array") return [{ path, code: "emptyList" }];
      if (issue.origin === "string") return [{ path, code: "emptyText" }];
      return [{ path, code: issue.inclusive ? "negative" : "notPositive" }];
    case "too_big":
      return [{ path, code: "tooBig", params: { maximum: Number(issue.maximum) } }];
    case "invalid_format":
      if (issue.format === "email")
        return [{ path, code: "badEmail", params: { value: quoteFromFile(String(value)) } }];
      return [{ path, code: "invalidValue" }];
    default:
      return [{ path, code: "invalidValue" }];
  }
}

/** A value of the wrong type, with the likely slip named: `yes` for true, `"3"` for 3, `a:b`. */
function wrongType(path: PathSegment[], value: unknown, expected: string): Finding {
  if (value === undefined || value === null) return { path, code: "required" };
  if (typeof value === "string") {
    const quoted = quoteFromFile(value);
    if (expected === "boolean") return { path, code: "yesNoBoolean", params: { value: quoted } };
    const number = /^\s*(\d+)/.exec(value)?.[1];
    if ((expected === "number" || expected === "int") && number !== undefined) {
      return { path, code: "numberAsText", params: { value: quoted, number: Number(number) } };
    }
    if (expected === "array") return { path, code: "notAList", params: { value: quoted } };
    const spaceless = /^([A-Za-z_][\w-]*):(\S.*)$/.exec(value);
    if (expected === "object" && spaceless !== null) {
      const key = spaceless[1] ?? "";
      const fix = quoteFromFile(`${key}: ${spaceless[2] ?? ""}`);
      return { path, code: "yamlMissingSpace", params: { key, fix } };
    }
  }
  if (expected === "array" && (typeof value === "number" || typeof value === "boolean")) {
    return { path, code: "notAList", params: { value: String(value) } };
  }
  return { path, code: "wrongType", params: { expected } };
}

/** Where an object sits in the schema: `people[]` for `people[3]`. */
function placeOf(path: readonly PathSegment[]): string {
  let place = "";
  for (const segment of path) {
    if (typeof segment === "number") place += "[]";
    else place = place === "" ? segment : `${place}.${segment}`;
  }
  return place;
}

/**
 * A key the object at `path` does not take: the right case of a known key, the block it belongs
 * in, the key a typo meant, or the keys valid there.
 */
function unknownKey(path: PathSegment[], key: string): Finding {
  const at = [...path, key];
  const valid = ORG_FILE_PLACES.get(placeOf(path)) ?? [];
  const quoted = quoteFromFile(key, 40);
  const sameLetters = valid.find((k) => k.toLowerCase() === key.toLowerCase());
  if (sameLetters !== undefined) {
    return { path: at, code: "keyWrongCase", params: { key: quoted, expected: sameLetters } };
  }
  const elsewhere = [...ORG_FILE_PLACES]
    .filter(
      ([place, keys]) =>
        place !== placeOf(path) && keys.some((k) => k.toLowerCase() === key.toLowerCase()),
    )
    .map(([place]) => place);
  if (elsewhere.length === 1) {
    const place = elsewhere[0] as string;
    if (place.endsWith("[]")) {
      return {
        path: at,
        code: "keyBelongsInEntries",
        params: { key: quoted, list: place.slice(0, -2) },
      };
    }
    const parentKey = place.split(".").at(-1) ?? place;
    return { path: at, code: "keyBelongsUnder", params: { key: quoted, parent: place, parentKey } };
  }
  if (elsewhere.length > 1) {
    const parents = elsewhere.map((place) => place.replace(/\[\]$/, "")).join(", ");
    return { path: at, code: "keyBelongsUnderOneOf", params: { key: quoted, parents } };
  }
  const suggestion = closestKey(key, valid);
  if (suggestion !== undefined) {
    return { path: at, code: "unknownKey", params: { key: quoted, suggestion } };
  }
  return { path: at, code: "unknownKey", params: { key: quoted, valid: valid.join(", ") } };
}

/** The key of `valid` a typo most likely meant, if one is close enough. */
function closestKey(key: string, valid: readonly string[]): string | undefined {
  if (key.length > 40) return undefined;
  let best: string | undefined;
  let bestDistance = Math.min(2, Math.floor(key.length / 3));
  for (const known of valid) {
    const distance = editDistance(key.toLowerCase(), known.toLowerCase());
    if (distance <= bestDistance) {
      best = known;
      bestDistance = distance;
    }
  }
  return best;
}

/** The key a wrong-case or misspelt key stands for, when a finding names one. */
function meantKey(finding: Finding): string | undefined {
  const intended =
    finding.code === "keyWrongCase"
      ? finding.params?.expected
      : finding.code === "unknownKey"
        ? finding.params?.suggestion
        : undefined;
  return typeof intended === "string" ? intended : undefined;
}

/** A copy of the raw data with each wrong-case or misspelt key also written as the key meant. */
function withMeantKeys(raw: unknown, findings: readonly Finding[]): unknown {
  let copy = raw;
  for (const finding of findings) {
    const intended = meantKey(finding);
    const written = finding.path.at(-1);
    if (intended === undefined || typeof written !== "string") continue;
    copy = setAt(copy, [...finding.path.slice(0, -1), intended], getAt(raw, finding.path));
  }
  return copy;
}

/** `value` with `path` set, copying only the objects and lists on the way; absent paths are left alone. */
function setAt(value: unknown, path: readonly PathSegment[], leaf: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return leaf;
  if (typeof head === "number" && Array.isArray(value)) {
    const copy = [...value];
    copy[head] = setAt(value[head], rest, leaf);
    return copy;
  }
  if (
    typeof head === "string" &&
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value)
  ) {
    const current = value as Record<string, unknown>;
    if (rest.length === 0 && Object.hasOwn(current, head)) return value;
    return { ...current, [head]: setAt(current[head], rest, leaf) };
  }
  return value;
}

/**
 * "Missing company" beside `Company: …` (or `titel: …`) says the same thing twice, and points
 * at the wrong line: the key written wrongly is the one to fix.
 */
function withoutShadowedRequired(findings: readonly Finding[]): Finding[] {
  const meant = new Set<string>();
  for (const finding of findings) {
    const intended = meantKey(finding);
    if (intended !== undefined) meant.add(formatOrgPath([...finding.path.slice(0, -1), intended]));
  }
  return findings.filter((f) => f.code !== "required" || !meant.has(formatOrgPath(f.path)));
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
    // The file's address on a platform is where to reach them there, before any lookup.
    const addresses = slackId === null ? {} : { slack: slackId };
    people.set(id, { id, email, addresses, name: p.name, title: p.title, reportsTo });
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
        except: holidays.except,
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

function toIssue(
  finding: Finding,
  doc: Document,
  lc: LineCounter,
  locale: Locale,
  text: string,
): OrgIssue {
  const line = lineOfPath(doc, lc, finding.path);
  // `channel: #lealtad` unquoted: the value is a comment, so the field looks merely missing.
  const hash = finding.code === "required" ? hashCommentAt(text, line) : null;
  const code = hash?.code ?? finding.code;
  const params = hash?.params ?? finding.params ?? {};
  return {
    path: formatOrgPath(finding.path),
    line,
    code,
    params,
    message: orgMessage(locale, code, params),
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
