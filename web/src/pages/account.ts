import { errorBox, toast } from "../app/errors";
import { field, h, mount } from "../app/dom";
import { client, me } from "../app/session";

/** Account settings: whether the address is verified (with a resend), and changing the password. */
export async function renderAccount(main: HTMLElement): Promise<void> {
  const user = await me();
  mount(main, h("h1", {}, "Account"), verification(user.email, user.emailVerified === true), changePassword(),
    h("p", {}, h("a", { href: "/account/sessions" }, "Sessions"), ": where you are signed in, and signing out elsewhere."),
    h("p", {}, h("a", { href: "/account/usage" }, "AI usage"), ": your AI calls and what they cost, by day."));
}

function verification(email: string, verified: boolean): HTMLElement {
  if (verified) {
    return h("section", { class: "card", "data-testid": "email-verified" }, h("p", {}, h("strong", {}, email), " is verified."));
  }
  const error = errorBox();
  const resend = h("button", { type: "button" }, "Send the link again");
  resend.addEventListener("click", async () => {
    error.clear();
    resend.disabled = true;
    try {
      await client.account.sendVerificationEmail();
      toast("Verification link sent; check your mail.");
    } catch (e) {
      error.show(e);
    } finally {
      resend.disabled = false;
    }
  });
  return h("section", { class: "card", role: "status", "data-testid": "verify-banner" },
    h("p", {}, "Verify your e-mail: we sent a link to ", h("strong", {}, email),
      ". Until you open it, licences and project invitations sent to this address wait."),
    error.element, resend);
}

function changePassword(): HTMLElement {
  const current = h("input", { type: "password", name: "currentPassword", autocomplete: "current-password", required: true, maxlength: 1024 });
  const next = h("input", { type: "password", name: "newPassword", autocomplete: "new-password", required: true, minlength: 10, maxlength: 256 });
  const error = errorBox();
  const submit = h("button", { type: "submit" }, "Change password");
  const form = h("form", { class: "card", "aria-labelledby": "password-title" },
    h("h2", { id: "password-title" }, "Change password"),
    field("Current password", current), field("New password", next, "At least 10 characters. Your other sessions are signed out."),
    error.element, submit);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.clear();
    submit.disabled = true;
    try {
      await client.account.changePassword(current.value, next.value);
      form.reset();
      toast("Password changed; other sessions were signed out.");
    } catch (e) {
      error.show(e);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
