import type { Session } from "@powerautomation/client";
import { errorBox, toast } from "../app/errors";
import { formatTime, h, mount } from "../app/dom";
import { client } from "../app/session";
import { table } from "../admin/ui";

/** `/account/sessions`: where the user is signed in; end one sign-in, or every other one. */
export async function renderSessions(main: HTMLElement, _params: Record<string, string> = {}): Promise<void> {
  const error = errorBox();
  const list = h("div", { "aria-live": "polite" }, h("p", { class: "empty" }, "Loading…"));
  const endOthers = h("button", { type: "button", class: "secondary" }, "Sign out everywhere else");
  endOthers.addEventListener("click", async () => {
    endOthers.disabled = true;
    error.clear();
    try {
      const ended = await client.sessions.endOthers();
      toast(ended === 1 ? "Signed out of 1 other session." : `Signed out of ${ended} other sessions.`);
      await load();
    } catch (e) {
      error.show(e);
    } finally {
      endOthers.disabled = false;
    }
  });
  mount(main, h("h1", {}, "Sessions"),
    h("p", { class: "muted" }, "Every place your account is signed in. Ending a session signs that device out within seconds."),
    error.element, list, endOthers);
  document.title = "Sessions · ClaudeEditor";

  async function load(): Promise<void> {
    try {
      const sessions = await client.sessions.list();
      endOthers.hidden = !sessions.some((s) => !s.current);
      mount(list, sessions.length === 0 ? h("p", { class: "empty" }, "No sessions.") : table("Sessions",
        ["Device", "Signed in", "Last used", "Address", ""], sessions.map(row)));
    } catch (e) {
      mount(list);
      error.show(e);
    }
  }

  function row(session: Session): HTMLTableRowElement {
    const end = h("button", { type: "button", class: "link", "aria-label": `End session ${describe(session)}` }, "End");
    end.addEventListener("click", async () => {
      end.disabled = true;
      error.clear();
      try {
        await client.sessions.end(session.sessionId);
        toast("Session ended.");
        await load();
      } catch (e) {
        end.disabled = false;
        error.show(e);
      }
    });
    return h("tr", { "data-session": session.sessionId },
      h("td", {}, describe(session), session.current ? h("span", { class: "badge", "data-testid": "current-session" }, "this browser") : null,
        session.userAgent ? h("div", { class: "muted small" }, session.userAgent) : null),
      h("td", {}, formatTime(session.createdAt)),
      h("td", {}, formatTime(session.lastUsedAt)),
      h("td", {}, session.ipAddress ?? "—"),
      h("td", {}, session.current ? h("span", { class: "muted" }, "current") : end));
  }

  await load();
}

function describe(session: Session): string {
  return session.deviceId ? `${session.deviceId} ` : "Unnamed device ";
}
