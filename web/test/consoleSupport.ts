// Minimal helpers for the console's browser tests until the shared web/test/support.ts exists:
// the app's address (the gateway, or a small static server proxying the API to it), Chromium, accounts, sign-in.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";

const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export const gatewayUrl = process.env.PA_BASE_URL?.replace(/\/$/, "");
export const admin = process.env.PA_ADMIN_EMAIL && process.env.PA_ADMIN_PASSWORD
  ? { email: process.env.PA_ADMIN_EMAIL, password: process.env.PA_ADMIN_PASSWORD } : undefined;

/** Why the browser tests cannot run here, or undefined when they can. */
export const skipReason = !gatewayUrl ? "PA_BASE_URL is not set (the gateway to test against)"
  : !existsSync(process.env.PA_CHROMIUM ?? "/usr/bin/chromium") ? "no Chromium at /usr/bin/chromium" : undefined;
export const adminSkipReason = skipReason ?? (admin ? undefined : "PA_ADMIN_EMAIL / PA_ADMIN_PASSWORD are not set");

export const artifactsDir = process.env.PA_ARTIFACTS_DIR ?? path.join(webRoot, "test-results");

export interface App { url: string; close(): Promise<void>; }

/**
 * The web app's address. The gateway serves it once static serving is in; until then (its `/` is not the app)
 * a static server on loopback serves `dist/` (or PA_WEB_DIST), building it if missing, and proxies the API.
 */
export async function startApp(): Promise<App> {
  const home = await fetch(gatewayUrl + "/", { headers: { accept: "text/html" } }).catch(() => null);
  const html = home?.ok && (home.headers.get("content-type") ?? "").includes("text/html") ? await home.text() : "";
  if (html.includes('id="main"') && !process.env.PA_WEB_DIST) return { url: gatewayUrl!, close: async () => {} };

  const dist = process.env.PA_WEB_DIST ?? path.join(webRoot, "dist");
  if (!existsSync(path.join(dist, "index.html"))) execFileSync(process.execPath, ["build.mjs"], { cwd: webRoot, stdio: "inherit" });
  const upstream = new URL(gatewayUrl!);
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://app");
    if (/^\/(api|v1|health|openapi|metrics)(\/|$)/.test(url.pathname)) return proxy(request, response, upstream);
    void serveStatic(dist, url.pathname, response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

function proxy(request: http.IncomingMessage, response: http.ServerResponse, upstream: URL): void {
  const forward = http.request({
    host: upstream.hostname, port: upstream.port, method: request.method, path: request.url,
    headers: { ...request.headers, host: upstream.host },
  }, (answer) => {
    response.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(response);
  });
  forward.on("error", () => { if (!response.headersSent) response.writeHead(502); response.end(); });
  request.pipe(forward);
}

const types: Record<string, string> = { ".js": "text/javascript", ".css": "text/css", ".map": "application/json", ".html": "text/html" };

async function serveStatic(dist: string, pathname: string, response: http.ServerResponse): Promise<void> {
  // History-API routes (/admin, /runs/…) get index.html; only /assets/… are files.
  const file = pathname.startsWith("/assets/") ? path.join(dist, path.normalize(pathname).replace(/^(\.\.[/\\])+/, "")) : path.join(dist, "index.html");
  try {
    const body = await readFile(file);
    response.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" });
    response.end(body);
  } catch {
    response.writeHead(404);
    response.end();
  }
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.PA_CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
}

export interface Account { email: string; password: string; userId: string; }

/** A fresh account made through the API (each test makes its own). */
export async function registerUser(prefix: string): Promise<Account> {
  const email = `${prefix}-${randomUUID().slice(0, 12)}@example.com`;
  const password = `Console-${randomUUID()}`;
  const answer = await fetch(`${gatewayUrl}/api/v1/auth/register`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password, displayName: prefix }),
  });
  if (answer.status !== 201) throw new Error(`register ${email}: ${answer.status} ${await answer.text()}`);
  const { userId } = await answer.json() as { userId: string };
  return { email, password, userId };
}

/** Signs in through the sign-in form, as a person would, and waits for the signed-in header. */
export async function signIn(page: Page, app: App, account: { email: string; password: string }): Promise<void> {
  await page.goto(app.url + "/");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}

/** Waits until the locator's text is exactly `text` (trimmed), failing with what it was. */
export async function waitForText(locator: Locator, text: string | RegExp, timeout = 15_000): Promise<void> {
  const matches = (value: string) => typeof text === "string" ? value.trim() === text : text.test(value);
  const deadline = Date.now() + timeout;
  let last = "";
  for (;;) {
    last = (await locator.first().textContent({ timeout: Math.max(1, deadline - Date.now()) }).catch(() => null)) ?? "<absent>";
    if (matches(last)) return;
    if (Date.now() > deadline) throw new Error(`waited ${timeout} ms for ${locator} to read ${text}; it reads ${JSON.stringify(last)}`);
    await locator.page().waitForTimeout(100);
  }
}

/** Saves a screenshot under the artifacts folder; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, name);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Runs a browser step; on failure saves a screenshot named after the test, so the failure can be seen. */
export async function withFailureShot<T>(page: Page, name: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    await screenshot(page, `failed-${name}.png`).catch(() => undefined);
    throw error;
  }
}

/** The text of visible alerts (error boxes), for assertions that nothing failed. */
export async function visibleAlerts(page: Page): Promise<string[]> {
  return page.locator("[role=alert]:visible").allTextContents();
}
