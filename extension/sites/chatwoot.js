// Chatwoot agent dashboard (conversation view).
//
// Selectors come from the chatwoot/chatwoot frontend:
//   app/javascript/dashboard/components/widgets/conversation/ReplyBox.vue
//       <div class="reply-box" :class="{'is-private': ...}"> … <div class="reply-box__top">
//       … <WootMessageEditor class="input …"> … <ReplyBottomPanel>
//   app/javascript/dashboard/components/widgets/WootWriter/Editor.vue
//       ProseMirror view: <div class="ProseMirror …" contenteditable="true"><p>…</p></div>;
//       Enter sends by default ("enter" hotkey setting), ⌘/Ctrl+Enter with "cmd_enter"
//   app/javascript/dashboard/components/widgets/WootWriter/ReplyBottomPanel.vue
//       <div class="right-wrap"><NextButton :label="sendButtonText" type="submit" …></div>
//       (the only button in the reply box with an explicit type="submit")
//   app/javascript/dashboard/components-next/button/Button.vue  (renders <button><span>label</span></button>)
//   app/javascript/dashboard/components-next/message/Message.vue
//       <div :id="`message${id}`" class="flex w-full message-bubble-container mb-2 justify-start|justify-end"
//            :data-message-id="id">
//   app/javascript/dashboard/components-next/message/bubbles/Base.vue
//       bubble classes: "left-bubble" (incoming = customer), "right-bubble" (outgoing = agent),
//       "bg-n-solid-amber" (private note)
//   app/javascript/dashboard/components-next/message/bubbles/Text/Index.vue, Text/FormattedContent.vue
//       <div data-bubble-name="text"> … <span class="prose prose-bubble">…html…</span>
// The older (Vue 2) reply box used a <textarea class="input"> inside .reply-box__top; it is read too.
(function () {
  const D = ReplylintDom;
  const REPLY_BOX = ".reply-box";
  const SEND = '.reply-box button[type="submit"]';

  registerReplylintSite({
    name: "chatwoot",
    panelPlacement: "before",
    sendButtonSelector: SEND,

    detect() {
      const box = this.replyBox();
      return !!(box && box.querySelector(".reply-box__top") && box.querySelector('button[type="submit"]'));
    },
    replyBox() {
      return D.firstVisible(REPLY_BOX);
    },
    draftElement() {
      const box = this.replyBox();
      if (!box) return null;
      return box.querySelector('.reply-box__top .ProseMirror[contenteditable="true"]') ||
             box.querySelector(".reply-box__top textarea");
    },
    readDraft() {
      return D.text(this.draftElement());
    },
    isInternal() {
      const box = this.replyBox();
      return !!(box && box.classList.contains("is-private"));
    },
    readMessages() {
      const messages = [];
      for (const row of document.querySelectorAll(".message-bubble-container")) {
        const bubble = row.querySelector(".left-bubble, .right-bubble");
        if (!bubble) continue; // activity rows ("Conversation was resolved …")
        let author = bubble.classList.contains("left-bubble") ? "customer" : "agent";
        if (bubble.classList.contains("bg-n-solid-amber")) author = "note";
        const content = bubble.querySelector(".prose-bubble") || bubble;
        const text = D.text(content);
        if (text) messages.push({ author, text });
      }
      return messages;
    },
    sendButton() {
      return document.querySelector(SEND);
    },
    isSendKey(event) {
      // Chatwoot sends on Enter (the default) or on ⌘/Ctrl+Enter ("cmd_enter" setting); Shift+Enter
      // is always a new line. ReplyBox.vue's replyButtonLabel shows which: "… (⌘ + ↵)" or "… (↵)".
      if (event.key !== "Enter" || event.shiftKey || event.isComposing) return false;
      const button = this.sendButton();
      const withModifier = event.metaKey || event.ctrlKey;
      return button && button.textContent.includes("⌘") ? withModifier : !withModifier;
    },
    menuOpen() {
      // Canned responses / mentions (widgets/mentions/MentionBox.vue: ul.mention--box): Enter picks an item.
      return !!D.firstVisible(".reply-box .mention--box");
    },
    threadId() {
      const m = location.pathname.match(/\/conversations\/(\d+)/);
      return "chatwoot-" + (m ? m[1] : location.pathname);
    },
    channel() {
      return "chat";
    },
  });
})();
