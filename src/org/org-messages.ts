/**
 * The org file's messages in each locale. Checks only ever name a code and its parameters;
 * the words live here so that `bomba org check` speaks the org's own language. Parameters are
 * plain data (numbers, codes, text quoted from the file), so an issue can be rendered again in
 * the other language; counts go through `Intl.PluralRules`, numbers through `Intl.NumberFormat`.
 */
import type { Locale } from "../core/org.ts";

/** Parameters of a message: values quoted or listed inside it. */
export type OrgMessageParams = Readonly<Record<string, string | number>>;

type Catalog = Record<OrgMessageCode, (p: OrgMessageParams) => string>;

/** The longest text quoted from the file inside a message, in characters. */
export const MAX_QUOTED = 72;
// Anything a message interpolates is cut here, whatever its origin: a last guard on line length.
const MAX_PARAM = 320;

/**
 * A piece of the file as it may appear in a message: control characters (a binary file, a
 * terminal escape) become "?", and anything longer than `max` characters is cut with "…".
 */
export function quoteFromFile(text: string, max = MAX_QUOTED): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are the point.
  const clean = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffd]/g, "?");
  const flat = clean.replace(/[\t\r\n]+/g, " ");
  const chars = Array.from(flat);
  if (chars.length <= max) return flat;
  return `${chars
    .slice(0, max - 1)
    .join("")
    .trimEnd()}…`;
}

/** The CLDR plural category of a count: "one" for 1 in es and en. */
function isOne(locale: Locale, count: number): boolean {
  return new Intl.PluralRules(locale).select(count) === "one";
}

function num(locale: Locale, value: string | number | undefined, fractionDigits = 0): string {
  const n = Number(value);
  if (!Number.isFinite(n)) return String(value);
  // Below a thousand Spanish and English write a whole number in plain digits; sparing the
  // number formatter there spares loading its locale tables, a tenth of what org check takes.
  if (fractionDigits === 0 && Number.isInteger(n) && n >= 0 && n < 1000) return String(n);
  const options = { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits };
  return new Intl.NumberFormat(locale, options).format(n);
}

/** "3 people", "1 person": a count and the noun in the form the count asks for. */
function count(locale: Locale, n: string | number | undefined, one: string, other: string) {
  const value = Number(n);
  return `${num(locale, value)} ${isOne(locale, value) ? one : other}`;
}

/** A duration written `{ unit: n }` in words: "20 días laborables", "1 month". */
function duration(
  locale: Locale,
  unit: string | number | undefined,
  n: string | number | undefined,
) {
  const words: Record<string, [string, string]> =
    locale === "es"
      ? {
          workingDays: ["día laborable", "días laborables"],
          days: ["día", "días"],
          months: ["mes", "meses"],
        }
      : {
          workingDays: ["working day", "working days"],
          days: ["day", "days"],
          months: ["month", "months"],
        };
  const [one, other] = words[String(unit)] ?? [String(unit), String(unit)];
  return count(locale, n, one, other);
}

function countryName(locale: Locale, code: string | number | undefined): string {
  try {
    return new Intl.DisplayNames([locale], { type: "region" }).of(String(code)) ?? String(code);
  } catch {
    return String(code);
  }
}

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
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  object: "a map (key: value)",
  array: "a list",
};

const esFormats: Record<string, string> = {
  pdf: "un PDF",
  zip: "un Excel, un Word o un ZIP",
  office: "un Excel o un Word",
};

const enFormats: Record<string, string> = {
  pdf: "a PDF",
  zip: "an Excel or Word file, or a zip",
  office: "an Excel or Word file",
};

const esReasons: Record<string, string> = {
  EISDIR: "es una carpeta, no un fichero",
  EACCES: "no hay permiso para leerlo",
  EPERM: "no hay permiso para leerlo",
  ENOTDIR: "una parte de la ruta no es una carpeta",
  ELOOP: "demasiados enlaces simbólicos encadenados",
  ENAMETOOLONG: "la ruta es demasiado larga",
};

