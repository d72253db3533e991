/**
 * The layer rules of ARCHITECTURE.md, checked: a folder may import only what its layer allows.
 * Relative imports are resolved and compared with the allowed folders; packages are checked by name.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");

const RULES: Record<string, { folders: string[]; forbiddenPackages: RegExp }> = {
  core: { folders: ["core"], forbiddenPackages: /^(?!zod$)(?!node:crypto$).*/ },
  contracts: { folders: ["contracts", "core"], forbiddenPackages: /^(?!zod$).*/ },
  db: { folders: ["db", "core"], forbiddenPackages: /^(fastify|@fastify\/|react|antd)/ },
  server: { folders: ["server", "db", "core", "contracts"], forbiddenPackages: /^(react|antd|echarts)/ },
  cli: { folders: ["cli", "server", "db", "core", "contracts", "test"], forbiddenPackages: /^(fastify|@fastify\/|react|antd)/ },
  "web/src": { folders: ["web/src", "contracts", "core"], forbiddenPackages: /^(fastify|@fastify\/|drizzle-orm|pg$|@electric-sql|exceljs$|node:)/ },
};

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules" && entry.name !== "dist") yield* sourceFiles(p);
    } else if (/\.(ts|tsx)$/.test(entry.name)) yield p;
  }
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

describe("layers", () => {
  for (const [layer, rule] of Object.entries(RULES)) {
    it(`${layer}/ imports only ${rule.folders.join(", ")}`, () => {
      const dir = path.join(root, layer);
      const bad: string[] = [];
      for (const file of sourceFiles(dir)) {
        // Tests may use test factories and anything of the layers below.
        const isTest = /\.test\.tsx?$/.test(file);
        const text = fs.readFileSync(file, "utf8");
        for (const m of text.matchAll(IMPORT)) {
          const spec = m[1] ?? m[2];
          const where = `${path.relative(root, file)} → ${spec}`;
          if (spec.startsWith(".")) {
            const target = path.relative(root, path.resolve(path.dirname(file), spec));
            const ok = [...rule.folders, ...(isTest ? ["test", "db", "server", "contracts"] : [])].some(
              (f) => target === f || target.startsWith(f + "/"),
            );
            if (!ok) bad.push(where);
          } else if (!isTest && rule.forbiddenPackages.test(spec)) {
            bad.push(where);
          }
        }
      }
      expect(bad).toEqual([]);
    });
  }

  // ARCHITECTURE.md: modules meet through each other's services (or a shared query in db/), never
  // their repositories. A module's repository files (repository.ts, import-repository.ts …) are
  // imported only from inside that module; tests may import what they like.
  it("a module's repository is imported only inside its module (server/, cli/)", () => {
    const REPOSITORY = /^server\/modules\/([^/]+)\/(?:.+\/)?(?:[a-z-]+-)?repository(?:\.[jt]s)?$/;
    const bad: string[] = [];
    for (const layer of ["server", "cli"]) {
      for (const file of sourceFiles(path.join(root, layer))) {
        if (/\.test\.tsx?$/.test(file)) continue;
        const from = path.relative(root, file);
        for (const m of fs.readFileSync(file, "utf8").matchAll(IMPORT)) {
          const spec = m[1] ?? m[2];
          if (!spec.startsWith(".")) continue;
          const owner = path.relative(root, path.resolve(path.dirname(file), spec)).match(REPOSITORY)?.[1];
          if (owner !== undefined && !from.startsWith(`server/modules/${owner}/`)) bad.push(`${from} → ${spec}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });
});
