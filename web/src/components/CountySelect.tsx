/** The county filter of list pages: the counties of the fund year's city (reference data any signed-in account may read). */
import { Select } from "antd";
import { useLedger } from "../app/ledger";
import { useCounties } from "../features/admin/api";

export function CountySelect({ value, onChange }: { value?: number; onChange: (id: number | undefined) => void }) {
  const { fundYear } = useLedger();
  const counties = useCounties(fundYear.id);
  return (
    <Select
      aria-label="县区"
      allowClear
      placeholder="全部县区"
      style={{ width: 130 }}
      value={value}
      onChange={onChange}
      loading={counties.isPending}
      options={(counties.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
    />
  );
}