const enReasons: Record<string, string> = {
  EISDIR: "it is a folder, not a file",
  EACCES: "permission denied",
  EPERM: "permission denied",
  ENOTDIR: "part of the path is not a folder",
  ELOOP: "too many symbolic links in a row",
  ENAMETOOLONG: "the path is too long",
};

const has = (p: OrgMessageParams, key: string) => p[key] !== undefined && p[key] !== "";

const es = {
  fileUnreadable: (p) =>
    `no se puede leer el fichero: ${esReasons[String(p.reason)] ?? `error ${p.reason}`}`,
  fileMissing: () => "el fichero no existe",
  fileEmpty: () => "el fichero está vacío",
  fileTooLarge: (p) =>
    `el fichero ocupa ${has(p, "size") ? `${num("es", p.size, 1)} MB` : `más de ${num("es", p.max)} MB`}; ` +
    `un fichero de organización no puede pasar de ${num("es", p.max)} MB (caben unas ${num("es", p.people)} personas)`,
  fileBinary: (p) =>
    `no es un fichero de texto${has(p, "format") ? ` (parece ${esFormats[String(p.format)] ?? p.format})` : ""}: ` +
    "un fichero de organización es texto YAML, como org.example.yaml",
  fileUtf16: () => "el fichero está en UTF-16, no en UTF-8: guárdelo con la codificación UTF-8",
  fileLatin1: (p) =>
    `el fichero no está en UTF-8: parece Latin-1/Windows-1252 (línea ${p.line}: "${p.sample}"); ` +
    "guárdelo con la codificación UTF-8",
  fileNotUtf8: (p) =>
    `el fichero no está en UTF-8 (línea ${p.line}): guárdelo con la codificación UTF-8`,
  fileControlChar: (p) =>
    `esta línea contiene un carácter de control invisible (${p.code}): bórrelo`,
  yamlSyntax: () =>
    "YAML mal formado en esta línea: revise la sangría, los dos puntos (clave: valor) y las comillas",
  yamlMoreErrors: (p) =>
    isOne("es", Number(p.count))
      ? "y 1 error de sintaxis más, casi seguro consecuencia del primero"
      : `y ${num("es", p.count)} errores de sintaxis más, casi siempre consecuencia del primero`,
  yamlDuplicateKey: (p) =>
    `clave repetida "${p.key}"${has(p, "first") ? ` (ya está en la línea ${p.first}): deje solo una` : ""}`,
  yamlDuplicateKeyInItem: (p) =>
    `clave repetida "${p.key}" en el mismo elemento (ya está en la línea ${p.first}): ` +
    'si aquí empieza otro, ponga "- " delante',
  yamlTabIndent: () =>
    "esta línea está sangrada con un tabulador: YAML solo admite espacios; cámbielo por espacios",
  yamlBadIndent: () =>
    "sangría incorrecta: las claves de un mismo bloque empiezan en la misma columna",
  yamlIndentLess: (p) =>
    `"${p.key}" está menos sangrado que "${p.sibling}" y las claves que lo rodean: sángrelo como ellas`,
  yamlIndentMore: (p) =>
    `"${p.key}" está más sangrado que "${p.above}", que ya tiene valor: póngalo en la misma columna que "${p.above}"`,
  yamlIndentMisaligned: (p) =>
    `"${p.key}" no está en la misma columna que "${p.sibling}": las claves de un mismo bloque ` +
    `(o de un mismo elemento "- ") van alineadas`,
  yamlHashComment: (p) =>
    `"#" empieza un comentario en YAML, así que ${p.key} se queda sin valor: escriba ${p.key}: "${p.value}"`,
  yamlMissingColon: (p) => `falta ":" después de "${p.key}": escriba ${p.fix}`,
  yamlMissingSpace: (p) => `falta un espacio después de "${p.key}:": escriba ${p.fix}`,
  yamlListAmongKeys: (p) =>
    `un elemento de lista ("- ") entre claves como "${p.above}": en un mismo nivel van solo claves ` +
    `o solo elementos "- "`,
  yamlUnclosedQuote: (p) => `las comillas (${p.quote}) que se abren en esta línea no se cierran`,
  yamlUnclosedBracket: (p) =>
    `el "${p.open}" que se abre en esta línea no se cierra con "${p.close}"`,
  yamlColonInValue: (p) =>
    `el valor lleva ": ", que YAML lee como otra clave: póngalo entre comillas, ${p.fix}`,
  yamlReservedStart: (p) =>
    `un valor no puede empezar por "${p.char}" sin comillas: escriba ${p.fix}`,
  yamlMultipleDocs: () =>
    "el fichero contiene varios documentos YAML (separados por ---); debe haber uno solo",
  yamlNotMap: () => "el fichero debe ser un mapa YAML (company, timezone, people…)",
  required: () => "falta este campo obligatorio",
  wrongType: (p) => `se esperaba ${esTypes[String(p.expected)] ?? p.expected}`,
  unknownKey: (p) =>
    `clave desconocida "${p.key}"` +
    (has(p, "suggestion")
      ? ` (¿quería decir "${p.suggestion}"?)`
      : has(p, "valid")
        ? `; aquí valen: ${p.valid}`
        : ""),
  keyWrongCase: (p) =>
    `"${p.key}": las claves distinguen mayúsculas de minúsculas; escriba "${p.expected}"`,
  keyBelongsUnder: (p) =>
    `"${p.key}" no va aquí: va dentro de ${p.parent} (sangrado debajo de "${p.parentKey}:")`,
  keyBelongsInEntries: (p) =>
    `"${p.key}" no va aquí: va dentro de cada elemento de ${p.list} (debajo de su "- ")`,
  keyBelongsUnderOneOf: (p) =>
    `"${p.key}" no va aquí: va dentro de uno de estos bloques: ${p.parents}`,
  notOneOf: (p) =>
    `valor no válido${has(p, "value") ? ` "${p.value}"` : ""}; debe ser uno de: ${p.values}`,
  yesNoBoolean: (p) => `"${p.value}" no es true ni false: escriba true o false, sin comillas`,
  numberAsText: (p) =>
    `"${p.value}" es un texto: escriba solo el número, ${p.number}, sin comillas`,
  notAList: (p) => `se esperaba una lista: escriba [${p.value}]`,
  emptyList: () => "la lista no puede estar vacía",
  emptyText: () => "no puede estar vacío",
  notPositive: () => "debe ser un entero mayor que 0",
  negative: () => "no puede ser negativo",
  tooBig: (p) => `no puede ser mayor que ${num("es", p.maximum)}`,
  invalidValue: () => "valor no válido",
  badEmail: (p) => `e-mail no válido "${p.value}"`,
  badSlackId: (p) => `id de Slack no válido "${p.value}" (debe ser como U0123ABCD)`,
  badTime: (p) => `hora no válida "${p.value}" (formato HH:mm, p. ej. "09:00")`,
  badDate: (p) => `fecha no válida "${p.value}" (formato AAAA-MM-DD, p. ej. "2026-12-24")`,
  badZone: (p) =>
    `zona horaria IANA desconocida "${p.value}"` +
    (has(p, "suggestion")
      ? ` (¿quería decir ${p.suggestion}?)`
      : " (p. ej. Europe/Madrid, America/Mexico_City, America/Argentina/Buenos_Aires)"),
  offsetNotZone: (p) =>
    `"${p.value}" es un desfase horario, no una zona: use la zona de su ciudad, p. ej. ${p.suggestions}`,
  fixedOffsetZone: (p) =>
    `${p.zone} es un desfase fijo (${p.offset} todo el año) que nunca cambia al horario de verano: ` +
    `si su empresa lo cambia, use la zona de su ciudad, p. ej. ${p.suggestions}`,
  abbreviatedZone: (p) =>
    `${p.zone} es una abreviatura que sigue las reglas de ${p.follows}: ` +
    `use la zona de su ciudad, p. ej. ${p.suggestions}`,
  badChannel: (p) =>
    `canal no válido "${p.value}" (en Slack, "#fidelizacion" o su id; en Teams, el enlace de "Obtener vínculo al canal" o "id del equipo/19:…")`,
  badDepartmentId: (p) =>
    `id de departamento no válido "${p.value}" (minúsculas, cifras, - y _; p. ej. logistica)`,
  badCountry: (p) =>
    `país no válido "${p.value}": se escribe con su código de dos letras` +
    (has(p, "suggestion")
      ? ` ("${p.suggestion}" para ${countryName("es", p.suggestion)})`
      : " (p. ej. ES, MX, AR, US)"),
  dayOrder: (p) => `dayEnds (${p.ends}) debe ser posterior a dayStarts (${p.starts})`,
  durationShape: () =>
    "un plazo lleva exactamente una de estas claves: workingDays, days o months (p. ej. { days: 10 })",
  answerWithinUnit: () => "el plazo de respuesta se da en workingDays o days, no en months",
  answerWithinTooLong: (p) =>
    `el plazo de respuesta no puede pasar de ${duration("es", p.unit, p.max)}: ` +
    "una bomba sin respuesta debe subir de escalón en semanas, no en meses",
  resolveWithinTooLong: (p) =>
    `no puede pasar de ${duration("es", p.unit, p.max)}: ` +
    "una solución se compromete como mucho a dos años vista",
  remindBeforeTooLong: (p) =>
    `no puede pasar de ${duration("es", p.unit, p.max)}: el aviso llega antes de la fecha ` +
    "comprometida, que está como mucho a dos años vista",
  remindNotShorter: (p) =>
    `remindBefore (${duration("es", p.remindUnit, p.remind)}) debe ser más corto que resolveWithin ` +
    `(${duration("es", p.resolveUnit, p.resolve)}): si no, el recordatorio caería antes de que nadie ` +
    "acepte la bomba y no se enviaría nunca",
  duplicateWorkday: (p) => `día repetido "${p.value}"`,
  regionWithoutCountry: () => "region necesita también country",
  exceptWithoutCountry: () =>
    "except necesita country: solo quita festivos del calendario de un país",
  exceptNotHoliday: (p) =>
    `${p.date} no es festivo en ${p.calendar}: except solo admite festivos del calendario ` +
    "que su empresa trabaja",
  exceptAlsoExtra: (p) => `${p.date} está a la vez en extra y en except`,
  unknownHolidayCountry: (p) =>
    `país sin calendario de festivos conocido "${p.country}"` +
    (has(p, "suggestion")
      ? ` (¿quería decir "${p.suggestion}", ${countryName("es", p.suggestion)}?)`
      : ""),
  unknownHolidayRegion: (p) =>
    `región desconocida "${p.region}" para el país ${p.country}` +
    (has(p, "suggestion") ? ` (¿quería decir "${p.suggestion}", ${p.suggestionName}?)` : "") +
    `; regiones válidas: ${p.valid}`,
  countryHasNoRegions: (p) =>
    `${countryName("es", p.country)} (${p.country}) no tiene festivos por región en el calendario: quite region`,
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
  warning: () => "aviso",
  issueCount: (p) => `${count("es", p.count, "error", "errores")} en ${p.file}`,
  summary: (p) =>
    `${p.file} correcto: ${p.company}, ${count("es", p.people, "persona", "personas")}, ` +
    `${count("es", p.departments, "departamento", "departamentos")}, ${p.zone}, ${p.locale}` +
    (Number(p.warnings ?? 0) > 0 ? ` (${count("es", p.warnings, "aviso", "avisos")})` : ""),
  usage: () => "uso: bomba org check [FICHERO]   (por defecto $BOMBA_ORG o ./org.yaml)",
  internalError: (p) => `error inesperado al comprobar ${p.file}: ${p.reason}`,
} satisfies Record<string, (p: OrgMessageParams) => string>;

