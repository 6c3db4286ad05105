// Installs the portal's service worker, which serves the offline page when the network is gone.
(function () {
  // On a phone the navigation scrolls sideways: show the current page's tab, not always the first ones.
  document.addEventListener("DOMContentLoaded", () => {
    const current = document.querySelector('.portal-nav a[aria-current="page"]');
    if (current) {
      current.scrollIntoView({ block: "nearest", inline: "nearest" });
    }
  });
  const script = document.getElementById("portal-script");
  if (!script || !("serviceWorker" in navigator)) {
    return;
  }
  window.addEventListener("load", () => {
    navigator.serviceWorker.register(script.dataset.sw, { scope: script.dataset.scope }).catch(() => {});
  });
})();
