/**
 * Checks an Adaptive Card the way the tests need: against the published Adaptive Card 1.5.0 JSON
 * schema (`adaptive-card-1.5.0.schema.json` beside this file, see its README), through the
 * `adaptivecards` package's own parser and validator (the library Microsoft's renderers are
 * built on), and against Teams' rules: version 1.5, a fallback text, under 40 KB.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { CARD_BYTE_LIMIT, jsonBytes } from "../../src/teams/cards/adaptive.ts";

// ajv-formats is CommonJS with a `default` property; under NodeNext the import is `exports`.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const require = createRequire(import.meta.url);

/** What a message may weigh in Teams before it answers 413. */
export const TEAMS_MESSAGE_LIMIT = 40 * 1024;

type Json = Record<string, unknown>;

function schemaValidator() {
  const schema = JSON.parse(
    readFileSync(new URL("./adaptive-card-1.5.0.schema.json", import.meta.url), "utf8"),
  ) as Json & { definitions: Record<string, { properties: Json }> };
  // The schema names itself with draft-04's `id`, which ajv 8 reads as nothing: drop it.
  delete schema.id;
  // Teams' one extension the bot uses: a people picker's dynamic choices (`choices.data`,
  // standard from 1.6), which Teams renders in 1.5 cards.
  const choiceSet = schema.definitions["Input.ChoiceSet"];
  if (choiceSet === undefined) throw new Error("the schema has no Input.ChoiceSet");
  choiceSet.properties["choices.data"] = {
    type: "object",
    additionalProperties: false,
    properties: { type: { enum: ["Data.Query"] }, dataset: { type: "string" } },
    required: ["type", "dataset"],
  };
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addMetaSchema(require("ajv/dist/refs/json-schema-draft-06.json") as Json);
  addFormats(ajv);
  return ajv.compile(schema);
}

let validate: ReturnType<typeof schemaValidator> | undefined;

interface AdaptiveCardsLibrary {
  AdaptiveCard: new () => {
    parse(json: unknown, context: unknown): void;
    validateProperties(): { validationEvents: { event: number; message: string }[] };
  };
  SerializationContext: new (
    version: unknown,
  ) => {
    eventCount: number;
    getEventAt(index: number): { event: number; message: string };
  };
  Version: new (major: number, minor: number) => unknown;
  ValidationEvent: Record<number, string>;
}

let library: AdaptiveCardsLibrary | undefined;

/** The `adaptivecards` package: its UMD bundle, which loads in Node without a DOM. */
function adaptiveCardsLibrary(): AdaptiveCardsLibrary {
  library ??= require("adaptivecards/dist/adaptivecards.js") as AdaptiveCardsLibrary;
  return library;
}

// The library does not know Teams' `choices.data` and so sees a people picker without choices.
const TEAMS_EXTENSIONS = [/choices\.data/i, /choices.*(empty|at least one)|no choices/i];

/** The `adaptivecards` parser's and validator's complaints about `card`, as 1.5. */
export function libraryProblems(card: unknown): string[] {
  const ac = adaptiveCardsLibrary();
  const parsed = new ac.AdaptiveCard();
  const context = new ac.SerializationContext(new ac.Version(1, 5));
  parsed.parse(card, context);
  const out: string[] = [];
  for (let i = 0; i < context.eventCount; i += 1) {
    const event = context.getEventAt(i);
    out.push(`parse ${ac.ValidationEvent[event.event]}: ${event.message}`);
  }
  for (const event of parsed.validateProperties().validationEvents) {
    out.push(`validate ${ac.ValidationEvent[event.event]}: ${event.message}`);
  }
  return out.filter((problem) => !TEAMS_EXTENSIONS.some((allowed) => allowed.test(problem)));
}

/** Where `card` breaks the 1.5.0 JSON schema (most specific errors). */
export function schemaProblems(card: unknown): string[] {
  validate ??= schemaValidator();
  if (validate(card)) return [];
  // The schema's anyOf over every element type makes raw errors noisy: keep the telling ones.
  const telling = (validate.errors ?? []).filter((error) =>
    ["additionalProperties", "enum", "required", "type", "const"].includes(error.keyword),
  );
  const lines = telling.map(
    (error) =>
      `${error.instancePath} ${error.message ?? ""}${
        "additionalProperty" in error.params ? ` '${String(error.params.additionalProperty)}'` : ""
      }`,
  );
  return lines.length > 0 ? [...new Set(lines)] : ["schema: invalid"];
}

/** Teams' own rules: version 1.5, a fallback text, unique input ids, under the size limit. */
export function teamsProblems(card: unknown): string[] {
  const out: string[] = [];
  const json = card as Json;
  if (json.version !== "1.5") out.push(`version ${String(json.version)}, not 1.5`);
  if (typeof json.fallbackText !== "string" || json.fallbackText.trim() === "") {
    out.push("no fallbackText");
  }
  const bytes = jsonBytes(card);
  if (bytes > CARD_BYTE_LIMIT) out.push(`${bytes} bytes > ${CARD_BYTE_LIMIT}`);
  const ids = inputIds(card);
  if (new Set(ids).size !== ids.length) out.push(`input ids repeat: ${ids.join(", ")}`);
  return out;
}

/** Every problem of `card`: schema, library and Teams' rules; empty when it is fine. */
export function cardProblems(card: unknown): string[] {
  return [...schemaProblems(card), ...libraryProblems(card), ...teamsProblems(card)];
}

/** The ids of every input in `card`, in order. */
export function inputIds(card: unknown): string[] {
  return elements(card)
    .filter((element) => typeof element.type === "string" && element.type.startsWith("Input."))
    .map((element) => String(element.id));
}

/** Every element of a card body, depth first (containers' items included). */
export function elements(card: unknown): Json[] {
  const out: Json[] = [];
  const walk = (items: unknown) => {
    if (!Array.isArray(items)) return;
    for (const item of items as Json[]) {
      out.push(item);
      walk(item.items);
    }
  };
  walk((card as Json).body);
  return out;
}

/** All the text a person reads on `card`: text blocks, facts, labels, choices, buttons. */
export function cardText(card: unknown): string {
  const parts: string[] = [];
  for (const element of elements(card)) {
    if (typeof element.text === "string") parts.push(element.text);
    if (typeof element.label === "string") parts.push(element.label);
    if (Array.isArray(element.facts)) {
      for (const fact of element.facts as { title: string; value: string }[]) {
        parts.push(`${fact.title}: ${fact.value}`);
      }
    }
    if (Array.isArray(element.choices)) {
      for (const choice of element.choices as { title: string }[]) parts.push(choice.title);
    }
  }
  for (const action of ((card as Json).actions ?? []) as { title: string }[])
    parts.push(action.title);
  return parts.join("\n");
}
