/** The committed Teams manifest, and Microsoft's schema to validate it and the package with. */
import { existsSync, readFileSync } from "node:fs";
import type { ValidateFunction } from "ajv";
import Ajv04Module from "ajv-draft-04";
import addFormatsModule from "ajv-formats";

// Both are CommonJS with a `default` property; under NodeNext the import is `exports`.
const Ajv04 = Ajv04Module as unknown as typeof Ajv04Module.default;
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

// shared/ sits beside the repository, or one level further up for a worktree (/work/wt/<name>).
const SCHEMA_URL =
  ["../../../shared/", "../../../../shared/"]
    .map((dir) => new URL(`${dir}reference/teams-manifest.schema.json`, import.meta.url))
    .find((url) => existsSync(url)) ??
  new URL("../../../shared/reference/teams-manifest.schema.json", import.meta.url);
const FOLDER = new URL("../../manifest/teams/", import.meta.url);

/** The committed manifest, placeholders and all. */
export const TEAMS_MANIFEST_TEXT = readFileSync(new URL("manifest.json", FOLDER), "utf8");

/** The manifest with a client id and a domain in place of its placeholders. */
export function filledManifest(
  clientId = "0b0b0b0b-1111-4222-8333-444455556666",
  domain = "bomba.example.com",
): Record<string, unknown> {
  return JSON.parse(
    TEAMS_MANIFEST_TEXT.replaceAll("{{TEAMS_CLIENT_ID}}", clientId).replaceAll(
      "{{TEAMS_BOT_DOMAIN}}",
      domain,
    ),
  ) as Record<string, unknown>;
}

/** A validator of Microsoft's published Teams manifest schema (JSON Schema draft-04). */
export function teamsManifestValidator(): ValidateFunction {
  const ajv = new Ajv04({ allErrors: true, strictTypes: false, strict: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(SCHEMA_URL, "utf8")) as object);
}
