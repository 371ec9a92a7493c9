/** The version `bomba --version` prints: package.json's, read where the package is installed. */
import { readFileSync } from "node:fs";

/** The package's version, e.g. "0.1.0". */
export function packageVersion(): string {
  // src/cli and dist/cli are both two levels under the package root.
  const text = readFileSync(new URL("../../package.json", import.meta.url), "utf8");
  const { version } = JSON.parse(text) as { version?: unknown };
  return typeof version === "string" ? version : "unknown";
}
