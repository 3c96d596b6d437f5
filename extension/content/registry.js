// Registry of supported help desks. Content scripts are not ES modules, so each
// sites/<helpdesk>.js file adds its description here and content/gate.js picks the
// one whose detect() matches the page.
//
// A site object has:
//   name                  "chatwoot", "zammad", ...
//   detect()              true when the agent reply UI is on the page
//   replyBox()            the reply box container; the findings panel is placed beside it
//   panelPlacement        "before" or "after" the reply box
//   draftElement()        the editable element (contenteditable or textarea)
//   readDraft()           the draft text
//   readMessages()        [{author: "customer"|"agent"|"note", text}], oldest first
//   isInternal()          true when the reply box is writing an internal note (not gated)
//   sendButtonSelector    CSS selector matched with closest() on click targets
//   sendButton()          the Send button element
//   isSendKey(event)      true when this keydown in the reply box sends the reply
//   threadId(), channel() Thread fields (FORMATS.md)
var ReplylintSites = globalThis.ReplylintSites || [];
globalThis.ReplylintSites = ReplylintSites;

function registerReplylintSite(site) {
  ReplylintSites.push(site);
}

// Shared helpers for site files.
var ReplylintDom = {
  visible(el) {
    return !!el && el.getClientRects().length > 0;
  },
  firstVisible(selector, root) {
    const all = (root || document).querySelectorAll(selector);
    for (const el of all) if (ReplylintDom.visible(el)) return el;
    return null;
  },
  text(el) {
    if (!el) return "";
    const raw = "value" in el && el.tagName === "TEXTAREA" ? el.value : el.innerText;
    return (raw || "").replace(/\u00a0/g, " ").replace(/\n{3,}/g, "\n\n").trim();
  },
};
