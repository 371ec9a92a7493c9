/**
 * Issue 10, item 8: the mistakes people make writing an org file by hand, each told in the
 * file's own language, on the line where it was made, with the likely fix, and never in the
 * YAML parser's words. Every case breaks one line of a real org file (a Mexican distributor and
 * an Argentine dairy in Spanish, a New York trucking company in English).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type OrgIssue, parseOrg } from "../../src/org/load-org.ts";
import { lineOf } from "../fixtures/org.ts";

const FILES = {
  mexico: readFileSync("test/fixtures/orgs/mexico.yaml", "utf8"),
  argentina: readFileSync("test/fixtures/orgs/argentina.yaml", "utf8"),
  "united-states": readFileSync("test/fixtures/orgs/united-states.yaml", "utf8"),
};
type FileName = keyof typeof FILES;

/** The file with `from` replaced by `to`, exactly once. */
function broken(file: FileName, from: string, to: string): string {
  const text = FILES[file];
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0)
    throw new Error(`"${from}" is not once in ${file}`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

function issuesOf(text: string): OrgIssue[] {
  const result = parseOrg(text);
  if (result.ok) throw new Error("expected the org file to be rejected");
  return result.issues;
}

// What the parser says in English; none of it may reach a message.
const PARSER_WORDS =
  /implicit|mapping|sequence|scalar|indicator|allowed|nested|flow (map|collection)|block (collection|sequence|scalar)|compact|unexpected|token/i;

interface Case {
  name: string;
  file: FileName;
  from: string;
  to: string;
  /** A text on the line the message must point at, in the broken file. */
  at: string;
  path?: string;
  message: string;
}

const cases: Case[] = [
  {
    name: "a tab to indent",
    file: "mexico",
    from: '  dayStarts: "08:30"',
    to: '\tdayStarts: "08:30"',
    at: "dayStarts",
    message:
      "esta línea está sangrada con un tabulador: YAML solo admite espacios; cámbielo por espacios",
  },
  {
    name: "a key moved left, out of its block",
    file: "mexico",
    from: '  dayStarts: "08:30"',
    to: 'dayStarts: "08:30"',
    at: "dayStarts",
    message:
      '"dayStarts" está menos sangrado que "workdays" y las claves que lo rodean: sángrelo como ellas',
  },
  {
    name: "a key moved left by one space",
    file: "mexico",
    from: '  dayStarts: "08:30"',
    to: ' dayStarts: "08:30"',
    at: "dayStarts",
    message:
      '"dayStarts" no está en la misma columna que "workdays": las claves de un mismo bloque (o de un mismo elemento "- ") van alineadas',
  },
  {
    name: "a key moved right, under a key that has a value",
    file: "mexico",
    from: '  dayEnds: "17:30"',
    to: '    dayEnds: "17:30"',
    at: "dayEnds",
    message:
      '"dayEnds" está más sangrado que "dayStarts", que ya tiene valor: póngalo en la misma columna que "dayStarts"',
  },
  {
    name: "a top-level key moved right",
    file: "mexico",
    from: "locale: es",
    to: "  locale: es",
    at: "locale:",
    message:
      '"locale" está más sangrado que "timezone", que ya tiene valor: póngalo en la misma columna que "timezone"',
  },
  {
    name: "a person's key moved to the column of the dash",
    file: "mexico",
    from: "    name: Ricardo Peña",
    to: "  name: Ricardo Peña",
    at: "Ricardo Peña",
    message:
      '"name" no está en la misma columna que "email": las claves de un mismo bloque (o de un mismo elemento "- ") van alineadas',
  },
  {
    name: "an unquoted #channel in block style",
    file: "mexico",
    from: 'channel: "#lealtad"',
    to: "channel: #lealtad",
    at: "#lealtad",
    path: "digest.channel",
    message:
      '"#" empieza un comentario en YAML, así que channel se queda sin valor: escriba channel: "#lealtad"',
  },
  {
    name: "an unquoted #channel in a one-line map",
    file: "argentina",
    from: 'digest: { channel: "#fidelizacion", at: "09:00" }',
    to: 'digest: { channel: #fidelizacion, at: "09:00" }',
    at: "digest:",
    message:
      '"#" empieza un comentario en YAML, así que channel se queda sin valor: escriba channel: "#fidelizacion"',
  },
  {
    name: "a missing colon",
    file: "mexico",
    from: "timezone: America/Mexico_City",
    to: "timezone America/Mexico_City",
    at: "timezone",
    message: 'falta ":" después de "timezone": escriba timezone: America/Mexico_City',
  },
  {
    name: "a missing space after the colon",
    file: "mexico",
    from: "ceo: jose.ramirez@bajio.mx",
    to: "ceo:jose.ramirez@bajio.mx",
    at: "ceo:",
    message: 'falta un espacio después de "ceo:": escriba ceo: jose.ramirez@bajio.mx',
  },
  {
    name: "a department without its “- ”, among “- ” items",
    file: "mexico",
    from: "  - id: almacen",
    to: "    id: almacen",
    at: "id: ventas",
    message:
      'un elemento de lista ("- ") entre claves como "link": en un mismo nivel van solo claves o solo elementos "- "',
  },
  {
    name: "a person without its “- ”, so their keys repeat the one above",
    file: "mexico",
    from: "  - email: fernando.lopez@bajio.mx",
    to: "    email: fernando.lopez@bajio.mx",
    at: "email: fernando.lopez",
    message: `clave repetida "email" en el mismo elemento (ya está en la línea ${lineOf(FILES.mexico, "email: ricardo.pena")}): si aquí empieza otro, ponga "- " delante`,
  },
  {
    name: "a top-level key written twice",
    file: "argentina",
    from: 'report: { channel: "#gerencia" }',
    to: 'report: { channel: "#gerencia" }\nceo: lucia.acuna@lacteosdelsur.com.ar',
    at: "ceo: lucia",
    message: `clave repetida "ceo" (ya está en la línea ${lineOf(FILES.argentina, "ceo:")}): deje solo una`,
  },
  {
    name: "a quote never closed",
    file: "mexico",
    from: 'channel: "#lealtad"',
    to: 'channel: "#lealtad',
    at: "#lealtad",
    message: 'las comillas (") que se abren en esta línea no se cierran',
  },
  {
    name: "a { never closed",
    file: "argentina",
    from: "title: Repartidor, reportsTo: nicolas.pereyra@lacteosdelsur.com.ar }",
    to: "title: Repartidor, reportsTo: nicolas.pereyra@lacteosdelsur.com.ar",
    at: "Ezequiel",
    message: 'el "{" que se abre en esta línea no se cierra con "}"',
  },
  {
    name: "a [ never closed",
    file: "argentina",
    from: "loyaltyManagers: [sofia.fernandez@lacteosdelsur.com.ar]",
    to: "loyaltyManagers: [sofia.fernandez@lacteosdelsur.com.ar",
    at: "loyaltyManagers",
    message: 'el "[" que se abre en esta línea no se cierra con "]"',
  },
  {
    name: "a colon inside a value",
    file: "mexico",
    from: "title: Gerente de almacén",
    to: "title: Gerente: almacén",
    at: "Gerente: almacén",
    message:
      'el valor lleva ": ", que YAML lee como otra clave: póngalo entre comillas, title: "Gerente: almacén"',
  },
  {
    name: "a value starting with @",
    file: "mexico",
    from: "    reportsTo: maria.gonzalez@bajio.mx\n  - email: fernando",
    to: "    reportsTo: @maria\n  - email: fernando",
    at: "@maria",
    message: 'un valor no puede empezar por "@" sin comillas: escriba reportsTo: "@maria"',
  },
  {
    name: "a value starting with *",
    file: "mexico",
    from: "title: Ejecutivo de cuentas clave",
    to: "title: *Ejecutivo*",
    at: "*Ejecutivo*",
    message: 'un valor no puede empezar por "*" sin comillas: escriba title: "*Ejecutivo*"',
  },
  {
    name: "two documents in one file",
    file: "argentina",
    from: "\npeople:",
    to: "\n---\npeople:",
    at: "---",
    message: "el fichero contiene varios documentos YAML (separados por ---); debe haber uno solo",
  },
  {
    name: "a section at the top level instead of under calendar",
    file: "argentina",
    from: '  holidays: { country: AR, extra: ["2026-03-23", "2026-07-10", "2026-12-07"] }',
    to: '\nholidays: { country: AR, extra: ["2026-03-23", "2026-07-10", "2026-12-07"] }',
    at: "holidays:",
    path: "holidays",
    message: '"holidays" no va aquí: va dentro de calendar (sangrado debajo de "calendar:")',
  },
  {
    name: "a person's key at the top level",
    file: "argentina",
    from: "ceo: martin.gimenez@lacteosdelsur.com.ar",
    to: "ceo: martin.gimenez@lacteosdelsur.com.ar\nreportsTo: martin.gimenez@lacteosdelsur.com.ar",
    at: "reportsTo: martin",
    path: "reportsTo",
    message: '"reportsTo" no va aquí: va dentro de cada elemento de people (debajo de su "- ")',
  },
  {
    name: "a key that fits in several blocks",
    file: "argentina",
    from: "  quietHours: true",
    to: "  quietHours: true\n  remindBefore: { days: 2 }",
    at: "remindBefore: { days: 2 }",
    path: "policy.remindBefore",
    message:
      '"remindBefore" no va aquí: va dentro de uno de estos bloques: policy.minor, policy.major',
  },
  {
    name: "a key with a capital letter",
    file: "mexico",
    from: "company: Distribuidora",
    to: "Company: Distribuidora",
    at: "Company:",
    path: "Company",
    message: '"Company": las claves distinguen mayúsculas de minúsculas; escriba "company"',
  },
  {
    name: "a person's key in the wrong case",
    file: "mexico",
    from: "    reportsTo: ricardo.pena@bajio.mx",
    to: "    reportsto: ricardo.pena@bajio.mx",
    at: "reportsto",
    path: "people[4].reportsto",
    message: '"reportsto": las claves distinguen mayúsculas de minúsculas; escriba "reportsTo"',
  },
  {
    name: "a typo in a key, suggesting the one meant",
    file: "mexico",
    from: "    title: Chofer de reparto",
    to: "    titel: Chofer de reparto",
    at: "titel",
    path: "people[5].titel",
    message: 'clave desconocida "titel" (¿quería decir "title"?)',
  },
  {
    name: "an unknown key, listing those valid there",
    file: "mexico",
    from: "    title: Chofer de reparto",
    to: "    title: Chofer de reparto\n    phone: 477 123 4567",
    at: "phone",
    path: "people[5].phone",
    message: 'clave desconocida "phone"; aquí valen: email, slack, name, title, reportsTo',
  },
  {
    name: "yes for true",
    file: "argentina",
    from: "quietHours: true",
    to: "quietHours: yes",
    at: "quietHours",
    path: "policy.quietHours",
    message: '"yes" no es true ni false: escriba true o false, sin comillas',
  },
  {
    name: "sí for true",
    file: "argentina",
    from: "forwardRestartsClock: true",
    to: "forwardRestartsClock: sí",
    at: "forwardRestartsClock",
    path: "policy.forwardRestartsClock",
    message: '"sí" no es true ni false: escriba true o false, sin comillas',
  },
  {
    name: "a number in quotes",
    file: "argentina",
    from: "maxForwards: 3",
    to: 'maxForwards: "3"',
    at: "maxForwards",
    path: "policy.maxForwards",
    message: '"3" es un texto: escriba solo el número, 3, sin comillas',
  },
  {
    name: "a number with its unit written out",
    file: "mexico",
    from: "      days: 7\n    remindBefore",
    to: "      days: 7 días\n    remindBefore",
    at: "7 días",
    path: "policy.minor.resolveWithin.days",
    message: '"7 días" es un texto: escriba solo el número, 7, sin comillas',
  },
  {
    name: "a single loyalty manager without brackets",
    file: "argentina",
    from: "loyaltyManagers: [sofia.fernandez@lacteosdelsur.com.ar]",
    to: "loyaltyManagers: sofia.fernandez@lacteosdelsur.com.ar",
    at: "loyaltyManagers",
    path: "loyaltyManagers",
    message: "se esperaba una lista: escriba [sofia.fernandez@lacteosdelsur.com.ar]",
  },
  {
    name: "a tab, in English",
    file: "united-states",
    from: '  dayEnds: "17:00"',
    to: '\tdayEnds: "17:00"',
    at: "dayEnds",
    message: "this line is indented with a tab: YAML only allows spaces; replace it with spaces",
  },
  {
    name: "an unquoted #channel, in English",
    file: "united-states",
    from: 'digest: { channel: "#customer-loyalty", at: "08:30" }',
    to: 'digest: { channel: #customer-loyalty, at: "08:30" }',
    at: "digest:",
    message:
      '"#" starts a comment in YAML, so channel is left without a value: write channel: "#customer-loyalty"',
  },
  {
    name: "a key moved out of its block, in English",
    file: "united-states",
    from: '    except: ["2026-02-12", "2026-10-12", "2026-11-03", "2026-11-11"]',
    to: '  except: ["2026-02-12", "2026-10-12", "2026-11-03", "2026-11-11"]',
    at: "except:",
    path: "calendar.except",
    message:
      '"except" does not go here: it belongs under calendar.holidays (indented below "holidays:")',
  },
  {
    name: "a missing colon, in English",
    file: "united-states",
    from: "ceo: robert.sullivan@hvfreight.com",
    to: "ceo robert.sullivan@hvfreight.com",
    at: "ceo robert",
    message: 'missing ":" after "ceo": write ceo: robert.sullivan@hvfreight.com',
  },
  {
    name: "no for false, in English",
    file: "united-states",
    from: "  maxForwards: 2",
    to: "  maxForwards: 2\n  quietHours: no",
    at: "quietHours",
    path: "policy.quietHours",
    message: '"no" is neither true nor false: write true or false, without quotes',
  },
  {
    name: "a section at the top level, in English",
    file: "united-states",
    from: 'report: { channel: "#leadership" }',
    to: 'report: { channel: "#leadership" }\nworkdays: [mon,tue,wed,thu,fri]',
    at: "workdays: [mon,tue,wed,thu,fri]",
    path: "workdays",
    message: '"workdays" does not go here: it belongs under calendar (indented below "calendar:")',
  },
];

describe("the common mistakes of a hand-written org file", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_, c) => {
    const text = broken(c.file, c.from, c.to);
    const issues = issuesOf(text);
    const line = lineOf(text, c.at.split("\n")[0] ?? c.at);
    const issue = issues[0];
    expect(issue, JSON.stringify(issues)).toBeDefined();
    expect({ line: issue?.line, path: issue?.path, message: issue?.message }).toEqual({
      line,
      path: c.path ?? "",
      message: c.message,
    });
    for (const each of issues) expect(each.message).not.toMatch(PARSER_WORDS);
  });

  it("a key in the wrong case is the only issue: the key it hides is not also “missing”", () => {
    const text = broken("mexico", "company: Distribuidora", "Company: Distribuidora");
    expect(issuesOf(text).map((i) => i.code)).toEqual(["keyWrongCase"]);
    const typo = broken("mexico", "    title: Chofer de reparto", "    titel: Chofer de reparto");
    expect(issuesOf(typo).map((i) => i.code)).toEqual(["unknownKey"]);
  });

  it("a key moved left is one mistake, however many lines of its block the parser trips on", () => {
    const text = broken("mexico", '  dayStarts: "08:30"', 'dayStarts: "08:30"');
    expect(issuesOf(text).map((i) => [i.line, i.code])).toEqual([
      [lineOf(text, "dayStarts"), "yamlIndentLess"],
    ]);
  });

  it("a misplaced section is never suggested as itself", () => {
    const text = broken(
      "argentina",
      '  holidays: { country: AR, extra: ["2026-03-23", "2026-07-10", "2026-12-07"] }',
      '\nholidays: { country: AR, extra: ["2026-03-23", "2026-07-10", "2026-12-07"] }',
    );
    for (const issue of issuesOf(text))
      expect(issue.message).not.toMatch(/did you mean|quería decir/);
  });
});

describe("a file broken on every line", () => {
  it("3,000 people each missing their }: the first five told, the rest counted, in seconds", () => {
    const people = Array.from(
      { length: 3000 },
      (_, i) =>
        `  - { email: p${i}@bajio.mx, name: Persona ${i}, title: Chofer, reportsTo: jose.ramirez@bajio.mx`,
    );
    const text = FILES.mexico.replace("\ndepartments:", `${people.join("\n")}\n\ndepartments:`);
    const began = performance.now();
    const issues = issuesOf(text);
    // The parser alone takes seconds here; diagnosing its 18,000 errors must add little.
    expect(performance.now() - began).toBeLessThan(30_000);
    expect(issues).toHaveLength(6);
    const first = lineOf(text, "p0@bajio.mx");
    expect(issues.slice(0, 5).map((i) => [i.line, i.code])).toEqual(
      [0, 1, 2, 3, 4].map((k) => [first + k, "yamlUnclosedBracket"]),
    );
    expect(issues[5]?.code).toBe("yamlMoreErrors");
    expect(Number(issues[5]?.params.count)).toBeGreaterThan(2900);
  }, 60_000);
});
