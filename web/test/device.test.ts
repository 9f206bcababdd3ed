// Browser test of /device (RFC 8628's verification page): a CLI's code approved or denied by a signed-in person.
// Env (set by tests/Tests/Web/WebAppFixture): PA_BASE_URL, PA_ARTIFACTS_DIR.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { baseUrl, launch, newPage, password, registerUser, type User } from "./support";
import { withFailureShot } from "./consoleSupport";

const grantType = "urn:ietf:params:oauth:grant-type:device_code";

/** What a CLI does first: ask for a device code, form-encoded as the RFC says. */
async function startDevice(): Promise<{ deviceCode: string; userCode: string; complete: string }> {
  const response = await fetch(baseUrl + "/api/v1/auth/device", {
    method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "client_id=pa-cli&device_name=Test+laptop",
  });
  assert.equal(response.status, 200);
  const body = await response.json();
  return { deviceCode: body.device_code, userCode: body.user_code, complete: body.verification_uri_complete };
}

async function poll(deviceCode: string): Promise<{ status: number; body: any }> {
  const response = await fetch(baseUrl + "/api/v1/auth/device/token", {
    method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: grantType, device_code: deviceCode }).toString(),
  });
  return { status: response.status, body: await response.json() };
}

/** The sign-in form the page shows first, then the device page itself. */
async function signInHere(page: Page, user: User): Promise<void> {
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

describe("device sign-in page", () => {
  let browser: Browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser?.close(); });

  test("the complete verification link, after signing in, shows what asks; Approve lets the device's poll get tokens", async () => {
    const user = await registerUser("Approver");
    const device = await startDevice();
    assert.equal((await poll(device.deviceCode)).body.error, "authorization_pending");
    const { context, page, problems } = await newPage(browser);
    try {
      await withFailureShot(page, "device-approve", async () => {
        await page.goto("/device?user_code=" + encodeURIComponent(device.userCode));
        await signInHere(page, user);
        const request = page.getByTestId("device-request");
        await request.getByText("Test laptop (the pa command line) asks to sign in as you").waitFor();
        await request.getByText(device.userCode).waitFor();
        await page.getByRole("button", { name: "Approve" }).click();
        await page.getByTestId("device-result").getByText("Approved: Test laptop").waitFor();
      });

      const issued = await poll(device.deviceCode);
      assert.equal(issued.status, 200, JSON.stringify(issued.body));
      assert.ok(issued.body.access_token && issued.body.refresh_token);
      const me = await fetch(baseUrl + "/api/v1/me", { headers: { authorization: `Bearer ${issued.body.access_token}` } });
      assert.equal((await me.json()).email, user.email);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("a mistyped code says so; the right one typed in lower case can be denied, and the device hears access_denied", async () => {
    const user = await registerUser("Denier");
    const device = await startDevice();
    const { context, page } = await newPage(browser);
    try {
      await withFailureShot(page, "device-deny", async () => {
        await page.goto("/device");
        await signInHere(page, user);
        await page.getByRole("heading", { name: "Sign in a device" }).waitFor();
        const code = page.getByLabel("Code", { exact: true });
        await code.fill("ZZZZ-ZZZX");
        await page.getByRole("button", { name: "Continue" }).click();
        await page.getByRole("alert").getByText("No device is waiting for this code").waitFor();
        await code.fill(device.userCode.toLowerCase());
        await page.getByRole("button", { name: "Continue" }).click();
        await page.getByRole("button", { name: "Deny" }).click();
        await page.getByTestId("device-result").getByText("Denied").waitFor();
      });

      const denied = await poll(device.deviceCode);
      assert.equal(denied.status, 400);
      assert.equal(denied.body.error, "access_denied");
      assert.equal(denied.body.code, "access_denied");
    } finally {
      await context.close();
    }
  });
});
