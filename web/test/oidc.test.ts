// Sign-in through a real OpenID Provider (oidc-provider, started by the fixture): the sign-in page's provider button,
// the provider's own login form, the app's /auth/callback exchanging the one-time code; and a refused link shown.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { api, baseUrl, launch, newEmail, newPage, password } from "./support";

const issuer = process.env.PA_OIDC_ISSUER ?? "";
let browser: Browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function providerAccount(email: string, emailVerified: boolean): Promise<string> {
  assert.ok(issuer, "PA_OIDC_ISSUER is not set");
  const sub = "web-" + randomUUID();
  const response = await fetch(`${issuer}/__test/accounts`, {
    method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ sub, email, email_verified: emailVerified, name: "Provider Person" }),
  });
  assert.equal(response.status, 204);
  return sub;
}

/** From the app's sign-in page, through the provider's login form, back to the app. */
async function signInWithProvider(page: Page, login: string): Promise<void> {
  await page.goto("/");
  await page.getByRole("button", { name: "Continue with Test Provider" }).click();
  await page.waitForURL((url) => url.toString().startsWith(issuer));
  await page.locator("input[name=login]").fill(login);
  await page.locator("input[name=password]").fill("anything");
  await page.getByRole("button", { name: "Sign-in" }).click();
}

test("a new user signs in with the provider and lands on their projects, signed in after a reload", async () => {
  const { context, page } = await newPage(browser);
  // The provider's own login page fetches fonts from the internet; only the app's pages must be free of errors.
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (m) => { if (m.type() === "error" && m.location().url.startsWith(baseUrl)) problems.push(`console: ${m.text()}`); });
  try {
    const email = newEmail("oidc-web");
    await signInWithProvider(page, await providerAccount(email, true));
    await page.getByRole("heading", { name: "Projects" }).waitFor();
    assert.equal(new URL(page.url()).pathname, "/");
    assert.ok(!page.url().includes("code="), "the one-time code leaves the address bar");

    const tokens = await page.evaluate(() => localStorage.getItem("pa.tokens") ?? "");
    assert.match(tokens, /accessToken/, "the session is stored the way a password sign-in stores it");
    await page.reload();
    await page.getByRole("heading", { name: "Projects" }).waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("an unverified provider e-mail of an existing account is refused, and the page says why", async () => {
  const { context, page } = await newPage(browser);
  try {
    const email = newEmail("oidc-web-taken");
    await api("POST", "/api/v1/auth/register", undefined, { email, password });
    await signInWithProvider(page, await providerAccount(email, false));
    await page.getByRole("heading", { name: "Sign-in failed" }).waitFor();
    assert.match(await page.getByRole("alert").innerText(), /not verified/);
    assert.equal(await page.evaluate(() => Object.keys(localStorage).some((k) => k === "pa.tokens")), false);
  } finally {
    await context.close();
  }
});
