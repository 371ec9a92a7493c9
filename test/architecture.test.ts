/**
 * The rooms of src/ and the doors between them (README, "How it is built"): the core, the app,
 * the store, the reports, the neutral chat views and the words know no chat platform; every SQL
 * statement lives in the store; the core depends on nothing of ours outside it; no file imports
 * itself back through another. Read from the sources' import lines, type-only ones included.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const src = resolve(import.meta.dirname, "..", "src");

interface Source {
  /** Path under src/, with forward slashes. */
  path: string;
  text: string;
  /** What it imports: a path under src/ for our own files, else the package's specifier. */
  imports: string[];
}

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourcesUnder(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

// Static imports and re-exports (type-only too), dynamic imports, and CommonJS requires.
const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s+["']([^"']+)["']|(?:^|\n)\s*import\s+["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)|\brequire(?:\.resolve)?\(\s*["']([^"']+)["']\s*\)/g;

function importsOf(file: string, text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2] ?? match[3] ?? match[4];
    if (specifier === undefined) continue;
    found.push(
      specifier.startsWith(".") ? relative(src, resolve(dirname(file), specifier)) : specifier,
    );
  }
  return found;
}

const sources: Source[] = sourcesUnder(src).map((file) => {
  const text = readFileSync(file, "utf8");
  return { path: relative(src, file), text, imports: importsOf(file, text) };
});

const roomOf = (path: string) => (path.includes("/") ? path.slice(0, path.indexOf("/")) : "");

/** Rooms that serve every platform: they may not know one. */
const NEUTRAL = new Set(["core", "app", "store", "report", "chat", "i18n", "org"]);
/** Where each platform's adapter lives, and the command line above them all. */
const EDGES = new Set(["slack", "teams", "cli"]);
const PLATFORM_PACKAGE = /^@slack\/|^@microsoft\//;
const SQL_PACKAGE = /^(drizzle-orm|drizzle-kit|better-sqlite3|pg)(\/|$)/;

/**
 * What issue 11 has still to move, each with where it goes: the rules hold everywhere else, and
 * this list must shrink, never grow (a line fixed must leave it, or the test fails).
 */
const STILL_TO_MOVE = {
  imports: [] as string[],
  concepts: [
    // Legacy column and table kept until the data step has run everywhere (a later release drops them).
    "store/schema.ts: \\bslack_messages\\b",
    "store/schema.ts: \\bslackId\\b",
    "store/schema.ts: \\bslack_id\\b",
    // The data step that moves them: it must name what it moves.
    "store/sqlite/data-steps.ts: \\bslack_messages\\b",
    "store/sqlite/data-steps.ts: \\bslack_id\\b",
  ],
};

/** Each offending line, as "file → import". */
function offences(test: (source: Source, imported: string) => boolean): string[] {
  return sources.flatMap((source) =>
    source.imports
      .filter((imported) => test(source, imported))
      .map((imported) => `${source.path} → ${imported}`),
  );
}

/**
 * The floors of the house: each room imports only the rooms listed (and itself). From the ground:
 * the core; the words, the org file, the store; the reports; the neutral chat views; the app; the
 * platform adapters; the command line on top. `log.ts` and `config/` are used from anywhere above;
 * `package-root.ts` (the package's own files) from the store up.
 */
const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  core: [],
  "": [], // src/log.ts, src/package-root.ts
  config: ["core"],
  i18n: ["core"],
  org: ["core", "i18n"],
  store: ["core", ""], // src/package-root.ts: where the migrations are
  report: ["core", "i18n"],
  chat: ["core", "i18n", "report"],
  app: ["core", "i18n", "org", "store", "report", "chat", ""],
  slack: ["core", "i18n", "org", "store", "report", "chat", "app", "config", ""],
  teams: ["core", "i18n", "org", "store", "report", "chat", "app", "config", ""],
  cli: ["core", "i18n", "org", "store", "report", "chat", "app", "config", "", "slack", "teams"],
};

