import type { AnchorHTMLAttributes, ButtonHTMLAttributes, ReactNode } from "react";
import { Link } from "./Link";

type Variant = "primary" | "secondary" | "warning";

const base =
  "relative inline-flex min-h-11 cursor-pointer items-center justify-center border-2 border-transparent " +
  "px-3 pt-2 pb-[7px] text-center type-body font-normal no-underline select-none " +
  "active:top-[2px] disabled:cursor-not-allowed disabled:opacity-50 " +
  // GOV.UK focus: yellow fill, black text, black bottom edge, no outline drawn by the browser.
  "focus-visible:border-focus focus-visible:bg-focus focus-visible:text-ink focus-visible:outline-3 " +
  "focus-visible:outline-transparent focus-visible:shadow-[inset_0_0_0_1px_var(--color-focus),0_2px_0_var(--color-ink)] " +
  "focus-visible:hover:bg-focus";

const variants: Record<Variant, string> = {
  primary:
    "bg-button text-white shadow-[0_2px_0_var(--color-button-shadow)] hover:bg-button-hover hover:text-white",
  secondary:
    "bg-button-secondary text-ink shadow-[0_2px_0_var(--color-button-secondary-shadow)] " +
    "hover:bg-button-secondary-hover hover:text-ink",
  warning:
    "bg-button-warning text-white shadow-[0_2px_0_var(--color-button-warning-shadow)] " +
    "hover:bg-button-warning-hover hover:text-white",
};

export function buttonClass(variant: Variant = "primary", extra = ""): string {
  return `${base} ${variants[variant]} ${extra}`.trim();
}

export function Button({
  variant = "primary",
  className = "",
  type = "button",
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant }) {
  return <button type={type} className={buttonClass(variant, className)} {...rest} />;
}

/** A link that looks like a button: for "start" actions that go to another page. */
export function ButtonLink({
  variant = "primary",
  className = "",
  ...rest
}: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string; variant?: Variant }) {
  return <Link className={buttonClass(variant, className)} {...rest} />;
}

/** Buttons and links side by side, wrapping on a narrow screen. */
export function ButtonGroup({ children, className = "" }: { children: ReactNode; className?: string }) {
  return <div className={`flex flex-wrap items-center gap-x-4 gap-y-3 ${className}`}>{children}</div>;
}

/** A button that reads as a link (secondary actions inside text, such as "Sign out"). */
export function LinkButton({ className = "", ...rest }: ButtonHTMLAttributes<HTMLButtonElement>) {
  return (
    <button
      type="button"
      className={
        "cursor-pointer text-link underline decoration-1 underline-offset-[0.1578em] hover:text-link-hover " +
        "hover:decoration-[3px] focus-visible:bg-focus focus-visible:text-ink focus-visible:no-underline " +
        "focus-visible:outline-3 focus-visible:outline-transparent " +
        `focus-visible:shadow-[0_-2px_var(--color-focus),0_4px_var(--color-ink)] ${className}`
      }
      {...rest}
    />
  );
}
