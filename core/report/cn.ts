/** Dates and numbers written the way a Chinese report writes them on its cover. */

const DIGITS = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
const MONTHS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"];

/** 2022-07-15 → 二〇二二年七月 (the cover date of a report: year digit by digit, month in words). */
export function formatMonthCn(iso: string): string {
  const [y, m] = iso.split("-");
  return `${[...y].map((d) => DIGITS[Number(d)]).join("")}年${MONTHS[Number(m) - 1]}月`;
}

const ORDINALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十"];

/** 1 → 一 (section numbers: 「一、」「（一）」), up to 20. */
export function ordinalCn(n: number): string {
  return ORDINALS[n - 1] ?? String(n);
}
