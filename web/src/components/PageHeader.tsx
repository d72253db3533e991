import type { ReactNode } from "react";
import { Breadcrumb, Flex, Typography } from "antd";
import { Link } from "react-router";

export interface Crumb {
  title: string;
  /** Omitted for the current page. */
  to?: string;
}

/** Title line of a page: breadcrumbs on drill-down pages, the title, a short line under it, actions. */
export function PageHeader({ title, subtitle, crumbs, extra }: { title: ReactNode; subtitle?: ReactNode; crumbs?: Crumb[]; extra?: ReactNode }) {
  return (
    <div style={{ marginBottom: 16 }}>
      {crumbs && crumbs.length > 0 && (
        <Breadcrumb
          style={{ marginBottom: 8 }}
          items={crumbs.map((c) => ({ title: c.to ? <Link to={c.to}>{c.title}</Link> : c.title }))}
        />
      )}
      <Flex justify="space-between" align="center" gap={16} wrap>
        <div>
          <Typography.Title level={3} className="page-title">
            {title}
          </Typography.Title>
          {subtitle && <Typography.Text type="secondary">{subtitle}</Typography.Text>}
        </div>
        {extra && (
          <Flex gap={8} wrap>
            {extra}
          </Flex>
        )}
      </Flex>
    </div>
  );
}
