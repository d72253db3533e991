import { describe, expect, it } from "vitest";
import { addHandoverCounts, handoverFigures, handoverProblems } from "./handover";

describe("专营设施移交率", () => {
  it("requires six kinds a community except those 不涉及, and counts 已移交 over them", () => {
    // 3 communities × 6 kinds = 18, 2 不涉及 → 16 required; 12 已移交 → 75%.
    expect(handoverFigures({ communities: 3, handedOver: 12, inProgress: 2, notApplicable: 2 })).toEqual({
      communities: 3,
      handedOver: 12,
      inProgress: 2,
      notApplicable: 2,
      required: 16,
      shareBp: 7500,
    });
  });

  it("rounds half-up in basis points and has no share when nothing is required", () => {
    // 1 ÷ 6 = 16.666…% → 16.67%.
    expect(handoverFigures({ communities: 1, handedOver: 1, inProgress: 0, notApplicable: 0 }).shareBp).toBe(1667);
    expect(handoverFigures({ communities: 0, handedOver: 0, inProgress: 0, notApplicable: 0 }).shareBp).toBeNull();
    expect(handoverFigures({ communities: 1, handedOver: 0, inProgress: 0, notApplicable: 6 })).toMatchObject({ required: 0, shareBp: null });
  });

  it("the city's counts are the sum of the counties'", () => {
    const a = { communities: 2, handedOver: 5, inProgress: 1, notApplicable: 1 };
    const b = { communities: 4, handedOver: 9, inProgress: 0, notApplicable: 3 };
    expect(addHandoverCounts([a, b])).toEqual({ communities: 6, handedOver: 14, inProgress: 1, notApplicable: 4 });
    expect(handoverFigures(addHandoverCounts([a, b])).required).toBe(handoverFigures(a).required + handoverFigures(b).required);
  });
});

describe("a handover record", () => {
  const ok = { status: "已移交" as const, handedOverOn: "2022-03-01", operatorId: 1, receiver: null };
  it("已移交 needs its date and a receiver", () => {
    expect(handoverProblems(ok)).toEqual([]);
    expect(handoverProblems({ ...ok, operatorId: null, receiver: "临沂市热力有限公司" })).toEqual([]);
    expect(handoverProblems({ ...ok, handedOverOn: null })).toEqual(["移交日期：已移交的设施须填写移交日期"]);
    expect(handoverProblems({ ...ok, operatorId: null })).toEqual(["接收单位：已移交的设施须填写接收单位"]);
  });
  it("names one receiver only, and no date unless handed over", () => {
    expect(handoverProblems({ ...ok, receiver: "另一家" })[0]).toContain("不能同时填写");
    expect(handoverProblems({ status: "移交中", handedOverOn: "2022-03-01", operatorId: 1, receiver: null })).toEqual(["移交日期：状态为“移交中”时不填移交日期"]);
    expect(handoverProblems({ status: "移交中", handedOverOn: null, operatorId: 1, receiver: null })).toEqual([]);
    expect(handoverProblems({ status: "不涉及", handedOverOn: null, operatorId: 1, receiver: null })).toEqual(["接收单位：不涉及的设施不填接收单位"]);
  });
});
