/**
 * The demo login's account chooser. Its own file, loaded only in demo mode: antd's Select (with its
 * virtual list and popup) is a tenth of the sign-in screen, and a real installation never shows it.
 */
import { Select } from "antd";

export interface DemoAccount {
  username: string;
  label: string;
}

export default function DemoAccountSelect({ accounts, onPick }: { accounts: DemoAccount[]; onPick: (username: string) => void }) {
  return (
    <Select
      aria-label="选择演示账户"
      placeholder="选择一个演示账户填入"
      style={{ width: "100%", marginTop: 8 }}
      options={accounts.map((a) => ({ value: a.username, label: `${a.label}（${a.username}）` }))}
      onChange={onPick}
    />
  );
}
