// Zammad agent interface (ticket zoom).
//
// Selectors come from the zammad/zammad frontend:
//   app/assets/javascripts/app/views/ticket_zoom.jst.eco
//       <div class="ticketZoom"> … <div class="ticket-article"></div> <div class="article-new"></div> …
//       <div class="attributeBar"><div class="attributeBar-inner js-attributeBar"></div></div>
//   app/assets/javascripts/app/views/ticket_zoom/article_new.jst.eco
//       <form class="article-add is-internal|is-public" data-type="email|note|phone|…">
//         … <div class="textBubble js-writeArea">
//             <div class="js-textarea richtext-content articleNewEdit-body" contenteditable="true" data-name="body">
//   app/assets/javascripts/app/views/ticket_zoom/attribute_bar.jst.eco
//       <button class="btn btn--primary btn--split--first js-submit"><span>Update</span></button>
//   app/assets/javascripts/app/controllers/ticket_zoom/article_view.coffee
//       each article: class "ticket-article-item <sender: customer|agent|system>" (+ "is-internal"),
//       data-id, id="article-<id>"
//   app/assets/javascripts/app/views/ticket_zoom/article_view.jst.eco
//       … <div class="textBubble-content" id="article-content-<id>"><div class="richtext-content">…html…</div>
// Several tickets can be open in tabs; only the visible .ticketZoom is read.
(function () {
  const D = ReplylintDom;
  const SEND = ".attributeBar .js-submit";
  const CHANNELS = { email: "email", phone: "phone", web: "chat", chat: "chat",
                     sms: "messenger", telegram: "messenger", whatsapp: "messenger",
                     "telegram personal-message": "messenger", "facebook feed comment": "social_public",
                     "twitter status": "social_public", "twitter direct-message": "social_private" };

  registerReplylintSite({
    name: "zammad",
    panelPlacement: "after",
    sendButtonSelector: SEND,

    zoom() {
      return D.firstVisible(".ticketZoom");
    },
    detect() {
      const zoom = this.zoom();
      return !!(zoom && zoom.querySelector(".article-add .articleNewEdit-body") && this.sendButton());
    },
    replyBox() {
      const zoom = this.zoom();
      return zoom && zoom.querySelector(".article-add");
    },
    draftElement() {
      const box = this.replyBox();
      return box && box.querySelector('.articleNewEdit-body[data-name="body"]');
    },
    readDraft() {
      return D.text(this.draftElement());
    },
    isInternal() {
      const box = this.replyBox();
      return !!(box && box.classList.contains("is-internal"));
    },
    readMessages() {
      const zoom = this.zoom();
      if (!zoom) return [];
      const messages = [];
      for (const item of zoom.querySelectorAll(".ticket-article .ticket-article-item")) {
        let author = null;
        if (item.classList.contains("customer")) author = "customer";
        else if (item.classList.contains("agent")) author = "agent";
        if (!author) continue; // system articles
        if (item.classList.contains("is-internal")) author = "note";
        const text = D.text(item.querySelector(".textBubble-content .richtext-content"));
        if (text) messages.push({ author, text });
      }
      return messages;
    },
    sendButton() {
      // The attribute bar sits outside .ticketZoom, one per open ticket tab.
      return D.firstVisible(SEND);
    },
    isSendKey(event) {
      return event.key === "Enter" && (event.ctrlKey || event.metaKey) && !event.isComposing;
    },
    threadId() {
      const m = location.hash.match(/ticket\/zoom\/(\d+)/);
      return "zammad-" + (m ? m[1] : location.pathname);
    },
    channel() {
      const box = this.replyBox();
      const type = box ? box.getAttribute("data-type") : "";
      return CHANNELS[type] || "email";
    },
  });
})();
