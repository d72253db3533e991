/**
 * 首页 of an installation that has no fund year yet: the steps from an empty system to the first
 * figures, each with its state read from the data (regions, accounts, fund years) and the page that
 * does it. An account that cannot take a step is told who can.
 */
import { Card, Steps, Typography } from "antd";
import { useQuery } from "@tanstack/react-query";
import type { Region } from "../../../contracts/regions";
import type { User } from "../../../contracts/users";
import { request } from "../api";
import { LinkButton } from "../components/LinkButton";
import { PageHeader } from "../components/PageHeader";
import { PageError, PageSkeleton } from "../components/states";
import { useSession } from "./session";

export function GettingStarted() {
  const { me, can } = useSession();
  const regions = useQuery({ queryKey: ["regions"], queryFn: () => request<Region[]>("/regions") });
  const users = useQuery({ queryKey: ["users"], queryFn: () => request<User[]>("/users"), enabled: can("users.manage") });
  if (regions.isPending) return <PageSkeleton />;
  if (regions.isError) return <PageError error={regions.error} onRetry={() => void regions.refetch()} />;

  const live = regions.data.filter((r) => !r.retired);
  const cities = live.filter((r) => r.level === "city" || r.level === "province");
  const counties = live.filter((r) => r.level === "county");
  const others = users.data?.filter((u) => u.id !== me.id).length ?? 0;
  const haveRegions = cities.length > 0 && counties.length > 0;

  // The first step not done yet is the one to take now.
  const current = !haveRegions ? 0 : others === 0 ? 1 : 2;
  const step = (i: number, title: string, done: boolean, text: string, action: { to: string; label: string } | null, who: string) => ({
    title,
    status: done ? ("finish" as const) : i === current ? ("process" as const) : ("wait" as const),
    description: (
      <div style={{ paddingBottom: 12 }}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {text}
        </Typography.Paragraph>
        {action ? (
          <LinkButton to={action.to} type={done ? "default" : "primary"} size="small">
            {action.label}
          </LinkButton>
        ) : (
          <Typography.Text type="secondary">{who}</Typography.Text>
        )}
      </div>
    ),
  });

  return (
    <>
      <PageHeader title="开始使用问效" subtitle="系统中还没有资金年度。按以下步骤建立本地区的区划、账户和资金年度，即可导入第一批资金下达数据。" />
      <Card>
        <Steps
          orientation="vertical"
          items={[
            step(
              0,
              "建立行政区划",
              haveRegions,
              haveRegions
                ? `已有 ${cities.map((c) => c.name).join("、")}，共 ${counties.length} 个县区。`
                : "从全国行政区划（GB/T 2260）一步添加本市及所辖县区，或从 Excel 导入。",
              can("regions.manage") ? { to: "/setup/regions", label: haveRegions ? "查看区划" : "添加区划" } : null,
              "由系统管理员或财政部门添加。",
            ),
            step(
              1,
              "建立账户",
              others > 0,
              others > 0 ? `已有 ${others} 个其他账户。` : "为财政、住建、各县区、评价机构和审计建立账户（可从 Excel 批量导入），每个账户限定所属区划。",
              can("users.manage") ? { to: "/admin/users", label: others > 0 ? "管理账户" : "建立账户" } : null,
              "由系统管理员或财政部门建立。",
            ),
            step(
              2,
              "新建资金年度",
              false,
              "选择资金项目（如老旧小区改造补助资金）、区划和年度，设置评价日及下达、支付期间；指标体系与双监控设置按资金项目的默认值建立。",
              can("fundyears.manage") ? { to: "/setup/fund-years", label: "新建资金年度" } : null,
              "由财政部门新建；建立后即可在“数据导入”中导入资金下达。",
            ),
          ]}
        />
      </Card>
    </>
  );
}
