/** An item opened from a list (the ledger, a finding on the task page) without leaving it. */
import { Drawer } from "antd";
import { ExportOutlined } from "@ant-design/icons";
import { Link } from "react-router";
import { useLinkTo } from "../../app/ledger";
import { ItemView } from "./ItemView";

export function ItemDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const linkTo = useLinkTo();
  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size="large"
      title="整改事项"
      extra={
        id !== null && (
          <Link to={linkTo(`/rectification/items/${id}`)}>
            <ExportOutlined /> 单独打开
          </Link>
        )
      }
      destroyOnHidden
    >
      {id !== null && <ItemView id={id} onDeleted={onClose} />}
    </Drawer>
  );
}
