// Bundles the widget into one self-contained script (CSS and SVGs inside) for the web app to
// serve, and prints its size. `node build.mjs --tests` bundles test/*.test.ts for node --test.
import { build } from "esbuild";
import { mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));
const outDir = resolve(here, "../bot/web/static/widget");
const MAX_GZIPPED_BYTES = 60 * 1024;

async function buildWidget() {
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, "widget.js");
  await build({
    entryPoints: [join(here, "src/main.ts")],
    outfile,
    bundle: true,
    format: "iife",
    minify: true,
    target: ["es2020", "chrome93", "firefox92", "safari15"],
    loader: { ".css": "text", ".svg": "text" },
    legalComments: "eof",
    logLevel: "warning",
  });
  const bytes = readFileSync(outfile);
  const gzipped = gzipSync(bytes, { level: 9 }).length;
  const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
  console.log(`${relative(resolve(here, ".."), outfile)}: ${kb(bytes.length)}, ${kb(gzipped)} gzipped`
    + ` (limit ${kb(MAX_GZIPPED_BYTES)})`);
  if (gzipped > MAX_GZIPPED_BYTES) {
    console.error("The widget bundle is over its size limit.");
    process.exit(1);
  }
}

async function buildTests() {
  const testOut = join(here, ".test-build");
  rmSync(testOut, { recursive: true, force: true });
  const entryPoints = readdirSync(join(here, "test"))
    .filter((name) => name.endsWith(".test.ts"))
    .map((name) => join(here, "test", name));
  await build({
    entryPoints,
    outdir: testOut,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    loader: { ".css": "text", ".svg": "text" },
    logLevel: "warning",
  });
}

await (process.argv.includes("--tests") ? buildTests() : buildWidget());
