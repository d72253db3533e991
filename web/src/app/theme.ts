import type { ThemeConfig } from "antd";

/** A calm, official palette: one deep blue, neutral greys, Chinese system fonts first. */
export const BRAND_BLUE = "#1d4e89";

export const theme: ThemeConfig = {
  token: {
    colorPrimary: BRAND_BLUE,
    colorInfo: BRAND_BLUE,
    // The palette antd derives from a dark blue starts with a grey; its light steps are set by hand.
    colorPrimaryBg: "#e8f0f9",
    colorPrimaryBgHover: "#d3e2f3",
    colorPrimaryBorder: "#a9c2e3",
    colorPrimaryBorderHover: "#7fa3d2",
    colorInfoBg: "#eef4fb",
    colorInfoBgHover: "#dde9f6",
    colorInfoBorder: "#bcd0ea",
    colorInfoBorderHover: "#9bb9df",
    borderRadius: 4,
    fontFamily:
      '-apple-system, BlinkMacSystemFont, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Helvetica Neue", Arial, sans-serif',
  },
  components: {
    Layout: { headerBg: BRAND_BLUE, headerHeight: 56, headerPadding: "0 24px", siderBg: "#ffffff", bodyBg: "#f3f5f8" },
    Table: { headerBg: "#f5f7fa", cellPaddingBlockSM: 6 },
    Card: { headerFontSize: 15 },
  },
};

/** Chart colours: allocated (下达) muted, paid (支付) brand blue, rate (执行率) amber. */
export const CHART_COLORS = { allocated: "#9db4d3", paid: BRAND_BLUE, rate: "#d48806" };
