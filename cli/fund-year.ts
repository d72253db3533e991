import type { Db } from "../db/open";
import { listFundYears } from "../server/modules/funds/service";
import { CliError } from "./output";
import { SYSTEM_ACTOR } from "../core/access";

/** Finds the fund year a command means: by --year, narrowed by --programme or --region when several match. */
export async function pickFundYear(db: Db, o: { year?: number; programme?: string; region?: string }) {
  const all = await listFundYears({ db, actor: SYSTEM_ACTOR });
  if (all.length === 0) throw new CliError("数据库中还没有资金年度。请先用 `npx wenxiao fund-year create --region 地区 --year 年度 --programme 资金项目 --evaluation-date 评价日` 新建，或运行 `npx wenxiao demo load` 载入示例数据。");
  const matches = all.filter(
    (f) =>
      (o.year === undefined || f.year === o.year) &&
      (!o.programme || f.programme.includes(o.programme)) &&
      (!o.region || f.region.name === o.region),
  );
  const describe = (f: (typeof all)[number]) => `${f.region.name} ${f.programme} ${f.year}年度`;
  if (matches.length === 1) return matches[0];
  if (matches.length === 0) throw new CliError(`找不到符合条件的资金年度。已有：${all.map(describe).join("；")}`);
  throw new CliError(`有多个资金年度符合条件，请用 --programme 或 --region 指明：${matches.map(describe).join("；")}`);
}
