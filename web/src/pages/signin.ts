import { ApiError } from "@powerautomation/client";
import { errorBox } from "../app/errors";
import { field, h, mount } from "../app/dom";
import { renderHeader } from "../app/layout";
import { client, deviceId } from "../app/session";
import { startOidcSignIn } from "./oidcCallback";

/** Sign-in and registration forms; `done` runs once signed in. */
export function renderSignIn(main: HTMLElement, done: () => void): void {
  const email = h("input", { type: "email", name: "email", autocomplete: "username", required: true });
  const password = h("input", { type: "password", name: "password", autocomplete: "current-password", required: true });
  const code = h("input", { type: "text", name: "totpCode", inputmode: "numeric", autocomplete: "one-time-code" });
  const codeField = field("Authentication code", code);
  codeField.hidden = true;
  const error = errorBox();
  const submit = h("button", { type: "submit" }, "Sign in");

  const form = h("form", { class: "card narrow", "aria-labelledby": "signin-title" },
    h("h1", { id: "signin-title" }, "Sign in"),
    field("Email", email), field("Password", password), codeField, error.element, submit,
    h("p", {}, h("a", { href: "/forgot-password" }, "Forgot password?")),
    h("p", {}, "New here? ", h("button", { type: "button", class: "link", onclick: () => renderRegister(main, done) }, "Create an account")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.clear();
    submit.disabled = true;
    try {
      await client.auth.login({ email: email.value, password: password.value, totpCode: code.value || undefined, deviceId: deviceId() });
      await renderHeader();
      done();
    } catch (e) {
      if (e instanceof ApiError && e.code === "mfa_required") {
        codeField.hidden = false;
        code.focus();
      }
      error.show(e);
    } finally {
      submit.disabled = false;
    }
  });
  mount(main, form);
  email.focus();
  void addProviderButtons(form, submit);
}

/** One button per configured OIDC provider, under the password form's button. */
async function addProviderButtons(form: HTMLElement, after: HTMLElement): Promise<void> {
  let providers;
  try {
    providers = await client.auth.oidcProviders();
  } catch {
    return; // The password form still works; the buttons are an extra.
  }
  if (providers.length === 0) return;
  const list = h("div", { class: "oidc-providers" },
    ...providers.map((p) => h("button", { type: "button", class: "secondary", onclick: () => startOidcSignIn(p.name) }, `Continue with ${p.displayName}`)));
  after.after(list);
}

function renderRegister(main: HTMLElement, done: () => void): void {
  const email = h("input", { type: "email", name: "email", autocomplete: "username", required: true });
  const name = h("input", { type: "text", name: "displayName", autocomplete: "name", maxlength: 100 });
  const password = h("input", { type: "password", name: "password", autocomplete: "new-password", required: true, minlength: 8 });
  const error = errorBox();
  const submit = h("button", { type: "submit" }, "Create account");
  const form = h("form", { class: "card narrow", "aria-labelledby": "register-title" },
    h("h1", { id: "register-title" }, "Create an account"),
    field("Email", email), field("Display name", name), field("Password", password, "At least 8 characters; not a common password."),
    error.element, submit,
    h("p", {}, "Have an account? ", h("button", { type: "button", class: "link", onclick: () => renderSignIn(main, done) }, "Sign in")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.clear();
    submit.disabled = true;
    try {
      await client.auth.register({ email: email.value, password: password.value, displayName: name.value || undefined });
      await client.auth.login({ email: email.value, password: password.value, deviceId: deviceId() });
      await renderHeader();
      done();
    } catch (e) {
      error.show(e);
    } finally {
      submit.disabled = false;
    }
  });
  mount(main, form);
  email.focus();
}
