// How the gateway serves the app: security headers on pages and assets, API routes still problems, and the
// app itself loading under its Content-Security-Policy without errors, usable by keyboard and in a narrow window.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { baseUrl, launch, newPage, registerUser } from "./support";

let browser: Browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("pages and assets carry CSP, nosniff and Referrer-Policy; unknown API routes are still problem+json", async () => {
  for (const route of ["/", "/projects/x", "/documents/y", "/workflows", "/admin"]) {
    const page = await fetch(baseUrl + route);
    assert.equal(page.status, 200, route);
    assert.match(page.headers.get("content-type") ?? "", /text\/html/);
    assert.match(page.headers.get("content-security-policy") ?? "", /default-src 'self'/);
    assert.match(page.headers.get("content-security-policy") ?? "", /frame-ancestors 'none'/);
    assert.equal(page.headers.get("x-content-type-options"), "nosniff");
    assert.equal(page.headers.get("referrer-policy"), "no-referrer");
    assert.equal(page.headers.get("cache-control"), "no-cache");
  }
  const html = await (await fetch(baseUrl + "/")).text();
  const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  assert.ok(script, html);
  const asset = await fetch(baseUrl + script);
  assert.equal(asset.status, 200);
  assert.equal(asset.headers.get("x-content-type-options"), "nosniff");
  assert.match(asset.headers.get("cache-control") ?? "", /immutable/);
  const compressed = await fetch(baseUrl + script, { headers: { "accept-encoding": "gzip" } });
  assert.equal(compressed.headers.get("content-encoding"), "gzip", "the bundle is sent compressed");
  assert.ok((await compressed.text()).length > 1000, "and decodes to the script");
  const api = await fetch(baseUrl + "/health/live", { headers: { "accept-encoding": "gzip" } });
  assert.equal(api.headers.get("content-encoding"), null, "API answers are not compressed");

  const missing = await fetch(baseUrl + "/api/v1/no-such-thing");
  assert.equal(missing.status, 404);
  assert.match(missing.headers.get("content-type") ?? "", /application\/problem\+json/);
  const missingAsset = await fetch(baseUrl + "/assets/nope.js");
  assert.equal(missingAsset.status, 404);
});

test("the app loads under its CSP with no errors, works by keyboard, and fits a narrow window", async () => {
  const user = await registerUser("Ivan");
  const { context, page, problems } = await newPage(browser, { width: 360, height: 720 });
  try {
    await page.goto("/");
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    // Keyboard only: the email field has focus, Tab reaches the password, Enter submits.
    await page.keyboard.type(user.email);
    await page.keyboard.press("Tab");
    await page.keyboard.type("correct horse battery staple");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Projects" }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `the page scrolls sideways by ${overflow}px at 360px wide`);
    // A wrong password shows the API's detail.
    await context.clearCookies();
    await page.evaluate(() => localStorage.clear());
    await page.goto("/");
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    const alert = page.getByRole("alert");
    await alert.waitFor();
    assert.match((await alert.textContent()) ?? "", /e-?mail|password/i);
    assert.deepEqual(problems.filter((p) => !p.includes("401")), []);
  } finally {
    await context.close();
  }
});
