/**
 * App Home, the search modal and the related-message modal end to end: signed events and
 * interactivity payloads into the real Bolt app on a real port, views and posts recorded by the
 * loopback fake Web API (which rejects any view or message over Block Kit's limits).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ACTION_IDS } from "../../src/render/actions.js";
import { checkViewLimits } from "../../src/render/limits.js";
import { decodeTarget } from "../../src/render/related-modal.js";
import { SEARCH_MODAL } from "../../src/render/search-modal.js";
import type { SubscriptionDeps } from "../../src/slack/listeners/subscription-deps.js";
import { FileSubscriptionStore } from "../../src/store/file-subscription-store.js";
import { WithOperator } from "../../src/store/with-operator.js";
import type { ChannelSubscription } from "../../src/subscriptions/types.js";
import { type TempDataDir, tempDataDir } from "../support/data-dir.js";
import type { FakeSlackApi } from "../support/fake-slack-api.js";
import { type RawFeedServer, startRawFeedServer } from "../support/feed-server.js";
import { postEvent, postInteraction } from "../support/slack-requests.js";
import { type HttpBot, SIGNING_SECRET, startHttpBot } from "./harness.js";
import { findButton, type Reply } from "./payloads.js";

/** The real file store in a temp DATA_DIR, holding one person's alert and two channels. */
async function storedSubscriptions(dir: string): Promise<SubscriptionDeps> {
  const store = await FileSubscriptionStore.open(dir);
  await store.setAlert({
    user: "U0ALICE",
    topics: ["promotion", "<!channel> runbook"],
    createdAt: "2026-11-01T00:00:00.000Z",
  });
  const channel = (id: string, delivery: ChannelSubscription["delivery"], topics: string[]) => ({
    channel: id,
    delivery,
    topics,
    createdBy: "U0BOB",
    createdAt: "2026-11-01T00:00:00.000Z",
  });
  await store.setChannel(channel("C0LEADS", "weekly", ["hiring"]));
  await store.setChannel(channel("C0GONE", "each", []));
  // Subscribed by Bob in a private channel: only Bob's Home lists it.
  await store.setChannel({ ...channel("C0SECRET", "each", ["layoffs"]), private: true });
  await store.markChannel("C0GONE", {
    paused: { code: "channel_archived", message: "the channel was archived", at: "x" },
  });
  return {
    store: new WithOperator(store, undefined, new Date()),
    admins: [],
    baseline: async () => {},
  };
}

interface ViewJson {
  type: string;
  blocks: Reply["blocks"];
  private_metadata?: string;
  title?: { text: string };
}

/** The mrkdwn a view shows (sections and context lines). */
function shown(view: unknown): string {
  const texts: string[] = [];
  JSON.stringify(view, (_key, value) => {
    if (value?.type === "mrkdwn" && typeof value.text === "string") texts.push(value.text);
    return value;
  });
  return texts.join("\n");
}

const ALICE = { id: "U0ALICE", username: "alice", team_id: "T0FAKE" };
const base = { api_app_id: "A0APP", token: "legacy", team: { id: "T0FAKE", domain: "fake" } };

function viewClick(
  button: { action_id: string; value?: string },
  view: { id: string; type: string; hash?: string; private_metadata?: string },
) {
  return {
    ...base,
    type: "block_actions",
    trigger_id: "12.34.trigger",
    user: ALICE,
    container: { type: "view", view_id: view.id },
    view: { hash: "h1", private_metadata: "", ...view },
    actions: [{ type: "button", block_id: "b", action_ts: "1700000001.0", ...button }],
  };
}

