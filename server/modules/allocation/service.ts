/** 因素法 allocation: what other modules and the command line may call. */
export { computeAllocation, previewAllocation, readTotal, type ComputedAllocation } from "./compute-allocation";
export { listSchemes, updateScheme, getCutRule, updateCutRule, loadSchemes, readCutRule, CUT_RULE_KEY } from "./schemes";
export { listCoefficients, updateCoefficients, coefficientsForYear } from "./coefficients";
export { createPlan, listPlans, getPlan, deletePlan } from "./plans";
export { exportPlan, exportPreview, allocationWorkbook, RESULT_HEADERS } from "./export-allocation";
export { draftBatchWorkbook, tryDraftBatch, DRAFT_DOC_NO } from "./draft-batch";
export { saveDemoAllocationPlan, DEMO_PLAN } from "./demo-plan";
