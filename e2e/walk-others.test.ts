/** The walk (e2e/role-walk.ts) for 评价机构、专营单位与审计. */
import { describeWalk } from "./role-walk";

describeWalk([
  ["pingjia", "第三方评价"],
  ["ranqi", "专营单位（燃气）"],
  ["zhuanying", "专营单位（供水）"],
  ["shenji", "审计"],
]);
