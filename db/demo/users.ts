import type { DbOrTx } from "../open";
import { users } from "../schema";
import { hashPassword } from "../password";
import type { Role } from "../../core/access";

/** The demo password of every demo account (README). Outside demo mode they must change it at first login. */
export const DEMO_PASSWORD = "Wenxiao@2021";

/** County accounts are named by the county's pinyin. */
export const DEMO_COUNTY_USERS: Record<string, string> = {
  兰山区: "lanshan",
  罗庄区: "luozhuang",
  河东区: "hedong",
  沂南县: "yinan",
  郯城县: "tancheng",
  沂水县: "yishui",
  兰陵县: "lanling",
  平邑县: "pingyi",
  费县: "feixian",
  莒南县: "junan",
  蒙阴县: "mengyin",
  临沭县: "linshu",
};

export const DEMO_USERS: { username: string; displayName: string; role: Role; county?: string; organisation?: string }[] = [
  { username: "admin", displayName: "系统管理员", role: "admin" },
  { username: "caizheng", displayName: "市财政局绩效科", role: "finance", organisation: "临沂市财政局" },
  { username: "zhujian", displayName: "市住建局城建科", role: "housing", organisation: "临沂市住房和城乡建设局" },
  { username: "pingjia", displayName: "评价机构项目组", role: "evaluator", organisation: "山东明信绩效评价咨询有限公司（示例）" },
  { username: "zhuanying", displayName: "供水公司工程部", role: "utility", organisation: "临沂市供水有限公司（示例）" },
  { username: "ranqi", displayName: "燃气公司工程部", role: "utility", organisation: "临沂市燃气有限公司（示例）" },
  { username: "shenji", displayName: "市审计局", role: "auditor", organisation: "临沂市审计局" },
  ...Object.entries(DEMO_COUNTY_USERS).map(([county, username]) => ({
    username,
    displayName: `${county}住建局`,
    role: "county" as const,
    county,
    organisation: `${county}住房和城乡建设局`,
  })),
];

/** The demo's accounts: the city's (scoped to 临沂市), one per county, and an installation-wide 系统管理员. */
export async function loadDemoUsers(tx: DbOrTx, countyId: Map<string, number>, cityId: number) {
  // One hash for all: every demo account has the same published password anyway.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await tx
    .insert(users)
    .values(
      DEMO_USERS.map((u) => ({
        username: u.username,
        displayName: u.displayName,
        role: u.role,
        regionId: u.county ? countyId.get(u.county)! : u.role === "admin" ? null : cityId,
        organisation: u.organisation ?? null,
        passwordHash,
        mustChangePassword: true,
      })),
    )
    .onConflictDoNothing();
}
