// Browser tests of sessions and of an administrator disabling a user, against a real system.
// Env (set by tests/Tests/Web/WebAppFixture): PA_BASE_URL, PA_ADMIN_EMAIL / PA_ADMIN_PASSWORD, PA_ARTIFACTS_DIR.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser, BrowserContext } from "playwright-core";
import { api, launch, newPage, password, projectWithDocument, registerUser, signIn, synced } from "./support";
import { withFailureShot } from "./consoleSupport";

const admin = process.env.PA_ADMIN_EMAIL && process.env.PA_ADMIN_PASSWORD
  ? { email: process.env.PA_ADMIN_EMAIL, password: process.env.PA_ADMIN_PASSWORD } : undefined;

describe("account access", () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(async () => { browser = await launch(); });
  after(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
    await browser?.close();
  });

  async function open() {
    const opened = await newPage(browser);
    contexts.push(opened.context);
    return opened;
  }

  test("a user sees where they are signed in and ends another session, whose refresh token then fails", async () => {
    const user = await registerUser("Traveller");
    const elsewhere = await api("POST", "/api/v1/auth/login", undefined, { email: user.email, password, deviceId: "old-phone" });
    const { page, problems } = await open();
    await withFailureShot(page, "sessions", async () => {
      await signIn(page, user);
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Account" }).click();
      await page.getByRole("link", { name: "Sessions" }).click();
      await page.getByRole("heading", { name: "Sessions" }).waitFor();
      await page.getByTestId("current-session").waitFor();
      const rows = page.getByRole("table", { name: "Sessions" }).locator("tbody tr");
      assert.equal(await rows.count(), 3, "the set-up sign-in, the phone and this browser");

      await page.getByRole("button", { name: /End session old-phone/ }).click();
      await page.getByRole("button", { name: /End session old-phone/ }).waitFor({ state: "detached" });
      const refresh = await fetch(`${process.env.PA_BASE_URL}/api/v1/auth/refresh`, {
        method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ refreshToken: elsewhere.refreshToken }),
      });
      assert.equal(refresh.status, 401, "the ended session's refresh token is refused");

      await page.getByRole("button", { name: "Sign out everywhere else" }).click();
      await page.getByRole("button", { name: "Sign out everywhere else" }).waitFor({ state: "hidden" });
      assert.equal(await rows.count(), 1, "only this browser is left");
    });
    assert.deepEqual(problems, []);
  });

  test("an admin finds and disables a user on /admin/users; the user's open editor is refused within seconds", { skip: admin ? undefined : "no admin" }, async () => {
    const user = await registerUser("Suspended");
    const { documentId } = await projectWithDocument(user, "notes.md", "hello");
    const { page: editor } = await open();
    const { page: adminPage } = await open();
    await withFailureShot(editor, "disabled-editor", async () => {
      await signIn(editor, user);
      await editor.goto(`/documents/${documentId}`);
      await synced(editor);

      await signIn(adminPage, admin!, admin!.password);
      await adminPage.goto("/admin/users");
      await adminPage.getByLabel("Search users").fill(user.email);
      await adminPage.getByRole("button", { name: "Search" }).click();
      const row = adminPage.locator(`tr[data-user="${user.userId}"]`);
      const started = Date.now();
      await row.getByRole("button", { name: `Disable ${user.email}` }).click();
      await row.getByText("disabled").waitFor();
      await editor.getByRole("alert").filter({ hasText: "disabled this account" }).waitFor({ timeout: 10_000 });
      const seconds = (Date.now() - started) / 1000;
      process.stdout.write(`editor refused ${seconds.toFixed(1)} s after the Disable click\n`);
      assert.ok(seconds <= 5, `the editor is refused within 5 s (took ${seconds.toFixed(1)} s)`);

      await row.getByRole("button", { name: `Enable ${user.email}` }).click();
      await row.getByRole("button", { name: `Disable ${user.email}` }).waitFor();
    });
  });
});
