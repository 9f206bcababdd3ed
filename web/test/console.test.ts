// Browser tests of the console pages against a real system: licences, admin, workflows and runs.
// Env (set by tests/Tests/Web/WebAppFixture): PA_BASE_URL, PA_ADMIN_EMAIL / PA_ADMIN_PASSWORD, PA_ARTIFACTS_DIR.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { createHmac } from "node:crypto";
import { api, baseUrl, ensureVerified, launch, newPage, registerUser, signIn } from "./support";
import { screenshot, sidewaysOverflow, visibleAlerts, waitForText, withFailureShot } from "./consoleSupport";

const admin = process.env.PA_ADMIN_EMAIL && process.env.PA_ADMIN_PASSWORD
  ? { email: process.env.PA_ADMIN_EMAIL, password: process.env.PA_ADMIN_PASSWORD } : undefined;
const adminSkip = admin ? undefined : "PA_ADMIN_EMAIL / PA_ADMIN_PASSWORD are not set";

describe("console", () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(async () => { browser = await launch(); });
  after(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
    await browser?.close();
  });

  /**
   * A fresh profile (own localStorage: own tokens and device id); confirm() dialogs are accepted. `problems` holds
   * page errors and console errors, except the browser's own /favicon.ico probe (the app has no icon).
   */
  async function open(viewport?: { width: number; height: number }): Promise<{ page: Page; problems: string[] }> {
    const { context, page } = await newPage(browser, viewport);
    contexts.push(context);
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error" && !message.location().url.endsWith("/favicon.ico")) problems.push(`console: ${message.text()} (${message.location().url})`);
    });
    page.on("dialog", (dialog) => void dialog.accept());
    return { page, problems };
  }

  const signInAdmin = (page: Page) => signIn(page, admin!, admin!.password);

  test("an admin issues a licence on /admin, the user activates it on /licenses, and the header's edition changes", { skip: adminSkip }, async () => {
    const user = await registerUser("Licensee");
    const { page: userPage, problems } = await open();
    const { page: adminPage, problems: adminProblems } = await open();
    await signIn(userPage, user);
    await waitForText(userPage.getByTestId("edition"), "community");

    const key = await withFailureShot(adminPage, "issue-licence", async () => {
      await signInAdmin(adminPage);
      await adminPage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
      await adminPage.getByRole("navigation", { name: "Console sections" }).getByRole("link", { name: "Licences" }).click();
      await adminPage.getByLabel("Email").fill(user.email);
      await adminPage.getByLabel("Edition").selectOption("team");
      await adminPage.getByLabel("Max devices").fill("2");
      await adminPage.getByRole("button", { name: "Issue licence" }).click();
      const issued = adminPage.getByTestId("issued-key");
      await issued.waitFor();
      const value = await issued.inputValue();
      assert.match(value, /^PA1\.[\w-]+\.[\w-]+$/, "the issued key is shown in the licence key format");

      // The list shows the new licence (searched by the holder's e-mail), never its key.
      await adminPage.getByLabel("Search licences").fill(user.email);
      await adminPage.getByRole("button", { name: "Search" }).click();
      const row = adminPage.getByRole("table", { name: "Licences" }).locator("tbody tr", { hasText: user.email });
      await row.waitFor();
      assert.match(await row.textContent() ?? "", /team/);
      assert.ok(!(await adminPage.getByRole("table", { name: "Licences" }).textContent())?.includes(value), "the key is not listed");
      return value;
    });

    await withFailureShot(userPage, "activate-licence", async () => {
      // In-app navigation: the header is not rebuilt by a reload, so only the page's refresh can change it.
      await userPage.evaluate(() => { (window as unknown as { marker: number }).marker = 1; });
      await userPage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Licences" }).click();
      await userPage.getByRole("heading", { name: "Licences", level: 1 }).waitFor();
      await waitForText(userPage.getByTestId("edition"), "community");
      assert.ok(await userPage.getByLabel("Device name").inputValue(), "the device name has a default");
      await userPage.getByLabel("Licence key").fill(key);
      await userPage.getByRole("button", { name: "Activate" }).click();
      await waitForText(userPage.getByTestId("edition"), "team");
      assert.equal(await userPage.evaluate(() => (window as unknown as { marker?: number }).marker), 1, "the page was not reloaded");

      // The licence lists this browser as a device; releasing it frees the seat.
      const license = userPage.locator("section.license", { hasText: "team" });
      await license.getByText("this browser").waitFor();
      await waitForText(license.locator("p.muted").first(), /1 of 2 devices/);
      await license.getByRole("button", { name: /^Release / }).click();
      await license.getByText("Not activated on any device.").waitFor();
      assert.deepEqual(await visibleAlerts(userPage), []);
    });
    assert.deepEqual([...problems, ...adminProblems], []);
  });

  test("the admin sees users, a user's quotas, providers, workers and a silo on the cluster page", { skip: adminSkip }, async () => {
    const user = await registerUser("Listed");
    const { page, problems } = await open();
    await withFailureShot(page, "admin-sections", async () => {
      await signInAdmin(page);
      await page.goto("/admin");
      await page.getByRole("heading", { name: "Administration" }).waitFor();
      const sections = page.getByRole("navigation", { name: "Console sections" });
      assert.equal(await sections.getByRole("link", { name: "Users" }).getAttribute("aria-current"), "page");

      await page.getByLabel("Search users").fill(user.email);
      await page.getByRole("button", { name: "Search" }).click();
      const row = page.getByRole("table", { name: "Users" }).locator("tbody tr", { hasText: user.email });
      await row.waitFor();
      assert.match(await row.textContent() ?? "", /community/);
      await screenshot(page, "admin.png");

      await row.getByRole("link", { name: `Quota of ${user.email}` }).click();
      const quotas = page.getByRole("table", { name: `Quotas of ${user.email}` });
      await quotas.locator("tbody tr", { hasText: "workflow_runs" }).waitFor();
      assert.equal(await sections.getByRole("link", { name: "Quotas" }).getAttribute("aria-current"), "page");

      for (const name of ["AI providers", "Model workers"]) {
        await sections.getByRole("link", { name }).click();
        await page.getByRole("heading", { name, level: 2 }).waitFor();
        await page.getByText("Loading…").waitFor({ state: "detached" });
        assert.deepEqual(await visibleAlerts(page), [], `${name} shows no error`);
      }

      await sections.getByRole("link", { name: "Cluster" }).click();
      const silos = page.getByRole("table", { name: "Silos" }).locator("tbody tr");
      await silos.first().waitFor();
      assert.ok(await silos.count() >= 1);
      await page.getByRole("table", { name: "Activations by grain type" }).locator("tbody tr").first().waitFor();
      assert.equal(await sections.getByRole("link", { name: "Cluster" }).getAttribute("aria-current"), "page");

      // A narrow window: tables scroll in their wrappers, the page itself does not scroll sideways.
      await page.setViewportSize({ width: 360, height: 720 });
      for (const section of ["users", "licenses", "providers", "cluster"]) {
        await page.goto(`/admin/${section}`);
        await page.locator(".admin-section table, .admin-section .empty").first().waitFor();
        assert.ok(await sidewaysOverflow(page) <= 1, `/admin/${section} fits 360 px`);
      }
    });
    assert.deepEqual(problems, []);
  });

  test("a non-admin opening /admin sees that it is for administrators only, with the server's reason", async () => {
    const user = await registerUser("Member");
    const { page, problems } = await open();
    await withFailureShot(page, "non-admin", async () => {
      await signIn(page, user);
      assert.equal(await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).count(), 0, "no Admin link");
      await page.goto("/admin/users");
      await page.getByRole("heading", { name: "Administrators only" }).waitFor();
      const expected = await problemDetail("GET", "/api/v1/admin/ai/providers", user, undefined, 403);
      await waitForText(page.getByRole("alert"), expected);
      assert.equal(await page.getByRole("table").count(), 0, "no admin data is shown");
    });
    assert.deepEqual(problems.filter((p) => !p.includes("403")), []);
  });

  test("a workflow made on /workflows runs, waits for a signal, and its steps turn succeeded without a reload when the signal is sent", async () => {
    const user = await registerUser("Flows");
    const { page, problems } = await open();
    await withFailureShot(page, "workflow-run", async () => {
      await signIn(page, user);
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Workflows" }).click();
      const definition = JSON.parse(await page.getByLabel("Definition (JSON)").inputValue()) as { steps: { type: string }[] };
      assert.deepEqual(definition.steps.map((s) => s.type), ["transform", "wait.signal"], "the example is pre-filled");
      await page.getByRole("button", { name: "Create workflow" }).click();
      await page.waitForURL(/\/workflows\/[0-9a-f-]{36}$/);
      const workflowUrl = page.url();
      await page.locator("tr[data-step=approval]", { hasText: "wait.signal" }).waitFor();
      assert.match(await page.locator("tr[data-step=approval]").textContent() ?? "", /greet/, "dependsOn is shown");

      await page.getByLabel("Run input (JSON)").fill('{"name": "console"}');
      await page.getByRole("button", { name: "Start run" }).click();
      await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
      await waitForText(page.locator("tr[data-step=greet] .step-status .badge"), "succeeded");
      await waitForText(page.locator("tr[data-step=approval] .step-status .badge"), "waiting");
      await waitForText(page.getByTestId("run-status"), "waiting");
      await page.setViewportSize({ width: 360, height: 720 });
      assert.ok(await sidewaysOverflow(page) <= 1, "the run page fits 360 px (its table scrolls inside its wrapper)");
      await page.setViewportSize({ width: 1280, height: 860 });

      await page.evaluate(() => { (window as unknown as { marker: number }).marker = 1; });
      await page.getByLabel("Signal name").fill("approve");
      await page.getByLabel("Payload (JSON)").fill('{"approved": true}');
      // By keyboard: Tab from the payload reaches "Send signal", Enter presses it.
      await page.keyboard.press("Tab");
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Send signal");
      await page.keyboard.press("Enter");
      await waitForText(page.locator("tr[data-step=approval] .step-status .badge"), "succeeded");
      await waitForText(page.getByTestId("run-status"), "succeeded");
      assert.equal(await page.evaluate(() => (window as unknown as { marker?: number }).marker), 1, "the page was not reloaded");
      assert.match(await page.locator("tr[data-step=approval]").textContent() ?? "", /"approved": true/, "the signal's payload is the step's output");
      assert.ok(await page.getByRole("button", { name: "Send signal" }).isHidden(), "a finished run offers no signal form");
      const runId = page.url().split("/").pop()!;

      // The workflow's recent runs list the run as succeeded.
      await page.goto(workflowUrl);
      const run = page.locator("tbody tr", { has: page.locator(`a[href="/runs/${runId}"]`) });
      await waitForText(run.locator(".badge"), "succeeded");
    });
    assert.deepEqual(problems, []);
  });

  test("a paused run finishes the step under way, starts nothing more until Resume, then succeeds", async () => {
    const user = await registerUser("Pauser");
    const { workflowId } = await api<{ workflowId: string }>("POST", "/api/v1/workflows", user.token, {
      name: "wait, then write",
      steps: [
        { id: "approval", type: "wait.signal", input: { name: "approve" } },
        { id: "write", type: "transform", input: { value: "{{steps.approval.output.note}}" }, dependsOn: ["approval"] },
      ],
    });
    const { runId } = await api<{ runId: string }>("POST", `/api/v1/workflows/${workflowId}/runs`, user.token, { input: {} });
    const { page, problems } = await open();
    await withFailureShot(page, "workflow-pause", async () => {
      await signIn(page, user);
      await page.goto(`/runs/${runId}`);
      await waitForText(page.locator("tr[data-step=approval] .step-status .badge"), "waiting");
      await page.getByRole("button", { name: "Pause run" }).click();
      await page.getByTestId("run-paused").waitFor();
      await page.getByLabel("Signal name").fill("approve");
      await page.getByLabel("Payload (JSON)").fill('{"note": "ok"}');
      await page.getByRole("button", { name: "Send signal" }).click();
      await waitForText(page.locator("tr[data-step=approval] .step-status .badge"), "succeeded");
      assert.equal((await page.locator("tr[data-step=write] .step-status .badge").textContent())?.trim(), "pending", "nothing starts while paused");
      await page.getByRole("button", { name: "Resume run" }).click();
      await waitForText(page.getByTestId("run-status"), "succeeded");
      assert.match(await page.locator("tr[data-step=write]").textContent() ?? "", /ok/);
    });
    assert.deepEqual(problems, []);
  });

  test("the workflow form shows a bad definition's problem detail, and bad JSON as such", async () => {
    const user = await registerUser("Badflow");
    const { page, problems } = await open();
    await withFailureShot(page, "workflow-errors", async () => {
      const body = { name: "broken", steps: [{ id: "a", type: "no.such.type", input: {} }] };
      const expected = await problemDetail("POST", "/api/v1/workflows", user, body, 400);
      await signIn(page, user);
      await page.goto("/workflows");
      const form = page.locator("form", { has: page.getByRole("button", { name: "Create workflow" }) });
      await page.getByLabel("Definition (JSON)").fill(JSON.stringify(body));
      await page.getByRole("button", { name: "Create workflow" }).click();
      await waitForText(form.getByRole("alert"), expected);

      await page.getByLabel("Definition (JSON)").fill("{ not json");
      await page.getByRole("button", { name: "Create workflow" }).click();
      await waitForText(form.getByRole("alert"), /^The definition is not valid JSON/);
      assert.match(page.url(), /\/workflows$/, "nothing was created");
    });
    assert.deepEqual(problems.filter((p) => !p.includes("400")), []);
  });

  test("an approval shows in the run's graph and the assignee's inbox; Approve there lets the run finish", async () => {
    const user = await registerUser("Approver");
    await ensureVerified(user);
    const { workflowId } = await api("POST", "/api/v1/workflows", user.token, {
      name: "ship with approval",
      steps: [
        { id: "ask", type: "approval", input: { assignee: user.email, message: "Ship release {{input.release}}?" } },
        { id: "ship", type: "transform", dependsOn: ["ask"], input: { value: "shipped: {{steps.ask.output.comment}}" } },
      ],
    });
    const { runId } = await api("POST", `/api/v1/workflows/${workflowId}/runs`, user.token, { input: { release: "7.1" } });
    const { page, problems } = await open();
    await withFailureShot(page, "approvals", async () => {
      await signIn(page, user);
      await page.goto(`/runs/${runId}`);
      const graph = page.getByRole("list", { name: "Steps as a graph" });
      await graph.locator(".dag-node[data-step=ask][data-status=waiting]").waitFor();
      assert.equal(await graph.locator(".dag-node[data-step=ship]").getAttribute("data-status"), "pending", "the step after the approval waits");

      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Approvals" }).click();
      const card = page.locator("article.approval", { hasText: "Ship release 7.1?" });
      await card.getByLabel("Comment (optional)").fill("go ahead");
      await card.getByRole("button", { name: "Approve" }).click();
      await page.getByText("Nothing is waiting for you.").waitFor();

      await page.goto(`/runs/${runId}`);
      await graph.locator(".dag-node[data-step=ship][data-status=succeeded]").waitFor();
      await waitForText(page.getByTestId("run-status"), "succeeded");
      assert.match(await page.locator("tr[data-step=ship]").textContent() ?? "", /shipped: go ahead/);
    });
    assert.deepEqual(problems, []);
  });

  test("the workflow page adds a webhook (its secret shown once) and a schedule; a signed delivery shows as a fire", async () => {
    const user = await registerUser("Hooks");
    const { workflowId } = await api("POST", "/api/v1/workflows", user.token, {
      name: "hooked", steps: [{ id: "echo", type: "transform", input: { value: "{{input.body}}" } }],
    });
    const { page, problems } = await open();
    await withFailureShot(page, "triggers", async () => {
      await signIn(page, user);
      await page.goto(`/workflows/${workflowId}`);
      await page.getByText("No triggers: runs start only when someone starts them.").waitFor();
      await page.getByLabel("Type").selectOption("webhook");
      await page.getByRole("button", { name: "Add trigger" }).click();
      const secret = (await page.getByTestId("webhook-secret").locator("code").textContent())!;
      const hook = page.locator("li[data-type=webhook]");
      const url = (await hook.locator(".webhook-url").textContent())!;
      assert.match(url, /\/api\/v1\/hooks\/[0-9a-f-]{36}$/);

      await page.getByLabel("Type").selectOption("schedule");
      await page.getByLabel("Cron").fill("0 3 * * *");
      await page.getByLabel("Time zone").fill("Europe/Berlin");
      await page.getByRole("button", { name: "Add trigger" }).click();
      await waitForText(page.locator("li[data-type=schedule]"), /0 3 \* \* \* \(Europe\/Berlin\) · next/);

      const body = JSON.stringify({ event: "push" });
      const signature = "sha256=" + createHmac("sha256", secret).update(body).digest("hex");
      const delivered = await fetch(baseUrl + new URL(url).pathname, { method: "POST", headers: { "content-type": "application/json", "x-pa-signature": signature }, body });
      assert.equal(delivered.status, 202);
      await page.reload();
      await waitForText(hook, /Fired 1 time\(s\) recently/);
      assert.equal(await page.getByTestId("webhook-secret").count(), 0, "the secret is not shown again");
    });
    assert.deepEqual(problems, []);
  });
});

/** The `detail` the API itself answers for a request, so the page can be checked to show exactly that. */
async function problemDetail(method: string, route: string, user: { token: string }, body: unknown, status: number): Promise<string> {
  const answer = await fetch(baseUrl + route, {
    method, headers: { "content-type": "application/json", authorization: `Bearer ${user.token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.equal(answer.status, status, `${method} ${route}`);
  const problem = await answer.json() as { detail?: string };
  assert.ok(problem.detail, "the API explains the refusal");
  return problem.detail!;
}
