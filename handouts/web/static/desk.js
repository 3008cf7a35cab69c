// Small improvements on top of pages that work without JavaScript:
// the list filters as you type, and the "For the record" line has a Copy button.
"use strict";

(function filterAsYouType() {
  const form = document.querySelector("form[data-search-url]");
  const list = document.getElementById("topics");
  const count = document.getElementById("count");
  if (!form || !list || !count) return;
  const field = form.querySelector("input[name=q]");
  let timer = 0;
  let asked = 0;
  field.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const query = field.value.trim();
      const number = ++asked;
      const response = await fetch(form.dataset.searchUrl + "?q=" + encodeURIComponent(query));
      if (!response.ok || number !== asked) return;
      const ids = new Set((await response.json()).ids);
      let shown = 0;
      for (const item of list.querySelectorAll("li.topic")) {
        const match = !query || ids.has(item.dataset.id);
        item.hidden = !match;
        shown += match ? 1 : 0;
      }
      const total = count.dataset.total;
      count.textContent = query ? `${shown} of ${total} handouts match \u201c${query}\u201d.` : `${total} handouts`;
    }, 150);
  });
})();

(function copyButtons() {
  for (const button of document.querySelectorAll("button[data-copy]")) {
    const source = document.getElementById(button.dataset.copy);
    if (!source) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      source.select();
      try {
        await navigator.clipboard.writeText(source.value);
      } catch (error) {
        document.execCommand("copy"); // plain http on the clinic network has no clipboard API
      }
      button.textContent = "Copied";
    });
  }
})();
