/**
 * `wenxiao region …`: 行政区划 on the command line, through the same services (and Chinese messages)
 * as the 区划管理 page. The command line acts installation-wide.
 */
import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import { CHILD_LEVEL, LEVEL_WORDS_HINT, parseRegionLevel, REGION_LEVEL_LABEL, type RegionLevel } from "../core/regions";
import type { Region } from "../contracts/regions";
import type { ServiceContext } from "../server/context";
import {
  addFromNational,
  addRegion,
  deleteRegion,
  findRegionsByName,
  importRegions,
  listRegions,
  restoreRegion,
  retireRegion,
  updateRegion,
} from "../server/modules/regions/service";
import type { CliDeps } from "./projects";
import { CliError } from "./output";

const levelArg = (v: string): RegionLevel => {
  const level = parseRegionLevel(v);
  if (!level) throw new InvalidArgumentError(`级别应为 city、county、street（或 ${LEVEL_WORDS_HINT}）`);
  return level;
};

/** The one region of a name (or code) in use; several of one name must be told apart by code. */
async function oneRegion(ctx: ServiceContext, name: string): Promise<Region> {
  const found = await findRegionsByName(ctx, name);
  if (!found.length) throw new CliError(`找不到区划「${name}」`);
  const inUse = found.filter((r) => !r.retired);
  if (inUse.length > 1) throw new CliError(`有多个名为「${name}」的区划（编码 ${inUse.map((r) => r.code).join("、")}），请改用编码指明`);
  return inUse[0] ?? found[0];
}

function printProblems(problems: { row: number | null; column: string | null; message: string }[], more: number) {
  for (const p of problems) console.error(`  ${p.row ? `第${p.row}行` : "文件"}${p.column ? `「${p.column}」` : ""}：${p.message}`);
  if (more) console.error(`  ……另有 ${more} 处问题未列出`);
}