describe("the rooms of src/", () => {
  it("each room imports only the floors below it", () => {
    const rooms = new Set(sources.map((source) => roomOf(source.path)));
    expect([...rooms].filter((room) => MAY_IMPORT[room] === undefined)).toEqual([]);
    expect(
      offences((source, imported) => {
        if (!imported.endsWith(".ts")) return false;
        const from = roomOf(source.path);
        const to = roomOf(imported);
        return from !== to && !(MAY_IMPORT[from] ?? []).includes(to);
      }),
    ).toEqual(STILL_TO_MOVE.imports);
  });

  it("finds the sources and their imports", () => {
    // Guards the reader itself: a regex that found nothing would let every rule pass.
    expect(sources.length).toBeGreaterThan(100);
    const calendar = sources.find((source) => source.path === "core/calendar.ts");
    expect(calendar?.imports).toContain("luxon");
    const main = sources.find((source) => source.path === "cli/main.ts");
    expect(main?.imports.some((imported) => imported.startsWith("cli/"))).toBe(true);
  });

  it("the core, the app, the store, the reports, the chat views and the words import no platform", () => {
    expect(
      offences(
        (source, imported) =>
          NEUTRAL.has(roomOf(source.path)) &&
          (PLATFORM_PACKAGE.test(imported) || EDGES.has(roomOf(imported))),
      ),
    ).toEqual(STILL_TO_MOVE.imports);
  });

  it("the core depends on nothing of ours outside it", () => {
    expect(
      offences(
        (source, imported) =>
          roomOf(source.path) === "core" && imported.endsWith(".ts") && roomOf(imported) !== "core",
      ),
    ).toEqual([]);
  });

  it("every SQL statement is the store's: no database library outside src/store", () => {
    expect(
      offences((source, imported) => roomOf(source.path) !== "store" && SQL_PACKAGE.test(imported)),
    ).toEqual([]);
  });

  it("the neutral rooms name no Slack concept", () => {
    // Slack's user ids, Block Kit, message timestamps as references, channels by "#name".
    const concepts = [
      /\bisSlackUserId\b/,
      /\bKnownBlock\b/,
      /\bslack_messages\b/,
      /\bslackId\b/,
      /\bslack_id\b/,
    ];
    // The org file names each person's address on a platform by key (`slack:`), SPEC §3: its
    // loader may say so; the rooms behind it may not.
    const named = sources
      .filter((source) => NEUTRAL.has(roomOf(source.path)) && roomOf(source.path) !== "org")
      .flatMap((source) =>
        concepts
          .filter((concept) => concept.test(source.text))
          .map((concept) => `${source.path}: ${concept.source}`),
      );
    expect(named.sort()).toEqual([...STILL_TO_MOVE.concepts].sort());
  });

  it("the listeners only parse and render: the rules behind an interaction are the use cases'", () => {
    // A listener that read the store, asked the role rules or called a command's use case itself
    // would hold policy a second adapter has to copy (issue 11, item 3).
    const listener = /^(slack|teams)\/(listeners\/|view-submissions\.ts$)/;
    const policy =
      /^(store\/|core\/(roles|quarter|transitions|checks)\.ts$|core\/commands\/|app\/(bomb-actions|digest|quarterly-report)\.ts$)/;
    expect(sources.filter((source) => listener.test(source.path)).length).toBeGreaterThan(3);
    expect(
      offences((source, imported) => listener.test(source.path) && policy.test(imported)),
    ).toEqual([]);
  });

  it("the bundle stays small and finds its files: zod as a namespace, files beside the code from the package root", () => {
    // `import { z } from "zod"` keeps zod's 60-odd locale modules in the bin's bundle (the zod
    // chunk doubles); `import * as z` lets the bundler drop them.
    expect(
      sources
        .filter((source) => /import\s*\{[^}]*\}\s*from\s*["']zod["']/.test(source.text))
        .map((source) => source.path),
    ).toEqual([]);
    // In the bundle every module lives in dist/: a path taken from a module's own URL points
    // somewhere else than from src/. Packages resolve through createRequire; files through
    // packagePath (src/package-root.ts). The icons script runs from src/ only (npm run icons).
    const ownUrl = sources.filter(
      (source) =>
        /import\.meta\.(url|dirname|filename)/.test(
          source.text.replace(/createRequire\(import\.meta\.url\)/g, ""),
        ) && source.path !== "package-root.ts",
    );
    expect(ownUrl.map((source) => source.path)).toEqual(["teams/icons.ts"]);
  });

  it("no file imports itself back through others", () => {
    const byPath = new Map(sources.map((source) => [source.path, source]));
    const state = new Map<string, "open" | "done">();
    const cycles: string[] = [];
    const visit = (path: string, trail: string[]) => {
      state.set(path, "open");
      for (const next of byPath.get(path)?.imports ?? []) {
        if (!byPath.has(next)) continue;
        if (state.get(next) === "open") {
          cycles.push([...trail.slice(trail.indexOf(next)), next].join(" → "));
        } else if (state.get(next) === undefined) {
          visit(next, [...trail, next]);
        }
      }
      state.set(path, "done");
    };
    for (const source of sources) {
      if (state.get(source.path) === undefined) visit(source.path, [source.path]);
    }
    expect(cycles).toEqual([]);
  });
});
