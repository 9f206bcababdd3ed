import "./styles.css";
import { renderAdmin } from "./admin/adminPage";
import { renderEditor } from "./editor/editorPage";
import { renderHeader } from "./app/layout";
import { interceptLinks, navigate, render, route, type Page } from "./app/router";
import { client } from "./app/session";
import { renderDevice } from "./pages/device";
import { renderLicenses } from "./pages/licenses";
import { oidcCallbackPath, renderOidcCallback } from "./pages/oidcCallback";
import { renderOrg, renderOrgs } from "./pages/orgs";
import { renderProject } from "./pages/project";
import { renderProjects } from "./pages/projects";
import { renderRun } from "./pages/run";
import { renderApprovals } from "./pages/approvals";
import { renderSessions } from "./pages/sessions";
import { renderSignIn } from "./pages/signin";
import { renderWorkflows } from "./pages/workflows";
import { renderAccount } from "./pages/account";
import { renderForgotPassword } from "./pages/forgotPassword";
import { renderResetPassword } from "./pages/resetPassword";
import { renderVerifyEmail } from "./pages/verifyEmail";
import { renderAccountUsage } from "./usage/accountUsage";

/** Every page but sign-in needs a signed-in user: others see the sign-in form and come back after. */
const signedIn = (page: Page): Page => (main, params) => {
  if (client.signedIn) return page(main, params);
  renderSignIn(main, () => void render());
};

route("/", signedIn((main) => renderProjects(main)));
route("/projects/:projectId", signedIn(renderProject));
route("/documents/:documentId", signedIn(renderEditor));
route("/workflows", signedIn(renderWorkflows));
route("/workflows/:workflowId", signedIn(renderWorkflows));
route("/runs/:runId", signedIn(renderRun));
route("/approvals", signedIn((main) => renderApprovals(main)));
route("/licenses", signedIn(renderLicenses));
route("/admin", signedIn(renderAdmin));
route("/admin/:section", signedIn(renderAdmin));
route("/account/sessions", signedIn(renderSessions));
route("/account/usage", signedIn(renderAccountUsage));
route(oidcCallbackPath, renderOidcCallback);
route("/device", signedIn((main) => renderDevice(main)));
route("/orgs", signedIn(renderOrgs));
route("/orgs/:orgId", signedIn(renderOrg));
route("/forgot-password", renderForgotPassword);
route("/reset-password", renderResetPassword);
route("/verify-email", renderVerifyEmail);
route("/account", signedIn(renderAccount));

client.onAuthChange((signedInNow) => {
  void renderHeader();
  if (!signedInNow) navigate(location.pathname, true);
});
interceptLinks();
void renderHeader();
void render();
