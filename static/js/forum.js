/* Forum check-in and badge scanning.
 * - Camera scanning with the BarcodeDetector API where the browser has it; typing the short code otherwise.
 * - Offline-tolerant check-in: when the network drops, the scan is kept in localStorage and replayed later.
 *   The server accepts a check-in once per badge, place and day, so a replay can never count twice.
 */
(function () {
  "use strict";

  function startScanner(form) {
    var holder = form.querySelector(".forum-scan");
    var video = form.querySelector(".forum-camera");
    var input = form.querySelector("[name=code]");
    if (!holder || !video || !input || !("BarcodeDetector" in window) || !navigator.mediaDevices) return;
    holder.hidden = false;
    holder.querySelector("[data-scan]").addEventListener("click", function () {
      var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        video.play();
        var timer = setInterval(function () {
          detector.detect(video).then(function (codes) {
            if (!codes.length) return;
            clearInterval(timer);
            stream.getTracks().forEach(function (t) { t.stop(); });
            video.hidden = true;
            input.value = codes[0].rawValue;
            if (form.requestSubmit) form.requestSubmit(); else form.submit();
          }).catch(function () {});
        }, 300);
      }).catch(function () { holder.hidden = true; });
    });
  }

  function setupCheckIn(form) {
    var key = form.dataset.queueKey;
    var status = form.querySelector("[data-status]");
    var pending = form.querySelector("[data-pending]");
    var input = form.querySelector("[name=code]");
    var place = form.querySelector("[name=session]");

    function load() { try { return JSON.parse(localStorage.getItem(key) || "[]"); } catch (e) { return []; } }
    function save(items) { localStorage.setItem(key, JSON.stringify(items)); showPending(); }
    function showPending() {
      var n = load().length;
      pending.textContent = n ? form.dataset.msgPending + " " + n : "";
    }

    function post(item) {
      var data = new FormData();
      data.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
      data.append("code", item.code);
      data.append("session", item.session || "");
      data.append("at", item.at);
      return fetch(form.action || window.location.href, {
        method: "POST", body: data, credentials: "same-origin", headers: { Accept: "application/json" }
      }).then(function (response) { return response.json(); });
    }

    function replay() {
      var items = load();
      if (!items.length) return Promise.resolve();
      var item = items[0];
      return post(item).then(function (answer) {
        // Answered (checked in, already in, or refused): it leaves the queue either way.
        save(load().filter(function (x) { return x.id !== item.id; }));
        if (answer.ok) status.textContent = form.dataset.msgSent + " " + answer.name;
        return replay();
      }).catch(function () { /* still offline: keep it */ });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var item = {
        id: Date.now() + "-" + Math.random().toString(36).slice(2),
        code: input.value.trim(), session: place ? place.value : "", at: new Date().toISOString()
      };
      if (!item.code) return;
      post(item).then(function (answer) {
        if (answer.ok) {
          status.textContent = (answer.created ? form.dataset.msgSent : form.dataset.msgAlready) + " " + answer.name;
        } else {
          status.textContent = answer.error;
        }
        input.value = "";
        input.focus();
        replay();
      }).catch(function () {
        save(load().concat([item]));
        status.textContent = form.dataset.msgQueued;
        input.value = "";
        input.focus();
      });
    });
    window.addEventListener("online", replay);
    setInterval(replay, 15000);
    showPending();
    replay();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-check-in]").forEach(function (form) { setupCheckIn(form); startScanner(form); });
    document.querySelectorAll("[data-scan-form]").forEach(startScanner);
  });
})();
