// Installs the portal's service worker, which serves the offline page when the network is gone.
(function () {
  const script = document.getElementById("portal-script");
  if (!script || !("serviceWorker" in navigator)) {
    return;
  }
  window.addEventListener("load", () => {
    navigator.serviceWorker.register(script.dataset.sw, { scope: script.dataset.scope }).catch(() => {});
  });
})();
