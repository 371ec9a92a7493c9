// Bundles src/cli/main.ts into dist/ for bin/bomba.js: one file per command's lazy import
// (code splitting) instead of hundreds of modules, which is most of a command's start-up on
// Node 20 (README, "How it is built"). Run by `npm run build` after the type check, and by the
// tests' global set-up so that every test that runs the bin runs this bundle.
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("../", import.meta.url));

/** Bundles into dist/ of this checkout, replacing what was there, and returns esbuild's metafile. */
export async function bundle() {
  const outdir = `${root}dist`;
  // Built aside and swapped in whole, so a `bomba` started meanwhile never meets half a bundle.
  const next = `${outdir}.next-${process.pid}`;
  const old = `${outdir}.old-${process.pid}`;
  rmSync(next, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: { main: "src/cli/main.ts" },
    outdir: next,
    // Every chunk lands in dist/ itself, one level under the package root, which is what
    // src/package-root.ts counts on.
    chunkNames: "chunk-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node22",
    metafile: true,
    // Whitespace and syntax only: names stay as written, for stack traces (0.9x the parse time).
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: "warning",
    external: [
      // Native addons: loaded from node_modules as they are.
      "better-sqlite3",
      "@napi-rs/canvas",
      "pg-native",
      // Required at run time with createRequire (src/org/holidays.ts), handed the calendars
      // already parsed through require.cache: it must stay the package's own CommonJS.
      "date-holidays",
    ],
    // The CommonJS packages bundled in (pg, Slack's, …) call `require` for Node's own modules.
    banner: {
      js: 'import { createRequire as __bombaCreateRequire } from "node:module";\nconst require = __bombaCreateRequire(import.meta.url);',
    },
  });
  // Which chunk holds which packages, under the names the files will have in dist/: the start-up
  // tests read it (test/cli/lazy-imports.test.ts).
  const outputs = Object.entries(result.metafile.outputs).map(([file, output]) => [
    `dist/${basename(file)}`,
    output,
  ]);
  const metafile = { ...result.metafile, outputs: Object.fromEntries(outputs) };
  writeFileSync(`${next}/meta.json`, JSON.stringify(metafile));
  rmSync(old, { recursive: true, force: true });
  try {
    renameSync(outdir, old);
  } catch (error) {
    if (error.code !== "ENOENT") throw error;
  }
  renameSync(next, outdir);
  rmSync(old, { recursive: true, force: true });
  return metafile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await bundle();
