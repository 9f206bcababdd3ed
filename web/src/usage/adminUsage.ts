import { field, h } from "../app/dom";
import { client } from "../app/session";
import { usageView } from "./usageView";

/** The console's AI usage section: everyone's calls, filtered by user and model, with daily totals. */
export async function renderAdminUsageSection(container: HTMLElement): Promise<void> {
  const params = new URLSearchParams(location.search);
  const userId = h("input", { type: "text", name: "userId", maxlength: 36, autocomplete: "off", value: params.get("user") ?? "", class: "code" });
  const model = h("input", { type: "text", name: "model", maxlength: 200, autocomplete: "off", value: params.get("model") ?? "" });
  const view = usageView({
    withUser: true,
    extraFilters: [field("User id", userId), field("Model", model, "The model that served")],
    fetch: (filter) => client.admin.aiUsage({ ...filter, userId: userId.value.trim() || undefined, model: model.value.trim() || undefined }),
  });
  container.append(view.element);
  await view.reload();
}
