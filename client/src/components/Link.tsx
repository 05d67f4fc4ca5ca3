import type { AnchorHTMLAttributes, MouseEvent } from "react";
import { isOrdinaryClick, navigate } from "../lib/router";

/**
 * A real `<a href>` that moves within the app without a page load on an ordinary click, and is an
 * ordinary link for everything else (new tab, copy address, middle click, another site).
 */
export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (!isOrdinaryClick(event) || rest.target || rest.download !== undefined) return;
    const url = new URL(href, window.location.href);
    if (url.origin !== window.location.origin) return;
    event.preventDefault();
    navigate(url.pathname + url.search + url.hash);
  };
  return <a href={href} onClick={handle} {...rest} />;
}
