/**
 * The org file's messages in each locale. Checks only ever name a code and its parameters;
 * the words live here so that `bomba org check` speaks the org's own language.
 */
import type { Locale } from "../core/org.ts";

/** Parameters of a message: values quoted or listed inside it. */
export type OrgMessageParams = Readonly<Record<string, string | number>>;

type Catalog = Record<OrgMessageCode, (p: OrgMessageParams) => string>;

/** zod's names of expected types, in words. */
const esTypes: Record<string, string> = {
  string: "un texto",
  number: "un número",
  int: "un número entero",
  boolean: "true o false",
  object: "un mapa (clave: valor)",
  array: "una lista",
};

const enTypes: Record<string, string> = {
  string: "a text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  object: "a map (key: value)",
  array: "a list",
};

const es = {
  fileUnreadable: (p) => `no se puede leer el fichero (${p.reason})`,
  fileMissing: () => "el fichero no existe",
  yamlSyntax: (p) => `YAML mal formado: ${p.detail}`,
  yamlMoreErrors: (p) =>
    `y ${p.count} errores de sintaxis más, casi siempre consecuencia del primero`,
  yamlDuplicateKey: (p) => `clave repetida "${p.key}"`,
  yamlTabIndent: () => "YAML mal formado: no se puede sangrar con tabuladores",
  yamlBadIndent: () => "YAML mal formado: sangría incorrecta o falta un cierre ] o }",
  yamlMissingChar: () => "YAML mal formado: falta un carácter de cierre (comilla, ] o })",
  yamlMultipleDocs: () => "el fichero contiene varios documentos YAML; debe haber uno solo",
  yamlNotMap: () => "el fichero debe ser un mapa YAML (company, timezone, people…)",
  required: () => "falta este campo obligatorio",
  wrongType: (p) => `se esperaba ${esTypes[String(p.expected)] ?? p.expected}`,
  unknownKey: (p) =>
    `clave desconocida "${p.key}"${p.suggestion === undefined ? "" : ` (¿quería decir "${p.suggestion}"?)`}`,
  notOneOf: (p) => `valor no válido; debe ser uno de: ${p.values}`,
  emptyList: () => "la lista no puede estar vacía",
  emptyText: () => "no puede estar vacío",
  notPositive: () => "debe ser un entero mayor que 0",
  negative: () => "no puede ser negativo",
  tooBig: (p) => `no puede ser mayor que ${p.maximum}`,
  invalidValue: (p) => `valor no válido (${p.detail})`,
  badEmail: (p) => `e-mail no válido "${p.value}"`,
  badSlackId: (p) => `id de Slack no válido "${p.value}" (debe ser como U0123ABCD)`,
  badTime: (p) => `hora no válida "${p.value}" (formato HH:mm, p. ej. "09:00")`,
  badDate: (p) => `fecha no válida "${p.value}" (formato AAAA-MM-DD)`,
  badZone: (p) => `zona horaria IANA desconocida "${p.value}" (p. ej. Europe/Madrid)`,
  badChannel: (p) => `canal de Slack no válido "${p.value}" (p. ej. "#fidelizacion")`,
  badDepartmentId: (p) =>
    `id de departamento no válido "${p.value}" (minúsculas, cifras, - y _; p. ej. logistica)`,
  badCountry: (p) => `país no válido "${p.value}" (código de dos letras, p. ej. ES)`,
  dayOrder: (p) => `dayEnds (${p.ends}) debe ser posterior a dayStarts (${p.starts})`,
  durationShape: () =>
    "un plazo lleva exactamente una de estas claves: workingDays, days o months (p. ej. { days: 10 })",
  answerWithinUnit: () => "el plazo de respuesta se da en workingDays o days, no en months",
  duplicateWorkday: (p) => `día repetido "${p.value}"`,
  regionWithoutCountry: () => "region necesita también country",
  unknownHolidayCountry: (p) => `país sin calendario de festivos conocido "${p.country}"`,
  unknownHolidayRegion: (p) => `región desconocida "${p.region}" para el país ${p.country}`,
  personNeedsKey: () => "cada persona lleva email o slack",
  personHasBothKeys: () => "cada persona lleva email o slack, no los dos",
  unknownPerson: (p) => `persona desconocida "${p.ref}"`,
  duplicateEmail: (p) => `e-mail repetido "${p.value}" (ya está en ${p.other})`,
  duplicateSlack: (p) => `id de Slack repetido "${p.value}" (ya está en ${p.other})`,
  duplicateDepartment: (p) => `departamento repetido "${p.value}" (ya está en ${p.other})`,
  cycle: (p) => `ciclo en reportsTo: ${p.people}`,
  ceoHasSuperior: (p) => `el CEO (${p.ceo}) no puede tener reportsTo`,
  multipleRoots: (p) =>
    `hay más de una persona sin reportsTo (${p.people}); solo el CEO puede no tener superior`,
  rootNotCeo: (p) => `${p.person} no tiene reportsTo pero el CEO es ${p.ceo}`,
  noPathToCeo: (p) => `${p.person} no llega al CEO: su cadena se corta en ${p.stop}`,
  issueCount: (p) => (p.count === 1 ? `1 error en ${p.file}` : `${p.count} errores en ${p.file}`),
  summary: (p) =>
    `${p.file} correcto: ${p.company}, ${p.people} personas, ${p.departments} departamentos, ${p.zone}, ${p.locale}`,
  usage: () => "uso: bomba org check [FICHERO]   (por defecto $BOMBA_ORG o ./org.yaml)",
  internalError: (p) => `error inesperado al comprobar ${p.file}: ${p.reason}`,
} satisfies Record<string, (p: OrgMessageParams) => string>;

