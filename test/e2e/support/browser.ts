import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

/** Debian's chromium (`apt-get install -y chromium`); `npx playwright install` cannot run here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export const DESKTOP = { width: 1280, height: 800 } as const;
/** The narrowest phone we design for (WCAG reflow is checked at 320 CSS px; 360 is the common phone). */
export const PHONE = { width: 360, height: 740 } as const;

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export interface Person {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors and Content Security Policy refusals in the page; a test asserts none. */
  errors: string[];
}

export interface ContextOptions {
  viewport?: { width: number; height: number };
  /** Grant clipboard access (for "Copy link"). */
  clipboard?: boolean;
  /** The device's time zone; Quorum shows and reads times in UK time whatever this is. */
  timezoneId?: string;
}

/**
 * One browser context per person: separate cookies, so each is a separate device to the server
 * (a join link binds to the first device that opens it). Pages open on `baseURL`-relative paths.
 */
export async function openContexts<N extends string>(
  browser: Browser,
  baseURL: string,
  names: readonly N[],
  opts: ContextOptions = {},
): Promise<Record<N, Person>> {
  const people = {} as Record<N, Person>;
  for (const name of names) {
    people[name] = await openContext(browser, baseURL, opts);
  }
  return people;
}

export async function openContext(
  browser: Browser,
  baseURL: string,
  opts: ContextOptions = {},
): Promise<Person> {
  const context = await browser.newContext({
    baseURL,
    viewport: opts.viewport ?? DESKTOP,
    locale: "en-GB",
    timezoneId: opts.timezoneId ?? "Europe/London",
  });
  if (opts.clipboard)
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  const page = await context.newPage();
  const errors: string[] = [];
  // A page error is a bug even when the screen looks right.
  page.on("pageerror", (err) => errors.push(err.message));
  // The server's CSP allows no inline script or style; a refusal means a screen is broken there.
  page.on("console", (msg) => {
    if (msg.type() === "error" && /Content Security Policy/i.test(msg.text())) errors.push(msg.text());
  });
  return { context, page, errors };
}

export async function closeContexts(people: Record<string, Person> | Person[]): Promise<void> {
  const list = Array.isArray(people) ? people : Object.values(people);
  await Promise.all(list.map((p) => p.context.close()));
}
