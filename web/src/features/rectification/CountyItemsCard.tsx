/** 首页 of a 县区 user: its open rectification items, overdue first, each opening in the ledger. */
import { Card, List, Space, Typography } from "antd";
import { Link } from "react-router";
import { useLinkTo } from "../../app/ledger";
import { useSession } from "../../app/session";
import { EmptyState, InlineError } from "../../components/states";
import { useLedgerItems } from "./api";
import { byUrgency } from "./filters";
import { DeadlineCell, ItemStateTag } from "./shared";

/** Open items shown on the card; the ledger has the rest. */
const SHOWN = 8;

export function CountyItemsCard() {
  const { me, can } = useSession();
  const linkTo = useLinkTo();
  const enabled = me.county !== null && can("rectification.read");
  // A county owns few items: one page holds them all, so "open" and the order are decided here.
  const ledger = useLedgerItems({ pageSize: 500 }, enabled);
  if (!enabled) return null;
  const open = (ledger.data?.rows ?? []).filter((i) => i.state !== "accepted").sort(byUrgency);
  const overdue = open.filter((i) => i.overdue).length;
  return (
    <Card
      title="本县区整改事项"
      style={{ marginBottom: 16 }}
      loading={ledger.isPending}
      extra={
        <Space size={12}>
          {open.length > 0 && <Typography.Text type={overdue > 0 ? "danger" : "secondary"}>{`未完成 ${open.length} 项${overdue > 0 ? `，其中逾期 ${overdue} 项` : ""}`}</Typography.Text>}
          <Link to={linkTo("/rectification")}>查看整改台账</Link>
        </Space>
      }
    >
      {ledger.isError ? (
        <InlineError error={ledger.error} onRetry={() => void ledger.refetch()} />
      ) : open.length === 0 ? (
        <EmptyState description="暂无整改事项" />
      ) : (
        <List
          aria-label="本县区整改事项"
          size="small"
          dataSource={open.slice(0, SHOWN)}
          renderItem={(i) => (
            <List.Item extra={<ItemStateTag state={i.state} />}>
              <List.Item.Meta
                title={<Link to={linkTo(`/rectification/items/${i.id}`)}>{i.findingTitle}</Link>}
                description={
                  <Space size={12} wrap>
                    <DeadlineCell item={i} />
                    <Typography.Text type="secondary" ellipsis style={{ maxWidth: 520 }}>
                      {i.measures}
                    </Typography.Text>
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      )}
      {open.length > SHOWN && (
        <Link to={linkTo("/rectification", { countyId: me.county!.id })}>{`另有 ${open.length - SHOWN} 项，查看全部`}</Link>
      )}
    </Card>
  );
}