/** Every message the org loader and `bomba org check` can say. */
export type OrgMessageCode = keyof typeof es;

const en: Catalog = {
  fileUnreadable: (p) => `cannot read the file (${p.reason})`,
  fileMissing: () => "the file does not exist",
  yamlSyntax: (p) => `malformed YAML: ${p.detail}`,
  yamlMoreErrors: (p) => `and ${p.count} more syntax errors, usually caused by the first`,
  yamlDuplicateKey: (p) => `duplicate key "${p.key}"`,
  yamlTabIndent: () => "malformed YAML: tabs cannot be used for indentation",
  yamlBadIndent: () => "malformed YAML: wrong indentation or a missing closing ] or }",
  yamlMissingChar: () => "malformed YAML: a closing character is missing (quote, ] or })",
  yamlMultipleDocs: () => "the file holds several YAML documents; there must be only one",
  yamlNotMap: () => "the file must be a YAML map (company, timezone, people…)",
  required: () => "this field is required",
  wrongType: (p) => `expected ${enTypes[String(p.expected)] ?? p.expected}`,
  unknownKey: (p) =>
    `unknown key "${p.key}"${p.suggestion === undefined ? "" : ` (did you mean "${p.suggestion}"?)`}`,
  notOneOf: (p) => `invalid value; must be one of: ${p.values}`,
  emptyList: () => "the list cannot be empty",
  emptyText: () => "cannot be empty",
  notPositive: () => "must be a whole number greater than 0",
  negative: () => "cannot be negative",
  tooBig: (p) => `cannot be greater than ${p.maximum}`,
  invalidValue: (p) => `invalid value (${p.detail})`,
  badEmail: (p) => `invalid e-mail "${p.value}"`,
  badSlackId: (p) => `invalid Slack id "${p.value}" (should look like U0123ABCD)`,
  badTime: (p) => `invalid time "${p.value}" (format HH:mm, e.g. "09:00")`,
  badDate: (p) => `invalid date "${p.value}" (format YYYY-MM-DD)`,
  badZone: (p) => `unknown IANA time zone "${p.value}" (e.g. Europe/Madrid)`,
  badChannel: (p) => `invalid Slack channel "${p.value}" (e.g. "#loyalty")`,
  badDepartmentId: (p) =>
    `invalid department id "${p.value}" (lower-case letters, digits, - and _; e.g. logistics)`,
  badCountry: (p) => `invalid country "${p.value}" (two-letter code, e.g. ES)`,
  dayOrder: (p) => `dayEnds (${p.ends}) must be later than dayStarts (${p.starts})`,
  durationShape: () =>
    "a duration has exactly one of these keys: workingDays, days or months (e.g. { days: 10 })",
  answerWithinUnit: () => "the answer window is given in workingDays or days, not months",
  duplicateWorkday: (p) => `repeated day "${p.value}"`,
  regionWithoutCountry: () => "region needs a country too",
  unknownHolidayCountry: (p) => `no known holiday calendar for country "${p.country}"`,
  unknownHolidayRegion: (p) => `unknown region "${p.region}" for country ${p.country}`,
  personNeedsKey: () => "every person has an email or a slack id",
  personHasBothKeys: () => "every person has an email or a slack id, not both",
  unknownPerson: (p) => `unknown person "${p.ref}"`,
  duplicateEmail: (p) => `duplicate e-mail "${p.value}" (already at ${p.other})`,
  duplicateSlack: (p) => `duplicate Slack id "${p.value}" (already at ${p.other})`,
  duplicateDepartment: (p) => `duplicate department "${p.value}" (already at ${p.other})`,
  cycle: (p) => `reportsTo cycle: ${p.people}`,
  ceoHasSuperior: (p) => `the CEO (${p.ceo}) cannot have reportsTo`,
  multipleRoots: (p) =>
    `more than one person has no reportsTo (${p.people}); only the CEO may have no superior`,
  rootNotCeo: (p) => `${p.person} has no reportsTo but the CEO is ${p.ceo}`,
  noPathToCeo: (p) => `${p.person} does not reach the CEO: the chain breaks at ${p.stop}`,
  issueCount: (p) => (p.count === 1 ? `1 error in ${p.file}` : `${p.count} errors in ${p.file}`),
  summary: (p) =>
    `${p.file} OK: ${p.company}, ${p.people} people, ${p.departments} departments, ${p.zone}, ${p.locale}`,
  usage: () => "usage: bomba org check [FILE]   (default $BOMBA_ORG or ./org.yaml)",
  internalError: (p) => `unexpected error while checking ${p.file}: ${p.reason}`,
};

const catalogs: Record<Locale, Catalog> = { es, en };

/** The text of one org message in a locale. */
export function orgMessage(
  locale: Locale,
  code: OrgMessageCode,
  params: OrgMessageParams = {},
): string {
  return catalogs[locale][code](params);
}