/** Every message the org loader and `bomba org check` can say. */
export type OrgMessageCode = keyof typeof es;

const en: Catalog = {
  fileUnreadable: (p) =>
    `cannot read the file: ${enReasons[String(p.reason)] ?? `error ${p.reason}`}`,
  fileMissing: () => "the file does not exist",
  fileEmpty: () => "the file is empty",
  fileTooLarge: (p) =>
    `the file is ${has(p, "size") ? `${num("en", p.size, 1)} MB` : `over ${num("en", p.max)} MB`}; ` +
    `an org file can be at most ${num("en", p.max)} MB (room for about ${num("en", p.people)} people)`,
  fileBinary: (p) =>
    `this is not a text file${has(p, "format") ? ` (it looks like ${enFormats[String(p.format)] ?? p.format})` : ""}: ` +
    "an org file is YAML text, like org.example.yaml",
  fileUtf16: () => "the file is UTF-16, not UTF-8: save it with UTF-8 encoding",
  fileLatin1: (p) =>
    `the file is not UTF-8: it looks like Latin-1/Windows-1252 (line ${p.line}: "${p.sample}"); ` +
    "save it with UTF-8 encoding",
  fileNotUtf8: (p) => `the file is not UTF-8 (line ${p.line}): save it with UTF-8 encoding`,
  fileControlChar: (p) => `this line holds an invisible control character (${p.code}): delete it`,
  yamlSyntax: () =>
    "malformed YAML on this line: check the indentation, the colons (key: value) and the quotes",
  yamlMoreErrors: (p) =>
    isOne("en", Number(p.count))
      ? "and 1 more syntax error, most likely caused by the first"
      : `and ${num("en", p.count)} more syntax errors, most likely caused by the first`,
  yamlDuplicateKey: (p) =>
    `duplicate key "${p.key}"${has(p, "first") ? ` (already on line ${p.first}): keep only one` : ""}`,
  yamlDuplicateKeyInItem: (p) =>
    `duplicate key "${p.key}" in the same item (already on line ${p.first}): ` +
    'if another entry starts here, put "- " in front of it',
  yamlTabIndent: () =>
    "this line is indented with a tab: YAML only allows spaces; replace it with spaces",
  yamlBadIndent: () => "wrong indentation: the keys of one block must start in the same column",
  yamlIndentLess: (p) =>
    `"${p.key}" is indented less than "${p.sibling}" and the keys around it: indent it like them`,
  yamlIndentMore: (p) =>
    `"${p.key}" is indented more than "${p.above}", which already has a value: line it up with "${p.above}"`,
  yamlIndentMisaligned: (p) =>
    `"${p.key}" is not in the same column as "${p.sibling}": the keys of one block ` +
    `(or of one "- " item) must line up`,
  yamlHashComment: (p) =>
    `"#" starts a comment in YAML, so ${p.key} is left without a value: write ${p.key}: "${p.value}"`,
  yamlMissingColon: (p) => `missing ":" after "${p.key}": write ${p.fix}`,
  yamlMissingSpace: (p) => `missing a space after "${p.key}:": write ${p.fix}`,
  yamlListAmongKeys: (p) =>
    `a list item ("- ") among keys such as "${p.above}": one level holds either keys or "- " items, not both`,
  yamlUnclosedQuote: (p) => `the quote (${p.quote}) opened on this line is never closed`,
  yamlUnclosedBracket: (p) => `the "${p.open}" opened on this line is not closed with "${p.close}"`,
  yamlColonInValue: (p) =>
    `the value holds ": ", which YAML reads as another key: put it in quotes, ${p.fix}`,
  yamlReservedStart: (p) => `a value cannot start with "${p.char}" unless quoted: write ${p.fix}`,
  yamlMultipleDocs: () =>
    "the file holds several YAML documents (separated by ---); there must be only one",
  yamlNotMap: () => "the file must be a YAML map (company, timezone, people…)",
  required: () => "this field is required",
  wrongType: (p) => `expected ${enTypes[String(p.expected)] ?? p.expected}`,
  unknownKey: (p) =>
    `unknown key "${p.key}"` +
    (has(p, "suggestion")
      ? ` (did you mean "${p.suggestion}"?)`
      : has(p, "valid")
        ? `; valid here: ${p.valid}`
        : ""),
  keyWrongCase: (p) => `"${p.key}": keys are case-sensitive; write "${p.expected}"`,
  keyBelongsUnder: (p) =>
    `"${p.key}" does not go here: it belongs under ${p.parent} (indented below "${p.parentKey}:")`,
  keyBelongsInEntries: (p) =>
    `"${p.key}" does not go here: it belongs in each entry of ${p.list} (below its "- ")`,
  keyBelongsUnderOneOf: (p) =>
    `"${p.key}" does not go here: it belongs in one of these blocks: ${p.parents}`,
  notOneOf: (p) =>
    `invalid value${has(p, "value") ? ` "${p.value}"` : ""}; must be one of: ${p.values}`,
  yesNoBoolean: (p) =>
    `"${p.value}" is neither true nor false: write true or false, without quotes`,
  numberAsText: (p) => `"${p.value}" is text: write just the number, ${p.number}, without quotes`,
  notAList: (p) => `expected a list: write [${p.value}]`,
  emptyList: () => "the list cannot be empty",
  emptyText: () => "cannot be empty",
  notPositive: () => "must be a whole number greater than 0",
  negative: () => "cannot be negative",
  tooBig: (p) => `cannot be greater than ${num("en", p.maximum)}`,
  invalidValue: () => "invalid value",
  badEmail: (p) => `invalid email address "${p.value}"`,
  badSlackId: (p) => `invalid Slack ID "${p.value}" (it looks like U0123ABCD)`,
  badTime: (p) => `invalid time "${p.value}" (format HH:mm, e.g. "09:00")`,
  badDate: (p) => `invalid date "${p.value}" (format YYYY-MM-DD, e.g. "2026-12-24")`,
  badZone: (p) =>
    `unknown IANA time zone "${p.value}"` +
    (has(p, "suggestion")
      ? ` (did you mean ${p.suggestion}?)`
      : " (e.g. America/New_York, America/Chicago, Europe/London)"),
  offsetNotZone: (p) =>
    `"${p.value}" is a UTC offset, not a time zone: use your city's zone, e.g. ${p.suggestions}`,
  fixedOffsetZone: (p) =>
    `${p.zone} is a fixed offset (${p.offset} all year) that never changes to daylight saving time: ` +
    `if your company does, use your city's zone, e.g. ${p.suggestions}`,
  abbreviatedZone: (p) =>
    `${p.zone} is an abbreviation that follows the rules of ${p.follows}: ` +
    `use your city's zone, e.g. ${p.suggestions}`,
  badChannel: (p) =>
    `invalid channel "${p.value}" (in Slack, "#customer-loyalty" or its ID; in Teams, the link "Get link to channel" gives or "team ID/19:…")`,
  badDepartmentId: (p) =>
    `invalid department id "${p.value}" (lower-case letters, digits, - and _; e.g. logistics)`,
  badCountry: (p) =>
    `invalid country "${p.value}": use its two-letter code` +
    (has(p, "suggestion")
      ? ` ("${p.suggestion}" for ${countryName("en", p.suggestion)})`
      : " (e.g. US, MX, AR, ES)"),
  dayOrder: (p) => `dayEnds (${p.ends}) must be later than dayStarts (${p.starts})`,
  durationShape: () =>
    "a duration has exactly one of these keys: workingDays, days or months (e.g. { days: 10 })",
  answerWithinUnit: () => "the answer window is given in workingDays or days, not months",
  answerWithinTooLong: (p) =>
    `the answer window cannot be longer than ${duration("en", p.unit, p.max)}: ` +
    "an unanswered bomb must climb within weeks, not months",
  resolveWithinTooLong: (p) =>
    `cannot be longer than ${duration("en", p.unit, p.max)}: ` +
    "a solution is committed at most two years ahead",
  remindBeforeTooLong: (p) =>
    `cannot be longer than ${duration("en", p.unit, p.max)}: the reminder comes before the ` +
    "committed date, which is at most two years ahead",
  remindNotShorter: (p) =>
    `remindBefore (${duration("en", p.remindUnit, p.remind)}) must be shorter than resolveWithin ` +
    `(${duration("en", p.resolveUnit, p.resolve)}): otherwise the reminder would fall before anyone ` +
    "accepts the bomb and would never be sent",
  duplicateWorkday: (p) => `"${p.value}" is listed twice`,
  regionWithoutCountry: () => "region needs a country too",
  exceptWithoutCountry: () =>
    "except needs a country: it only removes holidays from a country's calendar",
  exceptNotHoliday: (p) =>
    `${p.date} is not a holiday in ${p.calendar}: except only lists the calendar's holidays ` +
    "that your company works",
  exceptAlsoExtra: (p) => `${p.date} is in both extra and except`,
  unknownHolidayCountry: (p) =>
    `no known holiday calendar for country "${p.country}"` +
    (has(p, "suggestion")
      ? ` (did you mean "${p.suggestion}", ${countryName("en", p.suggestion)}?)`
      : ""),
  unknownHolidayRegion: (p) =>
    `unknown region "${p.region}" for country ${p.country}` +
    (has(p, "suggestion") ? ` (did you mean "${p.suggestion}", ${p.suggestionName}?)` : "") +
    `; valid regions: ${p.valid}`,
  countryHasNoRegions: (p) =>
    `${countryName("en", p.country)} (${p.country}) has no regional holidays in the calendar: remove region`,
  personNeedsKey: () => "each person needs an email or a slack ID",
  personHasBothKeys: () => "each person has an email or a slack ID, not both",
  unknownPerson: (p) => `unknown person "${p.ref}"`,
  duplicateEmail: (p) => `duplicate email address "${p.value}" (already at ${p.other})`,
  duplicateSlack: (p) => `duplicate Slack ID "${p.value}" (already at ${p.other})`,
  duplicateDepartment: (p) => `duplicate department "${p.value}" (already at ${p.other})`,
  cycle: (p) => `reportsTo goes round in a circle: ${p.people}`,
  ceoHasSuperior: (p) => `the CEO (${p.ceo}) cannot have a reportsTo`,
  multipleRoots: (p) =>
    `more than one person has no reportsTo (${p.people}); only the CEO can have no superior`,
  rootNotCeo: (p) => `${p.person} has no reportsTo, but the CEO is ${p.ceo}`,
  noPathToCeo: (p) => `${p.person} does not reach the CEO: the chain breaks at ${p.stop}`,
  warning: () => "warning",
  issueCount: (p) => `${count("en", p.count, "error", "errors")} in ${p.file}`,
  summary: (p) =>
    `${p.file} OK: ${p.company}, ${count("en", p.people, "person", "people")}, ` +
    `${count("en", p.departments, "department", "departments")}, ${p.zone}, ${p.locale}` +
    (Number(p.warnings ?? 0) > 0 ? ` (${count("en", p.warnings, "warning", "warnings")})` : ""),
  usage: () => "usage: bomba org check [FILE]   (default $BOMBA_ORG or ./org.yaml)",
  internalError: (p) => `unexpected error while checking ${p.file}: ${p.reason}`,
};

const catalogs: Record<Locale, Catalog> = { es, en };

/** The text of one org message in a locale; every text parameter is bounded and printable. */
export function orgMessage(
  locale: Locale,
  code: OrgMessageCode,
  params: OrgMessageParams = {},
): string {
  const safe: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(params)) {
    safe[key] = typeof value === "string" ? quoteFromFile(value, MAX_PARAM) : value;
  }
  return catalogs[locale][code](safe);
}
