/** /rectification/items/:id — one item as a page (a link from a notification, the 首页 card or the export). */
import { useNavigate, useParams } from "react-router";
import { useLedger } from "../../app/ledger";
import { PageHeader } from "../../components/PageHeader";
import { useItem } from "./api";
import { ItemView } from "./ItemView";

export default function ItemPage() {
  const id = Number(useParams().id);
  const { linkTo } = useLedger();
  const navigate = useNavigate();
  const item = useItem(id);
  const title = item.data ? `整改事项：${item.data.findingTitle}` : "整改事项";
  return (
    <>
      <PageHeader
        title={title}
        subtitle={item.data ? `责任单位：${item.data.ownerLabel}` : undefined}
        crumbs={[{ title: "整改台账", to: linkTo("/rectification") }, { title: item.data?.ownerLabel ?? "整改事项" }]}
      />
      <ItemView id={id} wide onDeleted={() => navigate(linkTo("/rectification"))} />
    </>
  );
}
