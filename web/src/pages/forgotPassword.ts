import { errorBox } from "../app/errors";
import { field, h, mount } from "../app/dom";
import { client } from "../app/session";

/** "Forgot password?": asks for a reset link. The answer is the same whether the address has an account or not. */
export function renderForgotPassword(main: HTMLElement): void {
  const email = h("input", { type: "email", name: "email", autocomplete: "username", required: true, maxlength: 254 });
  const error = errorBox();
  const submit = h("button", { type: "submit" }, "Send reset link");
  const form = h("form", { class: "card narrow", "aria-labelledby": "forgot-title" },
    h("h1", { id: "forgot-title" }, "Reset your password"),
    h("p", {}, "Give the e-mail address of your account; we will mail you a link to choose a new password."),
    field("Email", email), error.element, submit,
    h("p", {}, h("a", { href: "/" }, "Back to sign in")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.clear();
    submit.disabled = true;
    try {
      await client.account.requestPasswordReset(email.value);
      mount(main, h("section", { class: "card narrow", role: "status" },
        h("h1", {}, "Check your mail"),
        h("p", {}, "If an account exists for ", h("strong", {}, email.value), ", a link to reset its password is on its way. It works once, for 30 minutes."),
        h("p", {}, h("a", { href: "/" }, "Back to sign in"))));
    } catch (e) {
      error.show(e);
      submit.disabled = false;
    }
  });
  mount(main, form);
  email.focus();
}
