/** The walk (e2e/role-walk.ts) for 县区. */
import { describeWalk } from "./role-walk";

describeWalk([
  ["lanshan", "兰山区"],
  ["pingyi", "平邑县"],
]);
