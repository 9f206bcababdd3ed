import { errorBox } from "../app/errors";
import { h, mount } from "../app/dom";
import { renderHeader } from "../app/layout";
import { navigate } from "../app/router";
import { client } from "../app/session";

/** Where a provider sign-in comes back to (the gateway's callback redirects here with `code` or `error`). */
export const oidcCallbackPath = "/auth/callback";

const returnKey = "pa.oidc.returnTo";

const messages: Record<string, string> = {
  oidc_email_unverified: "An account already uses this e-mail address, and the provider has not verified that it is yours. Sign in with your password instead, or verify the address with the provider first.",
  oidc_email_missing: "The provider did not tell us your e-mail address, so no account could be found or made.",
  account_disabled: "This account is disabled. Ask an administrator.",
  invalid_id_token: "The provider's answer could not be verified. Try again.",
  oidc_provider_error: "The provider did not complete the sign-in.",
  oidc_provider_unavailable: "The provider cannot be reached now. Try again later.",
};

/** Remembers the page to come back to, then leaves for the provider. */
export function startOidcSignIn(provider: string): void {
  sessionStorage.setItem(returnKey, location.pathname === oidcCallbackPath ? "/" : location.pathname + location.search);
  location.assign(client.auth.oidcStartPath(provider, oidcCallbackPath));
}

export async function renderOidcCallback(main: HTMLElement): Promise<void> {
  const params = new URLSearchParams(location.search);
  const code = params.get("code");
  const problem = params.get("error");
  // The one-time code must not stay in the address bar or the history.
  history.replaceState(null, "", oidcCallbackPath);

  const error = errorBox();
  const card = h("section", { class: "card narrow", "aria-labelledby": "oidc-title" },
    h("h1", { id: "oidc-title" }, "Signing in…"), error.element);
  mount(main, card);
  if (code && !problem) {
    try {
      await client.auth.oidcExchange(code);
      await renderHeader();
      const back = sessionStorage.getItem(returnKey) ?? "/";
      sessionStorage.removeItem(returnKey);
      navigate(back.startsWith("/") && !back.startsWith("//") ? back : "/", true);
      return;
    } catch (e) {
      error.show(e);
    }
  } else {
    error.show(new Error(messages[problem ?? ""] ?? "The sign-in did not complete. Try again."));
  }
  card.querySelector("h1")!.textContent = "Sign-in failed";
  card.append(h("p", {}, h("a", { href: "/" }, "Back to sign-in")));
}
