// Live updates for the portal's conversation and queue pages. The pages work without this
// script (staff reload them); with it, a page asks its `data-live` address every few seconds
// and adds what changed: new transcript lines (rendered and escaped by the server, exactly as
// the page's own), the queue count in the navigation, and a note when the page's controls are
// out of date. Nothing else on the page is touched, so a reply being typed stays as it is.
(() => {
  "use strict";
  const PERIOD_MS = 4000;
  const root = document.querySelector("[data-live]");
  if (!root || !window.fetch) return;
  const address = new URL(root.dataset.live, window.location.href);
  const transcript = root.querySelector("ol.transcript");
  const stale = document.querySelector("[data-live-stale]");
  let after = Number(root.dataset.liveAfter || 0);
  // New lines are read out to a screen reader, as in a chat.
  if (transcript) transcript.setAttribute("aria-live", "polite");

  function showQueueCount(count) {
    const link = document.querySelector('a[data-count-of="queue"]');
    if (!link) return;
    let badge = link.querySelector(".count");
    if (!count) {
      if (badge) badge.remove();
      return;
    }
    if (!badge) {
      badge = document.createElement("span");
      badge.className = "count";
      link.append(" ", badge);
    }
    badge.textContent = String(count);
  }

  function isStale(update) {
    if ("liveWaiting" in root.dataset) return update.waiting !== Number(root.dataset.liveWaiting);
    if ("livePaused" in root.dataset) return String(update.paused) !== root.dataset.livePaused;
    return false;
  }

  function apply(update) {
    if (typeof update.waiting === "number") showQueueCount(update.waiting);
    if (transcript && typeof update.lines === "string" && update.after > after) {
      transcript.insertAdjacentHTML("beforeend", update.lines);
      after = update.after;
    }
    if (stale && isStale(update)) stale.hidden = false;
  }

  async function poll() {
    if (!document.hidden) {
      address.searchParams.set("after", String(after));
      try {
        const response = await fetch(address, {
          headers: { Accept: "application/json" },
          cache: "no-store",
          credentials: "same-origin",
          redirect: "manual",
        });
        // Signed out (a redirect to sign-in) or gone: stop; a reload says why.
        if (!response.ok) return;
        apply(await response.json());
      } catch {
        // Offline for a moment, or the server restarting: ask again later.
      }
    }
    window.setTimeout(poll, PERIOD_MS);
  }

  window.setTimeout(poll, PERIOD_MS);
})();
