/**
 * Every SQL statement lives in src/store: the app, the chat adapters and the reports talk to the
 * `Store` interface only, so PostgreSQL can be one more implementation of it. Only the CLI, which
 * picks the implementation, may open the SQLite store (and nothing inside it but the opener).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

const outsideStore = sourceFiles(join(root, "src"))
  .map((path) => ({ file: relative(root, path), text: readFileSync(path, "utf8") }))
  .filter(({ file }) => !file.startsWith("src/store/"));

/** The module specifiers a file imports (static and dynamic). */
function importsOf(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)) {
    if (m[1] !== undefined) found.push(m[1]);
  }
  return found;
}

describe("SQL stays in src/store", () => {
  it("finds the source files it checks", () => {
    expect(outsideStore.length).toBeGreaterThan(50);
  });

  it("no file outside src/store imports drizzle, better-sqlite3 or the schema", () => {
    const offending = outsideStore.flatMap(({ file, text }) =>
      importsOf(text)
        .filter(
          (spec) =>
            spec.startsWith("drizzle-orm") ||
            spec === "better-sqlite3" ||
            spec.endsWith("store/schema.ts"),
        )
        .map((spec) => `${file}: ${spec}`),
    );
    expect(offending).toEqual([]);
  });

  it("only the CLI opens the SQLite store, through its opener alone", () => {
    const offending = outsideStore.flatMap(({ file, text }) =>
      importsOf(text)
        .filter((spec) => spec.includes("store/sqlite/"))
        .filter((spec) => !(file.startsWith("src/cli/") && spec.endsWith("store/sqlite/store.ts")))
        .map((spec) => `${file}: ${spec}`),
    );
    expect(offending).toEqual([]);
  });

  it("no file outside src/store reaches for a database handle or runs SQL text", () => {
    const patterns = [
      /\b(svc|store)\.db\b/,
      /\bdb\.(select|insert|update|delete|get|run|all)\(/,
      /\$client/,
      /\.prepare\(/,
      /\bSELECT\b[^"`]*\bFROM\b/,
    ];
    const offending = outsideStore.flatMap(({ file, text }) =>
      text
        .split("\n")
        .map((line, i) => ({ line, n: i + 1 }))
        // Comments may talk about the database; code may not touch it.
        .filter(({ line }) => !/^\s*(\*|\/\/|\/\*)/.test(line))
        .filter(({ line }) => patterns.some((p) => p.test(line)))
        .map(({ line, n }) => `${file}:${n}: ${line.trim()}`),
    );
    expect(offending).toEqual([]);
  });
});
