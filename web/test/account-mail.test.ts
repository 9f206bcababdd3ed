// Forgot password through the UI, with the link read from the mail the real test SMTP server received; then the
// account page's banner, resend and change of password.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { api, artifacts, launch, linkIn, mailTo, newPage, password, registerUser, signIn } from "./support";

let browser: Browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("forgot password: the mailed link sets a new password, old sessions end, the new one signs in", async () => {
  const user = await registerUser("Forgetful");
  const { refreshToken } = await api("POST", "/api/v1/auth/login", undefined, { email: user.email, password });
  const { context, page, problems } = await newPage(browser);
  try {
    await page.goto("/");
    await page.getByRole("link", { name: "Forgot password?" }).click();
    await page.getByRole("heading", { name: "Reset your password" }).waitFor();
    await page.getByLabel("Email").fill(user.email);
    await page.getByRole("button", { name: "Send reset link" }).click();
    await page.getByRole("heading", { name: "Check your mail" }).waitFor();

    const mail = (await mailTo(user.email, (all) => all.some((m) => m.kind === "password_reset"))).find((m) => m.kind === "password_reset")!;
    assert.match(mail.html, /<a href="[^"]+\/reset-password\?token=/);
    await page.goto(await linkIn(user.email, "password_reset"));
    await page.getByLabel("New password", { exact: true }).fill("a fresh browser passphrase");
    await page.getByLabel("Repeat the new password").fill("a fresh browser passphrase");
    await page.getByRole("button", { name: "Set new password" }).click();
    await page.getByRole("heading", { name: "Password changed" }).waitFor();

    const refresh = await fetch(`${process.env.PA_BASE_URL}/api/v1/auth/refresh`, {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ refreshToken }),
    });
    assert.equal(refresh.status, 401, "the session from before the reset has ended");
    await page.getByRole("link", { name: "Sign in" }).click();
    await signIn(page, user, "a fresh browser passphrase");
    await page.screenshot({ path: `${artifacts}/account-mail-reset.png` });

    // The same link again is refused, with words a person reads.
    await page.goto(await linkIn(user.email, "password_reset"));
    await page.getByLabel("New password", { exact: true }).fill("yet another passphrase");
    await page.getByLabel("Repeat the new password").fill("yet another passphrase");
    await page.getByRole("button", { name: "Set new password" }).click();
    await page.getByRole("alert").filter({ hasText: "not valid" }).waitFor();
    assert.deepEqual(problems.filter((p) => !p.includes("400")), []);
  } finally {
    await context.close();
  }
});

test("account page: an unverified address is marked, the resent link verifies it, the password changes", async () => {
  const user = await registerUser("Unverified");
  const { context, page, problems } = await newPage(browser);
  try {
    await signIn(page, user);
    await page.getByTestId("unverified").click();
    await page.getByTestId("verify-banner").waitFor();
    await page.getByRole("button", { name: "Send the link again" }).click();
    await page.goto(await linkIn(user.email, "email_verification", 2));
    await page.getByRole("heading", { name: "Address confirmed" }).waitFor();
    await page.goto("/account");
    await page.getByTestId("email-verified").waitFor();
    assert.equal(await page.getByTestId("unverified").count(), 0);

    await page.getByLabel("Current password").fill(password);
    await page.getByLabel("New password").fill("a changed browser passphrase");
    await page.getByRole("button", { name: "Change password" }).click();
    await page.locator(".toast").filter({ hasText: "Password changed" }).waitFor();
    await api("POST", "/api/v1/auth/login", undefined, { email: user.email, password: "a changed browser passphrase" });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
