// Starts the NHS.UK design system components (header menu, error summary focus, password toggle)
// and Talent's own small enhancements.
import { initAll } from "../vendor/nhsuk/nhsuk-frontend.min.js";

initAll();

// The people finder searches as you type. Without JavaScript it is a search form that reloads
// the page; with it, the same page is fetched in the background and its results replace these,
// so the results, their buttons and the server's scope rules are exactly those of the search
// page. A status line tells screen reader users how many were found.
function enhancePeopleFinder(form) {
  const input = form.querySelector("input[type=search]");
  const results = document.querySelector("[data-talent-finder-results]");
  const status = document.querySelector("[data-talent-finder-status]");
  if (!input || !results || !status) return;
  let timer;
  let latest = 0;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const text = input.value.trim();
      if (text.length < 2) return;
      const ticket = ++latest;
      const url = new URL(window.location.href);
      url.searchParams.set(input.name, text);
      url.searchParams.delete("page");
      let response;
      try {
        response = await fetch(url, { credentials: "same-origin" });
      } catch {
        return; // the Search button still works
      }
      if (!response.ok || ticket !== latest) return;
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const fresh = page.querySelector("[data-talent-finder-results]");
      if (!fresh || ticket !== latest) return;
      results.replaceChildren(...fresh.childNodes);
      const found = results.querySelectorAll("tbody tr").length;
      status.textContent = found ? `${found} found for ${text}` : `No one matches ${text}`;
    }, 300);
  });
}

document.querySelectorAll("[data-talent-finder]").forEach(enhancePeopleFinder);
