/**
 * 资金分配（因素法）: next year's money shared among the counties by factors, 财政困难程度系数 and the
 * evaluation scores, and how each score moved money. Parameters live in the URL; the server computes,
 * the page formats. Saved plans export as .xlsx and as a draft 下达 batch; settings are finance's.
 */
import { Alert, Button, Card, Space, Tabs, Typography } from "antd";
import { CloseOutlined, RedoOutlined } from "@ant-design/icons";
import { useEffect } from "react";
import { useSearchParams } from "react-router";
import { formatWan } from "../../../../core/money";
import type { AllocationRequest } from "../../../../contracts/allocation";
import { useLedger } from "../../app/ledger";
import { useSession } from "../../app/session";
import { PageHeader } from "../../components/PageHeader";
import { EmptyState, InlineError, PageError, PageSkeleton } from "../../components/states";
import { usePlan, usePlans, usePreview, useSchemes } from "./api";
import { beijingTime } from "../../components/figures";
import { draftFromSearch, readDraft, searchOf } from "./params";
import { ParamsBar } from "./ParamsBar";
import { PlanExportButtons, PreviewExportButton, useTrial } from "./PlanActions";
import { PlansPanel, SavePlanButton } from "./PlansPanel";
import { ResultSection } from "./ResultSection";
import { CoefficientSettings, CutRuleSettings } from "./RuleSettings";
import { SchemeSettings } from "./SchemeSettings";

const int = (v: string | null) => (v !== null && /^\d+$/.test(v) ? Number(v) : null);
const PARAM_KEYS = ["year", "total", "scheme", "basis", "from", "task"];

