// Bundles the app with esbuild into dist/: one hashed script and stylesheet, and index.html naming them.
// `node build.mjs` for a production build; `--watch` rebuilds on change (no server: the gateway serves dist/).
import * as esbuild from "esbuild";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, "dist");
const watch = process.argv.includes("--watch");

const options = {
  entryPoints: { app: path.join(here, "src/main.ts") },
  bundle: true,
  format: "esm",
  target: "es2022",
  minify: !watch,
  sourcemap: true,
  outdir: path.join(dist, "assets"),
  entryNames: "[name]-[hash]",
  metafile: true,
  // The client library is used from source, so the app and the library always build together.
  alias: { "@powerautomation/client": path.join(here, "../clients/typescript/src/index.ts") },
  logLevel: "warning",
  plugins: [{ name: "index-html", setup: (build) => build.onEnd((result) => result.errors.length ? undefined : writeIndex(result)) }],
};

async function writeIndex(result) {
  const outputs = Object.keys(result.metafile.outputs).map((file) => "/assets/" + path.basename(file));
  const script = outputs.find((f) => f.endsWith(".js"));
  const style = outputs.find((f) => f.endsWith(".css"));
  const template = await readFile(path.join(here, "src/index.html"), "utf8");
  const html = template
    .replace("<!--style-->", style ? `<link rel="stylesheet" href="${style}">` : "")
    .replace("<!--script-->", `<script type="module" src="${script}"></script>`);
  await writeFile(path.join(dist, "index.html"), html);
  const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
  console.log(`web: built ${outputs.filter((f) => !f.endsWith(".map")).join(", ")} (${Math.round(bytes / 1024)} KiB with maps)`);
}

await rm(dist, { recursive: true, force: true });
await mkdir(path.join(dist, "assets"), { recursive: true });
if (watch) {
  const context = await esbuild.context(options);
  await context.watch();
  console.log("web: watching for changes");
} else {
  await esbuild.build(options);
}
