import { mkdirSync } from "node:fs";
import path from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { DESKTOP, PHONE } from "./browser";

const FAILING = new Set(["serious", "critical"]);

/**
 * Run axe on the page as it is now; fail on any serious or critical violation, listing each rule,
 * its help text and the elements it found, so the failure reads without a debugger.
 */
export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
    .analyze();
  const failing = results.violations.filter((v) => v.impact && FAILING.has(v.impact));
  if (failing.length === 0) return;
  const lines = failing.flatMap((v) => [
    `- [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`,
    ...v.nodes
      .slice(0, 5)
      .map((n) => `    ${n.target.join(" ")}: ${n.failureSummary?.replace(/\s+/g, " ") ?? ""}`),
    ...(v.nodes.length > 5 ? [`    …and ${v.nodes.length - 5} more`] : []),
  ]);
  throw new Error(`Accessibility violations on ${label} (${page.url()}):\n${lines.join("\n")}`);
}

/**
 * axe at desktop size and on a 360px-wide phone, then back to the page's own size. When
 * E2E_SCREENSHOTS names a folder, a full-page screenshot is saved at each size for a person to look at.
 */
export async function expectAccessibleAtAllSizes(page: Page, label: string): Promise<void> {
  const original = page.viewportSize() ?? DESKTOP;
  try {
    for (const [size, viewport] of [
      ["desktop", DESKTOP],
      ["phone", PHONE],
    ] as const) {
      await page.setViewportSize(viewport);
      await expectNoAxeViolations(page, `${label} (${size}, ${viewport.width}px)`);
      await screenshot(page, `${label}-${size}`);
    }
  } finally {
    await page.setViewportSize(original);
  }
}

let shot = 0;
async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.E2E_SCREENSHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const file = `${String(++shot).padStart(2, "0")}-${name.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}.png`;
  await page.screenshot({ path: path.join(dir, file), fullPage: true });
}
