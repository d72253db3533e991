import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  checkRegionRows,
  codeShapeProblem,
  nextRegionCode,
  parseRegionLevel,
  regionCodeProblem,
  REGION_LEVEL_LABEL,
  REGION_LEVELS,
  type ExistingRegion,
  type ParentRef,
  type RegionRowInput,
} from "./regions";

const shandong: ParentRef = { code: "370000", name: "山东省", level: "province" };
const linyi: ParentRef = { code: "371300", name: "临沂市", level: "city" };
const lanshan: ParentRef = { code: "371302", name: "兰山区", level: "county" };
const beijing: ParentRef = { code: "110000", name: "北京市", level: "city" };

const existing = (e: Partial<ExistingRegion> & Pick<ExistingRegion, "code" | "name" | "level">): ExistingRegion => ({
  parentCode: null,
  retired: false,
  inScope: true,
  ...e,
});
const row = (row: number, code: string | null, name: string | null, level: string | null, parentCode: string | null = null): RegionRowInput => ({
  row,
  code,
  name,
  level,
  parentCode,
});

describe("region codes (GB/T 2260)", () => {
  it("fit their level: province XX0000, city XXYY00, county XXYYZZ, street nine digits", () => {
    expect(codeShapeProblem("370000", "province")).toBeNull();
    expect(codeShapeProblem("371300", "city")).toBeNull();
    expect(codeShapeProblem("371302", "county")).toBeNull();
    expect(codeShapeProblem("371302001", "street")).toBeNull();
    expect(codeShapeProblem("371300", "province")).toContain("省级编码应为6位数字、后4位为0");
    expect(codeShapeProblem("370000", "city")).toContain("市级编码");
    expect(codeShapeProblem("371300", "county")).toContain("县区编码应为6位数字、后2位不为00");
    expect(codeShapeProblem("37130200", "street")).toContain("街道（乡镇）编码应为9位数字");
    expect(codeShapeProblem("37a300", "city")).not.toBeNull();
  });

  it("a 直辖市 is a city with its province-format code and no parent; its counties share two digits", () => {
    expect(codeShapeProblem("110000", "city")).toBeNull();
    expect(codeShapeProblem("110000", "province")).toContain("请按市级添加");
    expect(regionCodeProblem("110000", "city", null)).toBeNull();
    expect(regionCodeProblem("110000", "city", { code: "110000", name: "北京", level: "province" })).toContain("不设上级");
    expect(regionCodeProblem("110101", "county", beijing)).toBeNull();
    expect(regionCodeProblem("500229", "county", { ...beijing, code: "500000", name: "重庆市" })).toBeNull();
    expect(regionCodeProblem("120101", "county", beijing)).toContain("应以上级「北京市」的编码前2位「11」开头");
  });

  it("a child's code starts with its parent's prefix and its parent is the level above", () => {
    expect(regionCodeProblem("371300", "city", shandong)).toBeNull();
    expect(regionCodeProblem("381300", "city", shandong)).toContain("前2位「37」");
    expect(regionCodeProblem("371402", "county", linyi)).toContain("前4位「3713」");
    expect(regionCodeProblem("371303001", "street", lanshan)).toContain("前6位「371302」");
    expect(regionCodeProblem("371302", "county", shandong)).toBe("上级「山东省」是省级，县区的上级应为市级");
    expect(regionCodeProblem("371302", "county", null)).toContain("县区须有上级");
    expect(regionCodeProblem("371300", "city", null)).toBeNull();
  });

  it("levels are read from the Chinese a workbook uses", () => {
    for (const [text, level] of [
      ["省", "province"],
      ["省级", "province"],
      ["市", "city"],
      ["地级市", "city"],
      ["县", "county"],
      ["区", "county"],
      ["县区", "county"],
      ["县级", "county"],
      ["街道", "street"],
      ["乡镇", "street"],
      ["街道（乡镇）", "street"],
      ["county", "county"],
    ] as const)
      expect(parseRegionLevel(text)).toBe(level);
    expect(parseRegionLevel("村")).toBeNull();
    for (const l of REGION_LEVELS) expect(parseRegionLevel(REGION_LEVEL_LABEL[l])).toBe(l);
  });

  it("the next free street code follows the highest one taken under the county", () => {
    expect(nextRegionCode("street", lanshan, new Set(["371302001", "371302002", "371302101"]))).toBe("371302102");
    expect(nextRegionCode("street", lanshan, new Set())).toBe("371302001");
    expect(nextRegionCode("county", linyi, new Set(["371302", "371399"]))).toBe("371301");
    expect(nextRegionCode("county", beijing, new Set(["110101"]))).toBe("110102");
    expect(nextRegionCode("city", null, new Set())).toBeNull();
    expect(nextRegionCode("province", null, new Set(["110000", "370000"]))).toBe("380000");
  });

  it("a generated code fits its level and parent and is not taken (property)", () => {
    const parents: [ParentRef | null, "province" | "city" | "county" | "street"][] = [
      [null, "province"],
      [shandong, "city"],
      [linyi, "county"],
      [beijing, "county"],
      [lanshan, "street"],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...parents), fc.array(fc.integer({ min: 1, max: 999 }), { maxLength: 120 }), ([parent, level], picks) => {
        const taken = new Set(picks.map((n) => nextSuffix(parent, level, n)));
        const code = nextRegionCode(level, parent, taken);
        expect(code).not.toBeNull();
        expect(taken.has(code!)).toBe(false);
        expect(regionCodeProblem(code!, level, parent)).toBeNull();
      }),
    );
  });
});

