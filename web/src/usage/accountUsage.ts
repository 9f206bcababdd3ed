import { h, mount } from "../app/dom";
import { client } from "../app/session";
import { usageView } from "./usageView";

/** `/account/usage`: the signed-in user's AI calls and what they cost, by day. */
export async function renderAccountUsage(main: HTMLElement): Promise<void> {
  const view = usageView({ fetch: (filter) => client.ai.usage(filter) });
  mount(main, h("h1", {}, "AI usage"),
    h("p", { class: "muted" }, "Every AI call made with your account or its API keys: the model that answered, tokens, cost and time. Calls appear within a few seconds."),
    view.element);
  document.title = "AI usage · ClaudeEditor";
  await view.reload();
}
