/**
 * The board's only script: follows `/events` (Server-Sent Events) and moves cards between columns
 * as tickets change, updates counts and ages, and on a ticket page reloads the ticket part when
 * that ticket changes. Card HTML comes from the server, already escaped.
 */
export const BOARD_SCRIPT = `"use strict";
(function () {
  var body = document.body;
  var page = body.getAttribute("data-page");
  if (page !== "board" && page !== "ticket") return;
  var status = document.getElementById("live-status");
  var setStatus = function (text) { if (status) status.textContent = text; };
  var ages = function () {
    var now = Date.now();
    document.querySelectorAll("time.card-age").forEach(function (element) {
      var seconds = Math.max(0, Math.floor((now - Date.parse(element.getAttribute("datetime"))) / 1000));
      element.textContent = seconds < 60 ? seconds + "s" : seconds < 3600 ? Math.floor(seconds / 60) + "m"
        : seconds < 86400 ? Math.floor(seconds / 3600) + "h" : Math.floor(seconds / 86400) + "d";
    });
  };
  setInterval(ages, 30000);
  var version = body.getAttribute("data-version");
  var source = new EventSource("/events" + (version ? "?since=" + encodeURIComponent(version) : ""));
  source.addEventListener("open", function () { setStatus("live"); });
  source.addEventListener("error", function () { setStatus("reconnecting…"); });
  source.addEventListener("signed-out", function () { source.close(); window.location.assign("/signin"); });
  source.addEventListener("card", function (message) {
    var change = JSON.parse(message.data);
    if (page === "board") moveCard(change);
    else if (change.id === body.getAttribute("data-ticket")) refreshTicket(change.id);
  });
  function moveCard(change) {
    var old = document.getElementById("card-" + change.id);
    if (old) old.remove();
    var column = document.querySelector('[data-column="' + change.state + '"] .cards');
    if (column && change.html) {
      var template = document.createElement("template");
      template.innerHTML = change.html;
      column.prepend(template.content);
    }
    Object.keys(change.counts).forEach(function (state) {
      var count = document.querySelector('[data-count="' + state + '"]');
      if (count) count.textContent = String(change.counts[state]);
    });
  }
  var refreshing = false;
  function refreshTicket(id) {
    if (refreshing) return;
    refreshing = true;
    fetch("/tickets/" + encodeURIComponent(id) + "/part", { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (text) {
        var current = document.getElementById("ticket");
        if (text === null || !current) return;
        var template = document.createElement("template");
        template.innerHTML = text;
        current.replaceWith(template.content);
      })
      .finally(function () { refreshing = false; });
  }
})();
`;

/** The board's styles: columns side by side, cards, forms; readable without them too. */
export const BOARD_STYLES = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.4 system-ui,sans-serif;color:#1d2430;background:#f4f5f7}
.top{display:flex;gap:1rem;align-items:center;padding:.6rem 1rem;background:#1d2430;color:#fff}
.top a{color:#fff;text-decoration:none;font-weight:600}
.top .live{font-size:.8rem;opacity:.8}
.top .who{margin-left:auto}
.inline{display:inline}
main{padding:1rem}
.board{display:grid;grid-template-columns:repeat(6,minmax(11rem,1fr));gap:.75rem;align-items:start}
.column{background:#e8eaee;border-radius:6px;padding:.5rem}
.column h2{font-size:.95rem;margin:.2rem .2rem .5rem;display:flex;justify-content:space-between}
.count{background:#fff;border-radius:9px;padding:0 .5rem;font-weight:400}
.cards{display:flex;flex-direction:column;gap:.5rem;min-height:2rem}
.card{background:#fff;border-radius:5px;padding:.5rem;box-shadow:0 1px 2px rgba(0,0,0,.15);border-left:4px solid #8a94a6}
.card.priority-high,.card.priority-urgent{border-left-color:#d9534f}
.card-id{font-weight:600;color:#44546a;margin-right:.3rem;text-decoration:none}
.card-title{color:#1d2430;text-decoration:none;word-break:break-word}
.card-meta{display:flex;justify-content:space-between;color:#5f6b7d;font-size:.8rem;margin-top:.3rem}
.card-action{margin-top:.4rem}
.card.damaged{border-left-color:#8b0000;outline:2px dashed #8b0000}
.card-damaged,strong.damaged{display:inline-block;background:#8b0000;color:#fff;font-size:.75rem;letter-spacing:.05em;padding:0 .35rem;border-radius:3px;margin-right:.3rem}
button{font:inherit;padding:.25rem .6rem;border:1px solid #44546a;border-radius:4px;background:#fff;cursor:pointer}
button:hover{background:#e8eaee}
.more{color:#5f6b7d;font-size:.8rem;margin:.4rem .2rem 0}
.create{margin-bottom:1rem}
.stack{display:flex;flex-direction:column;gap:.4rem;max-width:40rem;margin:.5rem 0 1rem}
.stack label{display:flex;flex-direction:column;gap:.2rem}
input,textarea{font:inherit;padding:.3rem;border:1px solid #b7bfcc;border-radius:4px}
.ticket{max-width:60rem;background:#fff;padding:1rem 1.5rem;border-radius:6px}
.ticket-id{color:#44546a}
.fields{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}
.fields dt{font-weight:600}
.fields dd{margin:0}
pre.body,pre.event-body{white-space:pre-wrap;word-break:break-word;background:#f4f5f7;padding:.5rem;border-radius:4px;font:13px/1.4 ui-monospace,monospace}
.timeline{list-style:none;padding:0;border-left:2px solid #d4d8df;margin-left:.3rem}
.event{padding:.3rem 0 .6rem .8rem}
.event-kind{font-weight:600}
.event-actor,.event time{color:#5f6b7d;font-size:.85rem}
.note{color:#5f6b7d}
.error{background:#fff;border-left:4px solid #d9534f;padding:1rem;max-width:40rem}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
`;
