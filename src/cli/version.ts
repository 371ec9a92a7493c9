/** The version `bomba --version` prints: package.json's, read where the package is installed. */
import { readFileSync } from "node:fs";
import { packagePath } from "../package-root.ts";

/** The package's version, e.g. "0.1.0". */
export function packageVersion(): string {
  const text = readFileSync(packagePath("package.json"), "utf8");
  const { version } = JSON.parse(text) as { version?: unknown };
  return typeof version === "string" ? version : "unknown";
}