describe("App Home and shortcuts (HTTP mode)", () => {
  let fake: FakeSlackApi;
  let events: string;
  let subs: SubscriptionDeps;
  let dataDir: TempDataDir;
  let linked: RawFeedServer;
  let app: HttpBot;

  beforeAll(async () => {
    dataDir = await tempDataDir();
    subs = await storedSubscriptions(dataDir.dir);
    linked = await startRawFeedServer((_req, res) => res.end("never fetched"));
    app = await startHttpBot({ subscriptions: subs });
    ({ fake, events } = app);
  });

  afterAll(async () => {
    await app?.stop();
    await linked?.close();
    await dataDir?.cleanup();
  });

  afterEach(() => {
    expect(fake.limitProblems).toEqual([]);
  });

  const lastView = (method: string) => fake.callsTo(method).at(-1)?.params.view as ViewJson;

  it("publishes the Home tab on app_home_opened, and only for the Home tab", async () => {
    const opened = { type: "app_home_opened", user: "U0ALICE", channel: "D0ALICE", event_ts: "1" };
    await postEvent(events, SIGNING_SECRET, { ...opened, tab: "messages" });
    const res = await postEvent(events, SIGNING_SECRET, { ...opened, tab: "home" });
    expect(res.status).toBe(200);
    const [call] = await fake.waitFor("views.publish");
    expect(fake.callsTo("views.publish")).toHaveLength(1);
    expect(call?.params.user_id).toBe("U0ALICE");
    const view = call?.params.view as ViewJson;
    expect(checkViewLimits(view)).toEqual([]);
    const text = shown(view);
    expect(text).toContain("The Promotion Happened. The Job Did Not.");
    expect(text).toMatch(/Jono Herrington · <!date\^\d+\^\{date_short\}\|[^>]+> · \d+ min read/);
    expect(text).toContain("about *promotion*, *&lt;!channel&gt; runbook*");
    expect(text).toContain("<#C0LEADS>: *hiring*, a weekly digest");
    expect(text).toContain("Paused: the channel was archived");
    expect(findButton(view, ACTION_IDS.removeAlert)).toBeTruthy();
    expect(findButton(view, ACTION_IDS.homeSearch)).toBeTruthy();
    // A private channel's subscription is not listed to Alice, who did not make it.
    expect(text).not.toContain("C0SECRET");
    expect(text).not.toContain("layoffs");
  });

  it("lists a private channel's subscription only in the Home of whoever made it", async () => {
    const before = fake.callsTo("views.publish").length;
    const opened = { type: "app_home_opened", user: "U0BOB", channel: "D0BOB", event_ts: "2" };
    await postEvent(events, SIGNING_SECRET, { ...opened, tab: "home" });
    await fake.waitFor("views.publish", before + 1);
    const text = shown(lastView("views.publish"));
    expect(text).toContain("<#C0SECRET>: *layoffs*");
  });

  it("removes the person's alerts from Home and republishes it saying so", async () => {
    const before = fake.callsTo("views.publish").length;
    const home = { id: "V0HOME", type: "home" };
    const res = await postInteraction(
      events,
      SIGNING_SECRET,
      viewClick({ action_id: ACTION_IDS.removeAlert, value: "remove" }, home),
    );
    expect(res.status).toBe(200);
    await fake.waitFor("views.publish", before + 1);
    expect(subs.store.alertOf("U0ALICE")).toBeUndefined();
    const text = shown(lastView("views.publish"));
    expect(text).toContain("Your alerts are off");
    expect(text).toContain("You have no alerts");
  });

  it("opens the search modal from Home's button and from the global shortcut", async () => {
    await postInteraction(
      events,
      SIGNING_SECRET,
      viewClick({ action_id: ACTION_IDS.homeSearch, value: "search" }, { id: "V0H", type: "home" }),
    );
    const [fromHome] = await fake.waitFor("views.open");
    expect(fromHome?.params.trigger_id).toBe("12.34.trigger");
    await postInteraction(events, SIGNING_SECRET, {
      ...base,
      type: "shortcut",
      callback_id: "essay_search",
      trigger_id: "56.78.trigger",
      user: ALICE,
    });
    const opened = await fake.waitFor("views.open", 2);
    expect(opened[1]?.params.trigger_id).toBe("56.78.trigger");
    const view = opened[1]?.params.view as ViewJson;
    expect(view.title?.text).toBe("Search essays");
    expect(JSON.stringify(view)).toContain(SEARCH_MODAL.queryBlock);
  });

  it("answers a search submission inside the modal, with the notices and paging", async () => {
    const submit = (value: unknown, blockId: string = SEARCH_MODAL.queryBlock) =>
      postInteraction(events, SIGNING_SECRET, {
        ...base,
        type: "view_submission",
        trigger_id: "9.9.9",
        user: ALICE,
        view: {
          id: "V0SEARCH",
          type: "modal",
          callback_id: SEARCH_MODAL.callbackId,
          hash: "h1",
          private_metadata: "",
          state: {
            values: { [blockId]: { query: { type: "plain_text_input", value } } },
          },
        },
      });
    const res = await submit("promoton");
    expect(res.status).toBe(200);
    const answer = res.json as { response_action: string; view: ViewJson };
    expect(answer.response_action).toBe("update");
    expect(checkViewLimits(answer.view)).toEqual([]);
    expect(shown(answer.view)).toContain("Showing results for *promotion*");
    expect(shown(answer.view)).toContain("Showing 1–5 of");
    expect(JSON.stringify(answer.view)).toContain('"initial_value":"promoton"');

    const next = findButton(answer.view, ACTION_IDS.modalNext);
    const before = fake.callsTo("views.update").length;
    await postInteraction(
      events,
      SIGNING_SECRET,
      viewClick(next, { id: "V0SEARCH", type: "modal", hash: "h2" }),
    );
    const [update] = (await fake.waitFor("views.update", before + 1)).slice(-1);
    expect(update?.params).toMatchObject({ view_id: "V0SEARCH", hash: "h2" });
    const page2 = update?.params.view as ViewJson;
    expect(shown(page2)).toContain("Showing 6–10 of");
    expect(findButton(page2, ACTION_IDS.modalPrev)).toBeTruthy();

    const none = (await submit("zzzquux")).json as { view: ViewJson };
    expect(shown(none.view)).toContain("No section matches *zzzquux*");

    // A suggestion, clicked inside the modal, searches for it there.
    const near = (await submit("promootionx")).json as { view: ViewJson };
    expect(shown(near.view)).toContain("No section matches *promootionx*");
    const suggestion = findButton(near.view, ACTION_IDS.modalSuggest);
    const updates = fake.callsTo("views.update").length;
    await postInteraction(
      events,
      SIGNING_SECRET,
      viewClick(suggestion, { id: "V0SEARCH", type: "modal" }),
    );
    const [tried] = (await fake.waitFor("views.update", updates + 1)).slice(-1);
    expect(shown(tried?.params.view)).toMatch(/\d+ sections match \*promotion\*/);
    expect(JSON.stringify(tried?.params.view)).toContain('"initial_value":"promotion"');
    // A new block_id for the new query: Slack keeps what was typed in a block it already shows,
    // so with the same id the box would still say "promootionx" over results for "promotion".
    const box = (view: unknown) =>
      (view as { blocks: { block_id?: string }[] }).blocks[0]?.block_id ?? "";
    const triedBox = box(tried?.params.view);
    expect(triedBox).not.toBe(box(near.view));
    const again = (await submit("promotion", triedBox)).json as { view: ViewJson };
    expect(shown(again.view)).toMatch(/\d+ sections match \*promotion\*/);
    expect(box(again.view)).toBe(triedBox);
    const blank = (await submit(" ", triedBox)).json as { errors: Record<string, string> };
    expect(Object.keys(blank.errors)).toEqual([triedBox]);

    const empty = (await submit("   ")).json as { response_action: string; errors: object };
    expect(empty).toMatchObject({ response_action: "errors" });
    const odd = (await submit(undefined)).json as { response_action: string };
    expect(odd.response_action).toBe("errors");
  });

  it("opens related sections for a message and posts one in its thread, never fetching its links", async () => {
    const text =
      `Has anyone read <${linked.url}/essay|this piece>? I keep thinking about how a promotion ` +
      "comes before the job, and that nobody runs the runbook we wrote. Also <@U0BOB> said the " +
      `incidents keep repeating. ${linked.url}/raw :tada:`;
    const opensBefore = fake.callsTo("views.open").length;
    await postInteraction(events, SIGNING_SECRET, {
      ...base,
      type: "message_action",
      callback_id: "essay_related",
      trigger_id: "3.3.3",
      user: ALICE,
      channel: { id: "C0GENERAL", name: "general" },
      message_ts: "1700000000.000100",
      message: { type: "message", user: "U0BOB", ts: "1700000000.000100", text },
      response_url: fake.responseUrl(),
    });
    const [open] = (await fake.waitFor("views.open", opensBefore + 1)).slice(-1);
    const view = open?.params.view as ViewJson;
    expect(view.title?.text).toBe("Related essays");
    expect(checkViewLimits(view)).toEqual([]);
    const target = decodeTarget(view.private_metadata);
    expect(target).toMatchObject({ channel: "C0GENERAL", threadTs: "1700000000.000100" });
    const words = target?.query.split(" ") ?? [];
    expect(words.length).toBeGreaterThan(0);
    expect(words.length).toBeLessThanOrEqual(6);
    expect(target?.query).not.toMatch(/127|http|U0BOB|tada/);
    expect(shown(view)).toContain("Sections about");

    const button = findButton(view, ACTION_IDS.relatedPost);
    const updatesBefore = fake.callsTo("views.update").length;
    await postInteraction(
      events,
      SIGNING_SECRET,
      viewClick(button, {
        id: "V0REL",
        type: "modal",
        private_metadata: view.private_metadata ?? "",
      }),
    );
    const [post] = await fake.waitFor("chat.postMessage");
    expect(post?.params).toMatchObject({ channel: "C0GENERAL", thread_ts: "1700000000.000100" });
    expect(String(post?.params.text)).toContain("<@U0ALICE> shared a passage from");
    const [update] = (await fake.waitFor("views.update", updatesBefore + 1)).slice(-1);
    expect(update?.params.view_id).toBe("V0REL");
    expect(shown(update?.params.view)).toContain("Posted");
    expect(linked.requests).toEqual([]);
  });

  it("posts once when Slack posts but the answer is lost (no automatic retry of a post)", async () => {
    const opensBefore = fake.callsTo("views.open").length;
    await postInteraction(events, SIGNING_SECRET, {
      ...base,
      type: "message_action",
      callback_id: "essay_related",
      trigger_id: "5.5.5",
      user: ALICE,
      channel: { id: "C0LOST", name: "lost" },
      message_ts: "1700000600.000100",
      message: { type: "message", user: "U0BOB", ts: "1700000600.000100", text: "promotion" },
      response_url: fake.responseUrl(),
    });
    const [open] = (await fake.waitFor("views.open", opensBefore + 1)).slice(-1);
    const view = open?.params.view as ViewJson;
    const updatesBefore = fake.callsTo("views.update").length;
    fake.landThenFail("chat.postMessage", 5);
    await postInteraction(
      events,
      SIGNING_SECRET,
      viewClick(findButton(view, ACTION_IDS.relatedPost), {
        id: "V0LOST",
        type: "modal",
        private_metadata: view.private_metadata ?? "",
      }),
    );
    // The modal is updated once the post call has given up (or landed).
    await fake.waitFor("views.update", updatesBefore + 1, 20_000);
    fake.landThenFail("chat.postMessage", 0);
    expect(fake.messages.get("C0LOST")).toHaveLength(1);
  }, 30_000);

  it("posts a reply's passage in its parent thread, and says when it cannot post there", async () => {
    fake.on("chat.postMessage", () => ({ ok: false, error: "not_in_channel" }));
    const opens = fake.callsTo("views.open").length;
    await postInteraction(events, SIGNING_SECRET, {
      ...base,
      type: "message_action",
      callback_id: "essay_related",
      trigger_id: "4.4.4",
      user: ALICE,
      channel: { id: "G0PRIVATE" },
      message: {
        type: "message",
        ts: "1700000500.000200",
        thread_ts: "1700000400.000100",
        text: "promotion",
      },
    });
    const view = (await fake.waitFor("views.open", opens + 1)).at(-1)?.params.view as ViewJson;
    expect(decodeTarget(view.private_metadata)).toMatchObject({
      channel: "G0PRIVATE",
      threadTs: "1700000400.000100",
    });
    const posts = fake.callsTo("chat.postMessage").length;
    const updates = fake.callsTo("views.update").length;
    await postInteraction(
      events,
      SIGNING_SECRET,
      viewClick(findButton(view, ACTION_IDS.relatedPost), {
        id: "V0REL2",
        type: "modal",
        private_metadata: view.private_metadata ?? "",
      }),
    );
    await fake.waitFor("chat.postMessage", posts + 1);
    const [update] = (await fake.waitFor("views.update", updates + 1)).slice(-1);
    expect(shown(update?.params.view)).toContain("invite me first");
  });

  it("answers odd payloads without crashing: no message text, no view, garbage values", async () => {
    const opens = fake.callsTo("views.open").length;
    const res = await postInteraction(events, SIGNING_SECRET, {
      ...base,
      type: "message_action",
      callback_id: "essay_related",
      trigger_id: "5.5.5",
      user: ALICE,
      channel: { id: "C0GENERAL" },
      message: { type: "message", ts: "1700000000.000300" },
    });
    expect(res.status).toBe(200);
    const view = (await fake.waitFor("views.open", opens + 1)).at(-1)?.params.view;
    expect(shown(view)).toContain("no words the essays use");

    const garbage = viewClick(
      { action_id: ACTION_IDS.relatedPost, value: "not json" },
      { id: "V0X", type: "modal", private_metadata: "{" },
    );
    expect((await postInteraction(events, SIGNING_SECRET, garbage)).status).toBe(200);
    const { view: _drop, ...noView } = viewClick(
      { action_id: ACTION_IDS.modalNext, value: "{}" },
      { id: "V0Y", type: "modal" },
    );
    expect((await postInteraction(events, SIGNING_SECRET, noView)).status).toBe(200);
    // Still answering afterwards.
    const published = fake.callsTo("views.publish").length;
    const again = await postEvent(events, SIGNING_SECRET, {
      type: "app_home_opened",
      user: "U0CAROL",
      tab: "home",
      event_ts: "2",
    });
    expect(again.status).toBe(200);
    const last = (await fake.waitFor("views.publish", published + 1)).at(-1);
    expect(last?.params.user_id).toBe("U0CAROL");
  });
});
