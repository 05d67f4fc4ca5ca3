import { useEffect } from "react";

/** The page's title in the tab, as "Page – Quorum"; "Error: " first while a form shows errors. */
export function useTitle(title: string, hasErrors = false): void {
  useEffect(() => {
    document.title = `${hasErrors ? "Error: " : ""}${title} – Quorum`;
  }, [title, hasErrors]);
}
