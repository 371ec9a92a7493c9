/**
 * The README's commands table and `bomba --help` say the same: every command of one is in the
 * other, with the same synopsis.
 */
import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { recordingIo } from "../../src/cli/io.ts";
import { main } from "../../src/cli/main.ts";

/** The first cell of each row of the README's "## Commands" table: the code in backticks. */
function readmeSynopses(): string[] {
  const readme = readFileSync("README.md", "utf8");
  const section = readme.slice(readme.indexOf("## Commands"));
  const table = section.slice(0, section.indexOf("\n\n", section.indexOf("| command")));
  return table
    .split("\n")
    .filter((line) => line.startsWith("| `bomba"))
    .map((line) => (/^\| `([^`]+)`/.exec(line)?.[1] ?? "").replace(/\\\|/g, "|"));
}

/** What `bomba ARGS` printed on stdout, in English. */
async function printed(...args: string[]): Promise<string> {
  const io = recordingIo();
  expect(await main(args, io)).toBe(0);
  return io.stdout.join("\n");
}

beforeEach(() => {
  vi.stubEnv("BOMBA_ORG", "/nonexistent/org.yaml");
  vi.stubEnv("LC_ALL", "C");
});
afterEach(() => vi.unstubAllEnvs());

describe("README and --help", () => {
  it("list the same commands with the same synopses", async () => {
    const fromHelp = (await printed("help"))
      .split("\n")
      .filter((line) => line.startsWith("  bomba "))
      .map((line) => line.trim());
    expect(readmeSynopses()).toEqual(fromHelp);
  });

  it("each README row is the usage line of that command's --help", async () => {
    for (const synopsis of readmeSynopses()) {
      if (synopsis === "bomba --version") continue;
      const words = synopsis.split(" ").slice(1);
      const command = words
        .filter((w) => /^[a-z]+$/.test(w))
        .slice(0, words[0] === "org" || words[0] === "teams" ? 2 : 1);
      const help = await printed(...command, "--help");
      expect(help.split("\n")[0]).toBe(`usage: ${synopsis}`);
    }
  });
});
