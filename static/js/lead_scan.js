// Badge scanning on the exhibitor's leads page: the phone's camera (or a photo of the badge)
// read with jsQR (static/vendor/jsqr); the code found goes into the form's code field, where
// it can also be typed. No inline script: the page only carries data-* hooks.
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  // The badge's QR code holds the bare badge code (events/badges.py); keep letters and digits.
  function badgeCode(text) {
    return String(text || "").replace(/[^A-Za-z0-9]/g, "").toUpperCase().slice(0, 40);
  }

  ready(function () {
    var form = document.querySelector("[data-scanner-form]");
    if (!form || typeof window.jsQR !== "function") return;
    var field = form.querySelector("input[name=code]");
    var box = document.querySelector("[data-scanner]");
    var video = box.querySelector("video");
    var status = box.querySelector("[data-scanner-status]");
    var start = document.querySelector("[data-scanner-start]");
    var fileLabel = document.querySelector("[data-scanner-file-label]");
    var file = document.querySelector("[data-scanner-file]");
    var canvas = document.createElement("canvas");
    var context = canvas.getContext("2d", { willReadFrequently: true });
    var stream = null;

    function decode(source, width, height) {
      if (!width || !height) return null;
      var scale = Math.min(1, 1280 / Math.max(width, height));
      canvas.width = Math.round(width * scale);
      canvas.height = Math.round(height * scale);
      context.drawImage(source, 0, 0, canvas.width, canvas.height);
      var image = context.getImageData(0, 0, canvas.width, canvas.height);
      var found = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "attemptBoth" });
      return found ? badgeCode(found.data) : null;
    }

    function found(code) {
      field.value = code;
      form.setAttribute("data-scanned", code);
      status.textContent = (box.getAttribute("data-found") || "") + " " + code;
      var rating = form.querySelector("[name=rating]");
      (rating || field).focus();
    }

    function stop() {
      if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
      stream = null;
    }

    function tick() {
      if (!stream) return;
      if (video.readyState >= 2) {
        var code = decode(video, video.videoWidth, video.videoHeight);
        if (code) {
          stop();
          found(code);
          return;
        }
      }
      window.requestAnimationFrame(tick);
    }

    if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
      start.hidden = false;
      start.addEventListener("click", function () {
        box.hidden = false;
        navigator.mediaDevices
          .getUserMedia({ video: { facingMode: "environment" }, audio: false })
          .then(function (s) {
            stream = s;
            video.srcObject = s;
            return video.play();
          })
          .then(function () { window.requestAnimationFrame(tick); })
          .catch(function () {
            status.textContent = box.getAttribute("data-no-camera") || "";
          });
      });
    }

    fileLabel.hidden = false;

    function notFound() {
      box.hidden = false;
      status.textContent = box.getAttribute("data-not-found") || "";
    }

    function readPicture(source, width, height) {
      box.hidden = false;
      var code = null;
      try { code = decode(source, width, height); } catch (e) { code = null; }
      if (code) found(code);
      else notFound();
    }

    // createImageBitmap reads the file without a URL (no Content-Security-Policy question) and
    // its promise keeps the work alive until it ends. Where it is missing, a data: URL, not a
    // blob: one, which the policy's img-src refuses. Every failure says "no QR code found".
    file.addEventListener("change", function () {
      var picked = file.files && file.files[0];
      if (!picked) return;
      if (typeof window.createImageBitmap === "function") {
        window.createImageBitmap(picked).then(function (bitmap) {
          readPicture(bitmap, bitmap.width, bitmap.height);
          if (bitmap.close) bitmap.close();
        }, notFound);
        return;
      }
      var reader = new FileReader();
      reader.onerror = notFound;
      reader.onload = function () {
        var picture = new Image();
        picture.onerror = notFound;
        picture.onload = function () { readPicture(picture, picture.naturalWidth, picture.naturalHeight); };
        picture.src = reader.result;
      };
      reader.readAsDataURL(picked);
    });

    window.addEventListener("pagehide", stop);
    form.setAttribute("data-scanner-ready", "");  // every listener in place (the browser tests wait for it)
  });
})();
