import { describeError } from "../app/errors";
import { h, mount } from "../app/dom";
import { renderHeader } from "../app/layout";
import { client, refreshMe } from "../app/session";

/** `/verify-email?token=`: the page the verification mail opens; it confirms the address at once. */
export async function renderVerifyEmail(main: HTMLElement): Promise<void> {
  const token = new URLSearchParams(location.search).get("token") ?? "";
  mount(main, h("section", { class: "card narrow", role: "status" }, h("p", {}, "Confirming your address…")));
  try {
    await client.account.verifyEmail(token);
    if (client.signedIn) {
      await refreshMe();
      await renderHeader();
    }
    mount(main, h("section", { class: "card narrow", role: "status" },
      h("h1", {}, "Address confirmed"),
      h("p", {}, "Thank you. Licences and invitations sent to this address now reach your account."),
      h("p", {}, h("a", { href: "/" }, "Continue"))));
  } catch (e) {
    mount(main, h("section", { class: "card narrow" },
      h("h1", {}, "This link does not work"),
      h("p", { class: "error", role: "alert" }, describeError(e)),
      h("p", {}, "Signed in, you can ask for a new link on ", h("a", { href: "/account" }, "your account page"), ".")));
  }
}
