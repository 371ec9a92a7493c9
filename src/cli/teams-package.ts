/**
 * `bomba teams package [--out FILE] [--domain HOST]`: the zip a Microsoft 365 admin uploads in
 * the Teams admin center — manifest/teams/manifest.json with the client id and the bot's domain
 * filled in, and its two icons.
 */
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { pathToFileURL } from "node:url";
import { zipSync } from "fflate";
import { type CliCatalog, cliCatalog } from "../i18n/cli-catalog.ts";
import { packagePath } from "../package-root.ts";
import { codeOf } from "../store/database-path.ts";
import { optionText } from "./command-line.ts";
import { orgFileAtHand } from "./commands.ts";
import type { CliIo } from "./io.ts";
import { localeAtHand } from "./locale.ts";
import { reasonText } from "./refusals.ts";
import { readArguments } from "./usage.ts";

/** Where the manifest and its icons live, from src/ and from the bundle alike. */
const MANIFEST_FOLDER = pathToFileURL(packagePath("manifest/teams/"));
/** The zip's name when `--out` is not given. */
export const DEFAULT_PACKAGE_FILE = "correo-bomba-teams.zip";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// A DNS name of at least two labels; Teams' validDomains takes neither a scheme nor a port.
const HOST =
  /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/i;

/** The files of the package: name → bytes. */
export function teamsPackageFiles(clientId: string, domain: string): Record<string, Uint8Array> {
  const manifest = readFileSync(new URL("manifest.json", MANIFEST_FOLDER), "utf8")
    .replaceAll("{{TEAMS_CLIENT_ID}}", clientId.toLowerCase())
    .replaceAll("{{TEAMS_BOT_DOMAIN}}", domain.toLowerCase());
  return {
    "manifest.json": new TextEncoder().encode(manifest),
    "color.png": readFileSync(new URL("color.png", MANIFEST_FOLDER)),
    "outline.png": readFileSync(new URL("outline.png", MANIFEST_FOLDER)),
  };
}

/**
 * The bot's host from what a person typed: a host name, or the messaging endpoint's URL
 * pasted whole (its host is taken). Undefined when it is neither.
 */
export function hostOf(typed: string): string | undefined {
  const text = typed.trim();
  let host = text;
  if (/^https?:\/\//i.test(text)) {
    try {
      host = new URL(text).hostname;
    } catch {
      return undefined;
    }
  }
  return HOST.test(host) ? host.toLowerCase() : undefined;
}

/** Writes the package; exit 0, 1 when it cannot be written, 2 for a bad client id or domain. */
export function runTeamsPackage(args: string[], io: CliIo, env = process.env): number {
  const parsed = readArguments("teams package", args, io);
  if (typeof parsed === "number") return parsed;
  const said = cliCatalog(localeAtHand(orgFileAtHand("teams package", args)));
  const clientId = (env.TEAMS_CLIENT_ID ?? "").trim();
  if (clientId === "") {
    io.err(said.teamsPackage.noClientId);
    return 2;
  }
  if (!GUID.test(clientId)) {
    io.err(said.teamsPackage.badClientId({ value: clientId }));
    return 2;
  }
  const typedDomain = optionText(parsed, "domain") ?? env.TEAMS_BOT_DOMAIN ?? "";
  if (typedDomain.trim() === "") {
    io.err(said.teamsPackage.noDomain);
    return 2;
  }
  const domain = hostOf(typedDomain);
  if (domain === undefined) {
    io.err(said.teamsPackage.badDomain({ value: typedDomain }));
    return 2;
  }
  const out = optionText(parsed, "out") ?? DEFAULT_PACKAGE_FILE;
  const refusal = folderProblem(said, out);
  if (refusal !== undefined) {
    io.err(refusal);
    return 1;
  }
  // Fixed timestamps: the same inputs give the same bytes, so two packages compare equal.
  const zip = zipSync(teamsPackageFiles(clientId, domain), {
    mtime: new Date("2026-01-01T00:00:00Z"),
  });
  try {
    writeFileSync(out, zip);
  } catch (error) {
    io.err(said.teamsPackage.cannotWrite({ file: out, reason: reasonText(said, codeOf(error)) }));
    return 1;
  }
  io.out(said.teamsPackage.done({ file: out, clientId: clientId.toLowerCase(), domain }));
  return 0;
}

function folderProblem(said: CliCatalog, file: string): string | undefined {
  const folder = dirname(file);
  try {
    if (statSync(folder).isDirectory()) return undefined;
  } catch {}
  return said.teamsPackage.noFolder({ file, folder });
}
