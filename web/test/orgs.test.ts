// Browser tests of the organization pages against a real system: create, invite, accept, seats, removal.
// Env (set by tests/Tests/Web/WebAppFixture): PA_BASE_URL, PA_ADMIN_EMAIL / PA_ADMIN_PASSWORD, PA_ARTIFACTS_DIR.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { adminToken, api, ensureVerified, eventually, newPage, launch, registerUser, signIn } from "./support";
import { visibleAlerts, waitForText, withFailureShot } from "./consoleSupport";

const adminSkip = process.env.PA_ADMIN_EMAIL && process.env.PA_ADMIN_PASSWORD ? undefined : "PA_ADMIN_EMAIL / PA_ADMIN_PASSWORD are not set";

describe("organizations", () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(async () => { browser = await launch(); });
  after(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
    await browser?.close();
  });

  async function open(): Promise<{ page: Page; problems: string[] }> {
    const { context, page, problems } = await newPage(browser);
    contexts.push(context);
    return { page, problems };
  }

  test("an owner creates an org, invites a colleague who accepts, seats and releases them, and removes them", { skip: adminSkip }, async () => {
    const owner = await registerUser("Orgowner");
    const colleague = await registerUser("Colleague");
    await ensureVerified(colleague); // invitations wait for a verified address
    const { page, problems } = await open();
    const { page: colleaguePage, problems: colleagueProblems } = await open();

    const orgId = await withFailureShot(page, "org-create", async () => {
      await signIn(page, owner);
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Organizations" }).click();
      await page.getByLabel("Organization name").fill("Browser Org");
      await page.getByRole("button", { name: "Create organization" }).click();
      await page.getByRole("heading", { name: /Browser Org/ }).waitFor();
      const id = new URL(page.url()).pathname.split("/").pop()!;
      await page.getByLabel("Email to invite").fill(colleague.email);
      await page.getByLabel("Invite as").selectOption("member");
      await page.getByRole("button", { name: "Invite" }).click();
      await page.getByRole("region", { name: "Pending invitations" }).getByText(colleague.email).waitFor();
      return id;
    });

    await withFailureShot(colleaguePage, "org-accept", async () => {
      await signIn(colleaguePage, colleague);
      await colleaguePage.getByText("Browser Org (organization)").waitFor();
      await colleaguePage.getByRole("button", { name: "Accept" }).click();
      await colleaguePage.goto("/orgs");
      await colleaguePage.getByRole("link", { name: "Browser Org" }).waitFor();
    });

    const licenseId = (await api("POST", "/api/v1/admin/licenses", await adminToken(), {
      orgId, seats: 2, edition: "team", maxDevices: 2, expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    })).licenseId as string;

    await withFailureShot(page, "org-seats", async () => {
      await page.reload();
      const license = page.locator(`[data-license="${licenseId}"]`);
      await waitForText(license.getByTestId("seats"), "Seats: 0 of 2 used");
      await license.getByRole("button", { name: `Assign seat to ${colleague.email}` }).click();
      await waitForText(license.getByTestId("seats"), "Seats: 1 of 2 used");
      await eventually("the colleague's edition to be team", () => api("GET", "/api/v1/me", colleague.token), (me) => me.edition === "team");
      await license.getByRole("button", { name: `Release seat of ${colleague.email}` }).click();
      await waitForText(license.getByTestId("seats"), "Seats: 0 of 2 used");
      assert.equal((await api("GET", "/api/v1/me", colleague.token)).edition, "community");

      await page.getByRole("button", { name: `Remove ${colleague.email}` }).click();
      await page.getByRole("table", { name: "Members" }).getByText(owner.email).waitFor();
      await eventually("the colleague to be gone", async () => (await page.getByRole("table", { name: "Members" }).getByText(colleague.email).count()), (n) => n === 0);
    });

    assert.deepEqual(await api("GET", "/api/v1/me/orgs", colleague.token), []);
    assert.deepEqual(await visibleAlerts(page), []);
    assert.deepEqual([...problems, ...colleagueProblems], []);
  });

  test("a plain member sees the org without management controls, and a foreign org id shows an error", async () => {
    const owner = await registerUser("Orgowner");
    const member = await registerUser("Plainmember");
    await ensureVerified(member);
    const { orgId } = await api("POST", "/api/v1/orgs", owner.token, { name: "Read only" });
    await api("POST", `/api/v1/orgs/${orgId}/members`, owner.token, { email: member.email, role: "member" });
    const invitation = (await api("GET", "/api/v1/me/invitations", member.token)).find((i: { orgId?: string }) => i.orgId === orgId);
    await api("POST", `/api/v1/invitations/${invitation.invitationId}/accept`, member.token);
    const stranger = await registerUser("Stranger");
    const { page } = await open();
    const { page: strangerPage } = await open();

    await withFailureShot(page, "org-member-view", async () => {
      await signIn(page, member);
      await page.goto(`/orgs/${orgId}`);
      await page.getByRole("heading", { name: /Read only/ }).waitFor();
      assert.equal(await page.getByRole("button", { name: /^Remove / }).count(), 0);
      assert.equal(await page.getByLabel("Email to invite").count(), 0);
      assert.ok(await page.getByLabel(`Role of ${member.email}`).isDisabled());
    });

    await withFailureShot(strangerPage, "org-foreign", async () => {
      await signIn(strangerPage, stranger);
      await strangerPage.goto(`/orgs/${orgId}`);
      await eventually("an error to be shown", () => visibleAlerts(strangerPage), (alerts) => alerts.length > 0);
      assert.equal(await strangerPage.getByRole("heading", { name: /Read only/ }).count(), 0);
    });
  });
});
