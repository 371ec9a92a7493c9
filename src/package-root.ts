/**
 * Files the package ships beside its code (package.json, db/migrations, manifest/,
 * org.example.yaml), found the same way from the TypeScript in src/ (tsx, the tests) and from the
 * bundle in dist/ (the bin).
 */
import { fileURLToPath } from "node:url";

// This file is src/package-root.ts, and the bundle puts it in dist/main.js or a dist/chunk-*.js
// (scripts/bundle.mjs): one level under the package root either way.
const root = new URL("../", import.meta.url);

/** The absolute path of `relative` (slash-separated) under the package root. */
export function packagePath(relative: string): string {
  return fileURLToPath(new URL(relative, root));
}
