// Builds the web app only when its sources changed since the last build: `npm start` runs this first.
// The hash covers web/ (not web/dist), core/ and contracts/ (the web app imports both), the vite config
// and package-lock.json; it is stored in web/dist/.sources-hash after a successful build.
// Plain node (no tsx) so that the check itself costs a few milliseconds.
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "web", "dist");
const hashFile = path.join(dist, ".sources-hash");

function files(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.name !== "dist" && e.name !== "node_modules" && !e.name.startsWith("."))
    .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    .filter((f) => !/\.test\.tsx?$/.test(f));
}

export function sourcesHash() {
  const list = [...files(path.join(root, "web")), ...files(path.join(root, "core")), ...files(path.join(root, "contracts")), path.join(root, "package-lock.json"), path.join(root, "tsconfig.json")]
    .filter((f) => fs.existsSync(f))
    .sort();
  const hash = createHash("sha256");
  for (const f of list) {
    hash.update(path.relative(root, f));
    hash.update("\0");
    hash.update(fs.readFileSync(f));
    hash.update("\0");
  }
  return hash.digest("hex");
}

const current = sourcesHash();
const stored = fs.existsSync(hashFile) ? fs.readFileSync(hashFile, "utf8").trim() : null;
if (stored === current && fs.existsSync(path.join(dist, "index.html")) && !process.argv.includes("--force")) {
  console.log("网页端未改动，跳过构建");
} else {
  console.log(stored ? "网页端源码已改动，正在重新构建……" : "正在构建网页端……");
  const result = spawnSync(process.execPath, [path.join(root, "node_modules", "vite", "bin", "vite.js"), "build", "--config", "web/vite.config.ts"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) {
    console.error("网页端构建失败");
    process.exit(result.status ?? 1);
  }
  fs.writeFileSync(hashFile, `${current}\n`);
}
