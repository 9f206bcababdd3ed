import { errorBox } from "../app/errors";
import { field, h, mount } from "../app/dom";
import { client } from "../app/session";

/** `/reset-password?token=`: the page the mailed link opens; a new password ends every session. */
export function renderResetPassword(main: HTMLElement): void {
  const token = new URLSearchParams(location.search).get("token") ?? "";
  const password = h("input", { type: "password", name: "newPassword", autocomplete: "new-password", required: true, minlength: 10, maxlength: 256 });
  const again = h("input", { type: "password", name: "confirmPassword", autocomplete: "new-password", required: true });
  const error = errorBox();
  const submit = h("button", { type: "submit" }, "Set new password");
  const form = h("form", { class: "card narrow", "aria-labelledby": "reset-title" },
    h("h1", { id: "reset-title" }, "Choose a new password"),
    field("New password", password, "At least 10 characters."), field("Repeat the new password", again),
    error.element, submit);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.clear();
    if (password.value !== again.value) {
      error.show(new Error("The two passwords differ."));
      return;
    }
    submit.disabled = true;
    try {
      await client.account.resetPassword(token, password.value);
      // Every session ended with the reset, this tab's too.
      if (client.signedIn) await client.auth.logout();
      mount(main, h("section", { class: "card narrow", role: "status" },
        h("h1", {}, "Password changed"),
        h("p", {}, "Your new password is set and every session was signed out."),
        h("p", {}, h("a", { href: "/" }, "Sign in"))));
    } catch (e) {
      error.show(e);
      submit.disabled = false;
    }
  });
  if (!token) {
    mount(main, h("section", { class: "card narrow" }, h("h1", {}, "Link incomplete"),
      h("p", {}, "Open the link from the mail as it is, or ", h("a", { href: "/forgot-password" }, "ask for a new one"), ".")));
    return;
  }
  mount(main, form);
  password.focus();
}
