import { describe, expect, it } from "vitest";
import { catalog } from "../../src/i18n/catalog.ts";
import { cliCatalog } from "../../src/i18n/cli-catalog.ts";
import { counted } from "../../src/i18n/plural.ts";

describe("counted nouns", () => {
  it.each([
    ["en", 0, "0 bombs"],
    ["en", 1, "1 bomb"],
    ["en", 2, "2 bombs"],
    ["en", 12_000, "12,000 bombs"],
    ["es", 0, "0 bombas"],
    ["es", 1, "1 bomba"],
    ["es", 2, "2 bombas"],
    ["es", 12_000, "12.000 bombas"],
  ] as const)("%s %i → %s", (locale, n, text) => {
    const forms =
      locale === "en" ? { one: "bomb", other: "bombs" } : { one: "bomba", other: "bombas" };
    expect(counted(locale, n, forms)).toBe(text);
  });
});

describe("the command line's counts read as a native speaker writes them", () => {
  it.each([
    [
      "en",
      1,
      "tick T: 1 bomb advanced (1 step, 1 message)",
      "daily digest for D: 1 message queued",
      "1 message delivered, 0 to retry, 1 failed",
      "End: 1 step, 1 message.",
      "Acme: 1 person and 1 department imported; 1 bomb reassigned.",
    ],
    [
      "en",
      2,
      "tick T: 2 bombs advanced (2 steps, 2 messages)",
      "daily digest for D: 2 messages queued",
      "2 messages delivered, 0 to retry, 2 failed",
      "End: 2 steps, 2 messages.",
      "Acme: 2 people and 2 departments imported; 2 bombs reassigned.",
    ],
    [
      "es",
      1,
      "tick T: 1 bomba avanzada (1 paso, 1 mensaje)",
      "resumen diario del D: 1 mensaje en cola",
      "1 mensaje entregado, 0 por reintentar, 1 fallido",
      "Fin: 1 paso, 1 mensaje.",
      "Acme: 1 persona y 1 departamento importados; 1 bomba reasignada.",
    ],
    [
      "es",
      2,
      "tick T: 2 bombas avanzadas (2 pasos, 2 mensajes)",
      "resumen diario del D: 2 mensajes en cola",
      "2 mensajes entregados, 0 por reintentar, 2 fallidos",
      "Fin: 2 pasos, 2 mensajes.",
      "Acme: 2 personas y 2 departamentos importados; 2 bombas reasignadas.",
    ],
  ] as const)("%s, %i of each", (locale, n, tick, queued, delivered, end, imported) => {
    const cli = cliCatalog(locale);
    expect(cli.tick.done({ at: "T", bombs: n, events: n, messages: n })).toBe(tick);
    expect(cli.tick.queued({ job: "digest", period: "D", rows: n, late: false })).toBe(queued);
    expect(cli.tick.delivered({ sent: n, retried: 0, failed: n, dropped: 0 })).toBe(delivered);
    const words = catalog(locale).words;
    expect(words.simulationEnd({ events: n, messages: n })).toBe(end);
    expect(words.imported({ company: "Acme", people: n, departments: n, moved: n })).toBe(imported);
  });
});
