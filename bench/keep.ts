/**
 * A kept benchmark data set for working on one page: `DATABASE_URL=… node --import tsx bench/keep.ts [page…]`
 * builds the national set once into the database BENCH_KEEP (default wx_bench_kept) on that server,
 * remembers it there (table bench_kept), and on later runs times only the pages whose names contain one
 * of the arguments, against their floors, without generating again. Drop the database to start over.
 */
import pg from "pg";
import { openDb } from "../db/open";
import { benchSizes, generateDataset, type BenchDataset } from "./dataset";
import { checkPages, pagesOf, pagesTable, runPages } from "./pages";

const log = (s: string) => process.stderr.write(s + "\n");

async function main() {
  const server = process.env.DATABASE_URL;
  if (!server) throw new Error("需要 DATABASE_URL（PostgreSQL 服务器）");
  const name = process.env.BENCH_KEEP || "wx_bench_kept";
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  const { rows } = await admin.query("select 1 from pg_database where datname = $1", [name]);
  if (!rows.length) await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = "/" + name;
  const d = await openDb({ url: url.toString() });
  try {
    await d.migrate();
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    await client.query("create table if not exists bench_kept (dataset jsonb not null)");
    const kept = await client.query<{ dataset: BenchDataset }>("select dataset from bench_kept");
    let ds = kept.rows[0]?.dataset;
    if (!ds) {
      ds = await generateDataset(d.db, benchSizes(process.env, "national"), log);
      await client.query("insert into bench_kept values ($1)", [JSON.stringify(ds)]);
      await client.query("vacuum analyze");
    }
    await client.end();
    const wanted = process.argv.slice(2);
    const pages = pagesOf(d.db, ds).filter((p) => !wanted.length || wanted.some((w) => p.name.includes(w)));
    const wrong = await checkPages(pages);
    if (wrong.length) log(`页面与 SQL 不一致：\n${wrong.slice(0, 20).join("\n")}`);
    console.log(pagesTable(await runPages(pages, Number(process.env.BENCH_RUNS ?? 3), log)));
  } finally {
    await d.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
