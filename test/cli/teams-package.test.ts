import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { recordingIo } from "../../src/cli/io.ts";
import { main } from "../../src/cli/main.ts";
import { tempDir } from "../fixtures/bomb-db.ts";
import { teamsManifestValidator } from "../support/teams-manifest.ts";

const CLIENT_ID = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
const dir = tempDir("bomba-teams-package-");
afterAll(() => dir.remove());

beforeEach(() => {
  for (const name of [
    "BOMBA_ORG",
    "LANG",
    "LC_ALL",
    "LC_MESSAGES",
    "LANGUAGE",
    "TEAMS_BOT_DOMAIN",
  ]) {
    vi.stubEnv(name, undefined);
  }
  vi.stubEnv("TEAMS_CLIENT_ID", CLIENT_ID);
});
afterEach(() => vi.unstubAllEnvs());

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = recordingIo();
  const code = await main(args, io);
  return { code, out: io.stdout.join("\n"), err: io.stderr.join("\n") };
}

/** The files inside the zip at `file`. */
function unzipped(file: string): Record<string, Uint8Array> {
  return unzipSync(readFileSync(file));
}

describe("bomba teams package", () => {
  it("writes the zip an admin uploads: a valid manifest with the client id and domain, and both icons", async () => {
    const out = join(dir.path, "app.zip");

    const {
      code,
      out: said,
      err,
    } = await run("teams", "package", "--out", out, "--domain", "bomba.example.com");

    expect(err).toBe("");
    expect(code).toBe(0);
    expect(said).toContain(out);
    const files = unzipped(out);
    expect(Object.keys(files).sort()).toEqual(["color.png", "manifest.json", "outline.png"]);
    const manifest = JSON.parse(new TextDecoder().decode(files["manifest.json"])) as Record<
      string,
      unknown
    >;
    const validate = teamsManifestValidator();
    expect(validate(manifest), JSON.stringify(validate.errors)).toBe(true);
    expect(manifest).toMatchObject({
      id: CLIENT_ID,
      bots: [{ botId: CLIENT_ID }],
      composeExtensions: [{ botId: CLIENT_ID }],
      validDomains: ["bomba.example.com"],
      // Pages serve on Teams answers itself (src/teams/pages.ts).
      developer: {
        websiteUrl: "https://bomba.example.com/",
        privacyUrl: "https://bomba.example.com/privacy",
        termsOfUseUrl: "https://bomba.example.com/terms",
      },
    });
    expect(JSON.stringify(manifest)).not.toContain("{{");
    const icons = new URL("../../manifest/teams/", import.meta.url);
    expect(Buffer.from(files["color.png"] ?? [])).toEqual(
      readFileSync(new URL("color.png", icons)),
    );
    expect(Buffer.from(files["outline.png"] ?? [])).toEqual(
      readFileSync(new URL("outline.png", icons)),
    );
  });

  it("takes the domain from TEAMS_BOT_DOMAIN, or the host of a pasted endpoint URL, and replaces an old zip", async () => {
    const out = join(dir.path, "again.zip");
    vi.stubEnv("TEAMS_BOT_DOMAIN", "https://Bomba.Contoso.es/api/messages");

    expect((await run("teams", "package", "--out", out)).code).toBe(0);
    expect((await run("teams", "package", "--out", out, "--domain", "otro.contoso.es")).code).toBe(
      0,
    );

    const manifest = JSON.parse(new TextDecoder().decode(unzipped(out)["manifest.json"])) as {
      validDomains: string[];
    };
    expect(manifest.validDomains).toEqual(["otro.contoso.es"]);
    vi.stubEnv("TEAMS_BOT_DOMAIN", "bomba.contoso.es");
    const first = readFileSync(out);
    await run("teams", "package", "--out", out);
    const once = readFileSync(out);
    await run("teams", "package", "--out", out);
    // Same inputs, same bytes: a package can be compared with the one uploaded.
    expect(readFileSync(out)).toEqual(once);
    expect(readFileSync(out)).not.toEqual(first);
  });

  it.each([
    [
      "no client id",
      { TEAMS_CLIENT_ID: undefined },
      ["--domain", "b.example.com"],
      /^TEAMS_CLIENT_ID: required/,
    ],
    [
      "a client id that is not a GUID",
      { TEAMS_CLIENT_ID: "my-bot" },
      ["--domain", "b.example.com"],
      /"my-bot" is not an Application \(client\) ID/,
    ],
    ["no domain", {}, [], /domain is missing: give --domain/],
    ["a domain with a port", {}, ["--domain", "bomba.example.com:3978"], /is not a host name/],
    [
      "a domain with a path but no scheme",
      {},
      ["--domain", "bomba.example.com/api"],
      /is not a host name/,
    ],
  ] as const)(
    "refuses %s with one line, exit 2, and writes nothing",
    async (_name, env, args, message) => {
      for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
      const out = join(dir.path, `refused-${_name.replaceAll(" ", "-")}.zip`);

      const { code, err } = await run("teams", "package", "--out", out, ...args);

      expect(code).toBe(2);
      expect(err.split("\n")).toEqual([expect.stringMatching(message)]);
      expect(existsSync(out)).toBe(false);
    },
  );

  it("refuses a folder that does not exist, exit 1", async () => {
    const out = join(dir.path, "missing", "app.zip");

    const { code, err } = await run("teams", "package", "--out", out, "--domain", "b.example.com");

    expect(code).toBe(1);
    expect(err).toMatch(/the folder .*missing does not exist/);
  });

  it("speaks Spanish to a Spanish system, and explains itself", async () => {
    vi.stubEnv("LANG", "es_ES.UTF-8");
    vi.stubEnv("TEAMS_CLIENT_ID", undefined);

    const refused = await run("teams", "package", "--domain", "b.example.com");
    const help = await run("teams", "--help");
    const which = await run("teams");

    expect(refused.err).toMatch(/^TEAMS_CLIENT_ID: hace falta/);
    expect(help.out.split("\n")[0]).toBe(
      "uso: bomba teams package [--out FICHERO] [--domain DOMINIO]",
    );
    expect(which.code).toBe(2);
    expect(which.err).toContain("bomba teams lleva un comando: package");
  });
});