export function registerRegionCommands(program: Command, deps: CliDeps) {
  const region = program.command("region").description("行政区划：省、市、县区、街道（乡镇）").helpOption("-h, --help", "显示帮助");

  region
    .command("add")
    .description("添加区划：--code 从全国区划添加（如 371300 临沂市及其县区），或给出名称手工添加")
    .argument("[name]", "手工添加的区划名称")
    .option("--code <code>", "区划编码：不给名称时按全国区划（GB/T 2260）添加；给名称时作为该区划的编码（不填则自动生成）")
    .option("--with-streets", "从全国区划添加时同时添加街道（乡镇）")
    .option("--parent <name>", "上级区划的名称或编码")
    .option("--level <level>", "级别：city、county、street（默认为上级的下一级）", levelArg)
    .option("--json", "以 JSON 输出")
    .action(async (name: string | undefined, o: { code?: string; withStreets?: boolean; parent?: string; level?: RegionLevel; json?: boolean }) => {
      if (!name && !o.code) throw new CliError("请给出区划名称，或用 --code 指定全国区划编码（如 --code 371300）");
      await deps.withDb(async (d) => {
        const ctx = deps.cliContext(d);
        if (!name) {
          const r = await addFromNational(ctx, { code: o.code!, withStreets: !!o.withStreets });
          if (o.json) return void console.log(JSON.stringify(r, null, 2));
          console.log(`${r.summary}。`);
          for (const level of ["province", "city", "county"] as const) {
            const names = r.added.filter((x) => x.level === level).map((x) => `${x.name}（${x.code}）`);
            if (names.length) console.log(`  ${REGION_LEVEL_LABEL[level]}：${names.join("、")}`);
          }
          const streets = r.added.filter((x) => x.level === "street").length;
          if (streets) console.log(`  ${REGION_LEVEL_LABEL.street}：${streets} 个`);
          for (const k of r.kept.filter((x) => x.name !== x.nationalName)) console.log(`  保留现有名称「${k.name}」（${k.code}，全国区划为「${k.nationalName}」）`);
          return;
        }
        const parent = o.parent ? await oneRegion(ctx, o.parent) : null;
        const level = o.level ?? (parent ? CHILD_LEVEL[parent.level] : null);
        if (!level) throw new CliError(parent ? `「${parent.name}」是街道（乡镇），不能再添加下级` : "请用 --level 指明级别，或用 --parent 指明上级");
        const r = await addRegion(ctx, { name, level, parentId: parent?.id ?? null, code: o.code ?? null });
        if (o.json) return void console.log(JSON.stringify(r, null, 2));
        console.log(`已添加${REGION_LEVEL_LABEL[r.level]}「${r.name}」，编码 ${r.code}${parent ? `，上级${parent.name}` : ""}。`);
      });
    });

  region
    .command("import")
    .description("从 .xlsx 导入区划（编码、名称、级别、上级编码）；全部无误才写入")
    .argument("<file>", ".xlsx 文件")
    .option("--dry-run", "只预检，不写入")
    .option("--json", "以 JSON 输出结果")
    .action(async (file: string, o: { dryRun?: boolean; json?: boolean }) => {
      if (!fs.existsSync(file)) throw new CliError(`找不到文件：${file}`);
      const data = fs.readFileSync(file);
      await deps.withDb(async (d) => {
        const result = await importRegions({ ctx: deps.cliContext(d), fileName: path.basename(file), data, dryRun: !!o.dryRun });
        if (o.json) {
          console.log(JSON.stringify(result, null, 2));
          if (result.problems.length) process.exitCode = 1;
          return;
        }
        console.log(`${result.fileName}：读取 ${result.rowCount} 行；新增 ${result.newCount} 行；已有、内容相同 ${result.unchangedCount} 行。`);
        if (result.problems.length) {
          printProblems(result.problems, result.moreProblems);
          console.log(`发现 ${result.problems.length + result.moreProblems} 处问题，未导入任何数据。`);
          process.exitCode = 1;
        } else if (o.dryRun) console.log("预检通过（未写入）。去掉 --dry-run 即可导入行政区划。");
        else console.log(result.newCount ? `已导入行政区划：${result.summary}。` : "没有新数据，未作改动。");
      });
    });

  region
    .command("list")
    .description("列出区划（树形，含已撤销）")
    .option("--json", "以 JSON 输出")
    .action(async (o: { json?: boolean }) => {
      await deps.withDb(async (d) => {
        const list = await listRegions(deps.cliContext(d));
        if (o.json) return void console.log(JSON.stringify(list, null, 2));
        if (!list.length) return void console.log("还没有区划。可用 wenxiao region add --code 371300 从全国区划添加。");
        const children = new Map<number | null, Region[]>();
        for (const r of list) children.set(r.parentId, [...(children.get(r.parentId) ?? []), r]);
        const ids = new Set(list.map((r) => r.id));
        const rows: string[][] = [];
        const walk = (r: Region, depth: number) => {
          rows.push([`${"  ".repeat(depth)}${r.name}`, r.code, r.levelLabel, r.retired ? "已撤销" : "在用"]);
          for (const c of children.get(r.id) ?? []) walk(c, depth + 1);
        };
        for (const root of list.filter((r) => r.parentId === null || !ids.has(r.parentId))) walk(root, 0);
        deps.printTable(["名称", "编码", "级别", "状态"], rows);
      });
    });

  region
    .command("rename")
    .description("重命名区划（保留改名记录）")
    .argument("<name>", "区划名称或编码")
    .argument("<newName>", "新名称")
    .action(async (name: string, newName: string) => {
      await deps.withDb(async (d) => {
        const ctx = deps.cliContext(d);
        const r = await oneRegion(ctx, name);
        const after = await updateRegion(ctx, r.id, { name: newName });
        console.log(after.name === r.name ? `「${r.name}」名称未变。` : `已将「${r.name}」（${r.code}）改名为「${after.name}」，原名已记入改名记录。`);
      });
    });

  region
    .command("retire")
    .description("撤销区划（连同其下级）：已有数据的区划不能删除，只能撤销")
    .argument("<name>", "区划名称或编码")
    .action(async (name: string) => {
      await deps.withDb(async (d) => {
        const ctx = deps.cliContext(d);
        const r = await oneRegion(ctx, name);
        const rows = await retireRegion(ctx, r.id);
        console.log(`已撤销「${r.name}」（${r.code}）${rows.length > 1 ? `及其下级 ${rows.length - 1} 个` : ""}。`);
      });
    });

  region
    .command("restore")
    .description("恢复已撤销的区划（连同与它一起撤销的下级）")
    .argument("<name>", "区划名称或编码")
    .action(async (name: string) => {
      await deps.withDb(async (d) => {
        const ctx = deps.cliContext(d);
        const r = await oneRegion(ctx, name);
        const rows = await restoreRegion(ctx, r.id);
        console.log(`已恢复「${r.name}」（${r.code}）${rows.length > 1 ? `及其下级 ${rows.length - 1} 个` : ""}。`);
      });
    });

  region
    .command("delete")
    .description("删除没有任何数据的区划")
    .argument("<name>", "区划名称或编码")
    .action(async (name: string) => {
      await deps.withDb(async (d) => {
        const ctx = deps.cliContext(d);
        const r = await oneRegion(ctx, name);
        console.log(`${(await deleteRegion(ctx, r.id)).summary}。`);
      });
    });
}
