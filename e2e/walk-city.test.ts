/** The walk (e2e/role-walk.ts) for 市级财政、住建与系统管理员. */
import { describeWalk } from "./role-walk";

describeWalk([
  ["caizheng", "财政局"],
  ["zhujian", "住建局"],
  ["admin", "系统管理员"],
]);
