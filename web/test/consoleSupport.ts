// Helpers only the console's browser tests use; the browser, accounts and sign-in come from support.ts.
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Locator, Page } from "playwright-core";
import { artifacts, eventually } from "./support";

/** Bounded polling until the locator's (first match's) trimmed text is `text` or matches it; fails saying what it read. */
export async function waitForText(locator: Locator, text: string | RegExp, timeout = 20_000): Promise<void> {
  const matches = (value: string) => typeof text === "string" ? value.trim() === text : text.test(value);
  await eventually(`${locator} to read ${text}`, async () => (await locator.first().textContent({ timeout: 1000 }).catch(() => null)) ?? "<absent>", matches, timeout);
}

/** A full-page screenshot under PA_ARTIFACTS_DIR; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(artifacts, { recursive: true });
  const file = path.join(artifacts, name);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Runs a test's browser steps; on failure saves a screenshot named after it, so the failure can be seen. */
export async function withFailureShot<T>(page: Page, name: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    await screenshot(page, `failed-console-${name}.png`).catch(() => undefined);
    throw error;
  }
}

/** The text of the error boxes on screen, for asserting that nothing failed. */
export function visibleAlerts(page: Page): Promise<string[]> {
  return page.locator("[role=alert]:visible").allTextContents();
}

/** How far the page scrolls sideways (0 when it fits the window). */
export function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}
