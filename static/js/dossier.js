/* The documents page's "Download the dossier (ZIP)" button: ask for the dossier as
   a background job (Prefer: respond-async), show its progress, then download the
   file. Without JavaScript the link itself answers the ZIP (or the job as JSON
   when the dossier is large). Labels come from data-* attributes of the link,
   translated by the server: the Content-Security-Policy forbids inline scripts. */
(function () {
  "use strict";

  var POLL_MS = 1000;
  var MAX_POLLS = 1800; // half an hour: a job without progress that long has stalled

  function start() {
    var link = document.getElementById("dossier-download");
    var box = document.getElementById("dossier-progress-box");
    var bar = document.getElementById("dossier-progress");
    var status = document.getElementById("dossier-status");
    if (!link || !box || !bar || !status || !window.fetch) {
      return;
    }
    var busy = false;
    var polls = 0;

    function label(job) {
      return link.getAttribute("data-status-" + job.status) || job.status;
    }

    function finish(text) {
      busy = false;
      link.removeAttribute("aria-disabled");
      if (text) {
        status.textContent = text;
      }
    }

    function show(job) {
      box.hidden = false;
      bar.value = job.progress;
      status.textContent = label(job) + " — " + job.progress + "%";
      box.setAttribute("data-status", job.status);
      if (job.status === "done" && job.download_url) {
        finish();
        window.location.assign(job.download_url);
      } else if (job.status === "failed") {
        finish(link.getAttribute("data-failed"));
      } else if (polls < MAX_POLLS) {
        polls += 1;
        window.setTimeout(function () {
          ask(job.url, {});
        }, POLL_MS);
      } else {
        finish(link.getAttribute("data-failed"));
      }
    }

    function ask(url, headers) {
      headers.Accept = "application/json";
      window
        .fetch(url, { credentials: "same-origin", headers: headers })
        .then(function (response) {
          return response.json().then(function (body) {
            return { ok: response.ok, body: body };
          });
        })
        .then(function (answer) {
          if (!answer.ok) {
            finish(answer.body.message || link.getAttribute("data-failed"));
            return;
          }
          show(answer.body);
        })
        .catch(function () {
          finish(link.getAttribute("data-failed"));
        });
    }

    link.addEventListener("click", function (event) {
      event.preventDefault();
      if (busy) {
        return;
      }
      busy = true;
      polls = 0;
      link.setAttribute("aria-disabled", "true");
      box.hidden = false;
      bar.value = 0;
      status.textContent = link.getAttribute("data-status-queued") || "";
      ask(link.href, { Prefer: "respond-async" });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