/** A code of `level` under `parent` from a number, for taking codes at random. */
function nextSuffix(parent: ParentRef | null, level: string, n: number): string {
  if (level === "province") return `${10 + (n % 90)}0000`;
  if (level === "city") return `37${String(1 + (n % 99)).padStart(2, "0")}00`;
  if (level === "county") return `${parent!.code.slice(0, 4)}${String(1 + (n % 99)).padStart(2, "0")}`;
  return `${parent!.code}${String(n).padStart(3, "0")}`;
}

describe("the regions workbook", () => {
  const have = [
    existing({ code: "370000", name: "山东省", level: "province" }),
    existing({ code: "371300", name: "临沂市", level: "city", parentCode: "370000" }),
    existing({ code: "371302", name: "兰山区", level: "county", parentCode: "371300" }),
    existing({ code: "371100", name: "日照市", level: "city", parentCode: "370000", inScope: false }),
    existing({ code: "371312", name: "河东区", level: "county", parentCode: "371300", retired: true }),
  ];

  it("orders new regions parents first and counts rows equal to existing ones as unchanged", () => {
    const r = checkRegionRows(
      [
        row(2, "371302001", "兰山街道", "街道", "371302"),
        row(3, "371399001", "新街道", "街道（乡镇）", "371399"),
        row(4, "371399", "新区", "县区", "371300"),
        row(5, "371302", "兰山区", "区", "371300"),
      ],
      have,
      { mayAddRoot: false },
    );
    expect(r.problems).toEqual([]);
    expect(r.unchanged).toBe(1);
    // 兰山街道 has an existing parent: it needs no row before it; 新街道 waits for 新区.
    expect(r.records.map((x) => x.code)).toEqual(["371302001", "371399", "371399001"]);
  });

  it("names row and column of an unknown parent, a duplicate code, a code not fitting its level and a wrong parent level", () => {
    const r = checkRegionRows(
      [
        row(2, "371398", "甲县", "县", "379900"),
        row(3, "371397", "乙县", "县", "371300"),
        row(4, "371397", "丙县", "县", "371300"),
        row(5, "3713970", "丁街道", "街道", "371397"),
        row(6, "371396", "戊县", "县", "370000"),
        row(7, "371302", "兰山县", "县", "371300"),
        row(8, "371301", "己县", "村", "371300"),
        row(9, "371101", "庚区", "区", "371100"),
        row(10, "371312001", "辛街道", "街道", "371312"),
      ],
      have,
      { mayAddRoot: false },
    );
    expect(r.problems).toEqual([
      { row: 2, column: "上级编码", message: "上级编码「379900」不存在：既不在本文件中，也不是已有区划" },
      { row: 4, column: "编码", message: "编码「371397」与第3行重复" },
      { row: 5, column: "编码", message: expect.stringContaining("不符合街道（乡镇）编码规则") },
      { row: 6, column: "上级编码", message: "上级「山东省」是省级，县区的上级应为市级" },
      { row: 7, column: "编码", message: "编码「371302」已用于「兰山区」（县区，上级编码 371300），与本行不一致；改名请在区划管理中重命名" },
      { row: 8, column: "级别", message: "级别「村」无法识别，应为省、市、县区 或 街道（乡镇）" },
      { row: 9, column: "上级编码", message: "上级编码「371100」不在本账户的管辖范围内" },
      { row: 10, column: "上级编码", message: "上级「河东区」（371312）已撤销，不能再添加下级" },
    ]);
  });

  it("finds a cycle between rows", () => {
    const r = checkRegionRows([row(2, "371398", "甲县", "县", "371397"), row(3, "371397", "乙县", "县", "371398")], have, { mayAddRoot: true });
    expect(r.problems).toEqual([
      { row: 2, column: "上级编码", message: "上级编码形成循环：371398 → 371397 → 371398" },
      { row: 3, column: "上级编码", message: "上级编码形成循环：371398 → 371397 → 371398" },
    ]);
    expect(r.records).toEqual([]);
  });

  it("a root needs an installation-wide actor; a county or street always needs a parent", () => {
    const rows = [row(2, "380000", "新省", "省"), row(3, "381000", "新市", "市"), row(4, "381001", "新县", "县")];
    const city = checkRegionRows(rows, have, { mayAddRoot: false });
    expect(city.problems.map((p) => [p.row, p.column])).toEqual([
      [2, "上级编码"],
      [3, "上级编码"],
      [4, "上级编码"],
    ]);
    const all = checkRegionRows(rows, have, { mayAddRoot: true });
    expect(all.problems).toEqual([{ row: 4, column: "上级编码", message: "请填写上级编码：县区须有上级（市级区划）" }]);
  });

  it("a valid tree in any row order passes and comes out parents first (property)", () => {
    const tree: [string, string, string, string | null][] = [
      ["380000", "甲省", "省", null],
      ["380100", "甲市", "市", "380000"],
      ["380200", "乙市", "市", "380000"],
      ["380101", "甲区", "区", "380100"],
      ["380102", "乙区", "区", "380100"],
      ["380201", "丙县", "县", "380200"],
      ["380101001", "甲街道", "街道", "380101"],
      ["380201101", "甲镇", "乡镇", "380201"],
    ];
    fc.assert(
      fc.property(fc.shuffledSubarray(tree, { minLength: tree.length, maxLength: tree.length }), (rows) => {
        const r = checkRegionRows(
          rows.map(([code, name, level, parent], i) => row(i + 2, code, name, level, parent)),
          [],
          { mayAddRoot: true },
        );
        expect(r.problems).toEqual([]);
        const at = new Map(r.records.map((x, i) => [x.code, i]));
        for (const x of r.records) if (x.parentCode) expect(at.get(x.parentCode)!).toBeLessThan(at.get(x.code)!);
      }),
    );
  });
});
