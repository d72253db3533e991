import type { ReactNode } from "react";
import { Button, type ButtonProps } from "antd";
import { useHref, useLinkClickHandler } from "react-router";

/**
 * A button that is a real link (middle-click opens a tab) and navigates inside the app on click;
 * avoids nesting a <button> in an <a>.
 */
export function LinkButton({ to, children, ...rest }: Omit<ButtonProps, "href" | "onClick"> & { to: string; children: ReactNode }) {
  const href = useHref(to);
  const onClick = useLinkClickHandler<HTMLElement>(to);
  return (
    <Button {...rest} href={href} onClick={onClick}>
      {children}
    </Button>
  );
}
