// Small progressive enhancements only; every page works without this file.
document.addEventListener("click", (event) => {
  const confirmable = event.target.closest("[data-confirm]");
  if (confirmable && !window.confirm(confirmable.dataset.confirm)) {
    event.preventDefault();
  }
});

// Tables: each cell carries its column's header as data-label, so that on a phone (where the CSS turns rows into
// cards) every value still says what it is; a wrap that scrolls sideways becomes a named, focusable region, so a
// keyboard can scroll it (WCAG 2.1.1).
function tableLabel(wrap) {
  const table = wrap.querySelector("table");
  const caption = table && table.querySelector("caption");
  if (caption) return caption.textContent.trim();
  if (table && table.getAttribute("aria-label")) return table.getAttribute("aria-label");
  let node = wrap.previousElementSibling;
  while (node && !/^H[1-6]$/.test(node.tagName)) node = node.previousElementSibling;
  const section = wrap.closest("section");
  const heading = node || (section && section.querySelector("h1, h2, h3, h4"));
  return heading ? heading.textContent.trim() : document.title;
}

function labelCells(table) {
  const headers = Array.from(table.querySelectorAll("thead th")).map((th) => th.textContent.trim());
  if (!headers.length) return;
  // A table may opt out of the phone cards (a grid of figures reads better scrolled).
  if (!table.classList.contains("keep-table")) table.classList.add("as-cards");
  table.querySelectorAll("tbody tr").forEach((row) => {
    let column = 0;
    Array.from(row.children).forEach((cell) => {
      const spansColumns = (cell.colSpan || 1) > 1;
      if (headers[column] && !spansColumns && !cell.hasAttribute("data-label")) {
        cell.setAttribute("data-label", headers[column]);
      }
      column += cell.colSpan || 1;
    });
  });
}

function enhanceTables(root) {
  root.querySelectorAll("table").forEach(labelCells);
  root.querySelectorAll(".table-wrap").forEach((wrap) => {
    const scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
    if (scrolls && !wrap.hasAttribute("tabindex")) {
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", tableLabel(wrap));
      wrap.dataset.enhanced = "scroll";
    } else if (!scrolls && wrap.dataset.enhanced === "scroll") {
      ["tabindex", "role", "aria-label", "data-enhanced"].forEach((name) => wrap.removeAttribute(name));
    }
  });
}

document.addEventListener("DOMContentLoaded", () => enhanceTables(document));
document.addEventListener("htmx:afterSettle", (event) => enhanceTables(event.target));
let resizing = 0;
window.addEventListener("resize", () => {
  cancelAnimationFrame(resizing);
  resizing = requestAnimationFrame(() => enhanceTables(document));
});

// The menu folds behind a button on narrow screens. Without this script it simply stays open.
function setUpMenu() {
  const button = document.querySelector(".menu-button");
  const menu = button && document.getElementById(button.getAttribute("aria-controls"));
  if (!menu) return;
  const narrow = window.matchMedia("(max-width: 60rem)");
  const show = (open) => {
    button.setAttribute("aria-expanded", String(open));
    menu.classList.toggle("is-collapsed", !open);
  };
  const fit = () => {
    button.hidden = !narrow.matches;
    show(!narrow.matches);
  };
  button.addEventListener("click", () => show(button.getAttribute("aria-expanded") !== "true"));
  menu.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && narrow.matches) {
      show(false);
      button.focus();
    }
  });
  narrow.addEventListener("change", fit);
  fit();
}
document.addEventListener("DOMContentLoaded", setUpMenu);