export default function AllocationPage() {
  const { fundYear, fundYears } = useLedger();
  const { can } = useSession();
  const canManage = can("allocation.manage");
  const [search, setSearch] = useSearchParams();
  const schemes = useSchemes();
  const planId = int(search.get("plan"));
  const plan = usePlan(planId);
  const tab = search.get("tab") === "plans" || (search.get("tab") === "settings" && canManage) ? search.get("tab")! : "result";

  const initial = draftFromSearch(search, fundYears, fundYear);
  const schemeCode = initial.schemeCode ?? schemes.data?.[0]?.code ?? null;
  const parsed = search.has("total") && planId === null && schemeCode ? readDraft({ ...initial, schemeCode }) : null;
  const request: AllocationRequest | null = parsed?.ok ? parsed.value : null;
  const preview = usePreview(request);
  const { button: trialButton, report: trialReport } = useTrial(canManage ? planId : null);

  const update = (fn: (next: URLSearchParams) => void) =>
    setSearch((prev) => {
      const next = new URLSearchParams(prev);
      fn(next);
      return next;
    });
  const openPlan = (id: number | null) =>
    update((n) => {
      if (id === null) n.delete("plan");
      else n.set("plan", String(id));
      n.set("tab", "result");
    });
  /** A plan's parameters back into the form (its scheme as it is now). */
  const recompute = () => {
    const p = plan.data;
    if (!p) return;
    setSearch((prev) =>
      searchOf(prev, {
        year: p.year,
        totalWan: formatWan(p.totalFen, { decimals: 6 }),
        schemeCode: p.schemeCode,
        factorBasis: p.factorBasis,
        basisFundYearId: p.basisFundYearId,
        ...(p.taskId !== null ? { taskId: p.taskId } : {}),
      }),
    );
  };

  // Opened without parameters: the newest plan saved on the selected year's scores, if any, is what
  // the city decided on (the demo's 2022 plan); 分配测算 starts a new computation.
  const untouched = PARAM_KEYS.every((k) => !search.has(k)) && !search.has("plan") && !search.has("tab");
  const plans = usePlans(untouched ? fundYear.region.id : 0);
  const newest = plans.data?.filter((p) => p.basisFundYearId === fundYear.id).sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  useEffect(() => {
    if (untouched && newest) setSearch((prev) => new URLSearchParams([...prev, ["plan", String(newest.id)]]), { replace: true });
  }, [untouched, newest, setSearch]);

  if (schemes.isPending || (untouched && plans.isPending)) return <PageSkeleton rows={2} />;
  if (schemes.isError) return (<><PageHeader title="资金分配" /><PageError error={schemes.error} onRetry={() => void schemes.refetch()} /></>);

  const cityRegionId = plan.data?.result.city.id ?? preview.data?.city.id ?? fundYears.find((f) => f.id === initial.basisFundYearId)?.region.id ?? fundYear.region.id;
  const settingsYear = int(search.get("year")) ?? fundYear.year + 1;
  const paramsKey = PARAM_KEYS.map((k) => search.get(k) ?? "").join("|");

  let result;
  if (planId !== null) {
    result = plan.isPending ? (
      <PageSkeleton rows={2} />
    ) : plan.isError ? (
      <InlineError error={plan.error} onRetry={() => void plan.refetch()} title="方案加载失败" />
    ) : (
      <>
        <Alert
          style={{ marginBottom: 16 }}
          type="info"
          showIcon
          title={`已保存方案：${plan.data.name}`}
          description={`${plan.data.createdByName} 保存于 ${beijingTime(plan.data.createdAt)}；显示的是保存时的计算结果。`}
          action={
            <Space>
              <Button size="small" icon={<RedoOutlined />} onClick={recompute}>
                按此参数重新测算
              </Button>
              <Button size="small" icon={<CloseOutlined />} onClick={() => openPlan(null)}>
                关闭方案
              </Button>
            </Space>
          }
        />
        {trialReport}
        <ResultSection
          view={plan.data.result}
          request={null}
          title={plan.data.name}
          actions={
            <>
              <PlanExportButtons planId={plan.data.id} />
              {trialButton}
            </>
          }
        />
      </>
    );
  } else {
    result = (
      <>
        <ParamsBar
          key={paramsKey}
          initial={initial}
          schemes={schemes.data}
          fundYears={fundYears}
          ledgerYear={fundYear}
          busy={preview.isFetching}
          onCompute={(r) => setSearch((prev) => searchOf(prev, r))}
        />
        {request === null ? (
          <Card>
            <EmptyState
              description={
                parsed && !parsed.ok ? (
                  <Typography.Text type="danger">{parsed.message}</Typography.Text>
                ) : (
                  "填写分配年度和可分配资金，选择分配方案后点击“计算”：逐县区显示因素分配、绩效分配、核减，以及评价得分使分配增减了多少。"
                )
              }
            />
          </Card>
        ) : preview.isPending ? (
          <PageSkeleton rows={2} />
        ) : preview.isError ? (
          <InlineError error={preview.error} title="计算失败" onRetry={() => void preview.refetch()} />
        ) : (
          <ResultSection
            view={preview.data}
            request={request}
            title={`${preview.data.city.name}${preview.data.year}年度${preview.data.programme.name}分配测算`}
            actions={
              <>
                {canManage && (
                  <SavePlanButton
                    request={request}
                    defaultName={`${preview.data.year}年度资金分配（${preview.data.scheme.name}）`}
                    onSaved={(p) => openPlan(p.id)}
                  />
                )}
                <PreviewExportButton request={request} />
              </>
            }
          />
        )}
      </>
    );
  }

  return (
    <>
      <PageHeader title="资金分配" subtitle="按因素法测算下一年度补助资金：改造任务、财政困难程度与绩效评价得分共同决定各县区的分配" />
      <Tabs
        activeKey={tab}
        onChange={(key) => update((n) => n.set("tab", key))}
        items={[
          { key: "result", label: "分配测算", children: result },
          {
            key: "plans",
            label: "已保存方案",
            children: (
              <Card>
                <PlansPanel cityRegionId={cityRegionId} schemes={schemes.data} canManage={canManage} openedId={planId} onOpen={openPlan} />
              </Card>
            ),
          },
          ...(canManage
            ? [
                {
                  key: "settings",
                  label: "参数设置",
                  children: (
                    <>
                      <SchemeSettings schemes={schemes.data} />
                      <CoefficientSettings cityRegionId={cityRegionId} year={settingsYear} />
                      <CutRuleSettings />
                    </>
                  ),
                },
              ]
            : []),
        ]}
      />
    </>
  );
}
