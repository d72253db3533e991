/**
 * The amount column of every detail table (支付明细, 下达明细, and the 下达 / 支付 records of 项目资金):
 * one record is a voucher or a document line, so it is shown in 元 exact to the 分, always two
 * decimals. Totals and rollups are in 万元 (`components/figures.wan`). Pure, so a test can run the
 * same formatter over the API's rows.
 */
import { formatYuan } from "../../../../core/format";

export const RECORD_AMOUNT_TITLE = "金额（元）";

/** 386,273.00 */
export const recordAmount = (fen: number): string => formatYuan(fen);
