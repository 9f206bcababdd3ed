// Shared by the browser tests: Debian's Chromium through playwright-core, and quick ways to make users and data.
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";

export const baseUrl = process.env.PA_BASE_URL ?? "";
export const artifacts = process.env.PA_ARTIFACTS_DIR ?? path.resolve("test-results");
export const password = "correct horse battery staple";
if (!baseUrl) throw new Error("PA_BASE_URL is not set: these tests run against a real system (dotnet test runs them through BrowserTests).");
mkdirSync(artifacts, { recursive: true });

/** Chromium as this machine runs it: headless, no sandbox (root), no background traffic to the closed network. */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.PA_CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
  });
}

/** A browser context whose page errors and console errors are collected, so a test can assert there were none. */
export async function newPage(browser: Browser, viewport = { width: 1280, height: 860 }): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport, baseURL: baseUrl });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => { if (message.type() === "error") problems.push(`console: ${message.text()}`); });
  return { context, page, problems };
}

export function newEmail(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}@example.com`;
}

/** Calls the API directly (test set-up), throwing with the problem's detail on failure. */
export async function api<T = any>(method: string, route: string, token?: string, body?: unknown): Promise<T> {
  const response = await fetch(baseUrl + route, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export interface User { email: string; displayName: string; userId: string; token: string; }

export async function registerUser(displayName: string): Promise<User> {
  const email = newEmail(displayName.toLowerCase());
  const { userId } = await api("POST", "/api/v1/auth/register", undefined, { email, password, displayName });
  const { accessToken } = await api("POST", "/api/v1/auth/login", undefined, { email, password });
  return { email, displayName, userId, token: accessToken };
}

export async function adminToken(): Promise<string> {
  const { accessToken } = await api("POST", "/api/v1/auth/login", undefined, { email: process.env.PA_ADMIN_EMAIL, password: process.env.PA_ADMIN_PASSWORD });
  return accessToken;
}

/** Signs in through the form, as a person would, and waits for the projects page. */
export async function signIn(page: Page, user: { email: string }, pass = password): Promise<void> {
  await page.goto("/");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(pass);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Projects" }).waitFor();
}

/** A project owned by `owner` with one document, and `others` invited as editors (invitations accepted). */
export async function projectWithDocument(owner: User, path: string, content: string, others: User[] = []): Promise<{ projectId: string; documentId: string }> {
  const { projectId } = await api("POST", "/api/v1/projects", owner.token, { name: `Project ${randomUUID().slice(0, 6)}` });
  const { documentId } = await api("POST", `/api/v1/projects/${projectId}/documents`, owner.token, { path, content });
  for (const other of others) {
    await api("POST", `/api/v1/projects/${projectId}/members`, owner.token, { email: other.email, role: "editor" });
    await ensureVerified(other);
    const invitations = await api<{ invitationId: string; projectId: string }[]>("GET", "/api/v1/me/invitations", other.token);
    const invitation = invitations.find((i) => i.projectId === projectId);
    if (!invitation) throw new Error(`no invitation for ${other.email}`);
    await api("POST", `/api/v1/invitations/${invitation.invitationId}/accept`, other.token);
  }
  return { projectId, documentId };
}

/** The editor's text as the page shows it, line by line (cursor labels are CSS, not text). */
export function editorText(page: Page): Promise<string> {
  return page.locator(".cm-content").evaluate((content) =>
    Array.from(content.querySelectorAll(":scope > .cm-line")).map((line) => line.textContent ?? "").join("\n"));
}

/** Waits until the editor says it is connected with nothing pending. */
export async function synced(page: Page, timeout = 30_000): Promise<void> {
  await page.locator('[data-testid="connection"][data-state="connected"][data-pending="0"]').waitFor({ timeout });
}

/** Bounded polling for a condition a test waits on (no sleeps). */
export async function eventually<T>(what: string, probe: () => Promise<T>, ok: (value: T) => boolean, timeout = 30_000): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (ok(last)) return last;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(last)}${lastError ? `, last error ${lastError}` : ""}`);
}

export interface Mail { to: string; subject: string; kind: string; text: string; html: string; }

/** The mail the test SMTP server received for `to`, in arrival order, waiting until `ok` holds. */
export async function mailTo(to: string, ok: (mails: Mail[]) => boolean = (mails) => mails.length > 0): Promise<Mail[]> {
  const view = process.env.PA_MAIL_URL;
  if (!view) throw new Error("PA_MAIL_URL is not set: BrowserTests passes the test SMTP server's view.");
  return eventually(`mail to ${to}`, async () => (await (await fetch(`${view}/messages?to=${encodeURIComponent(to)}`)).json()) as Mail[], ok);
}

/** The app link (path and query) in the latest mail of `kind` to `to`, to open against the gateway under test. */
export async function linkIn(to: string, kind: string, count = 1): Promise<string> {
  const mails = await mailTo(to, (all) => all.filter((m) => m.kind === kind).length >= count);
  const latest = mails.filter((m) => m.kind === kind).at(-1)!;
  const url = /https?:\/\/\S+\?token=[A-Za-z0-9._~%-]+/.exec(latest.text)?.[0];
  if (!url) throw new Error(`no link in ${latest.text}`);
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}

/** Verifies the user's address as its owner would, by the mailed link (invitations need a verified address). */
export async function ensureVerified(user: User): Promise<void> {
  const me = await api<{ emailVerified: boolean }>("GET", "/api/v1/me", user.token);
  if (me.emailVerified) return;
  const token = new URLSearchParams((await linkIn(user.email, "email_verification")).split("?")[1]).get("token");
  await api("POST", "/api/v1/auth/verify-email/confirm", undefined, { token });
}
