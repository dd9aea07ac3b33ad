// A download link marked data-download-wait makes its file on request (a
// report PDF takes seconds): the link says it is being prepared and waits,
// then hands the file over under the name the server gave it. The texts come
// from the page, in the user's language: data-download-wait while waiting,
// data-download-failed when the server answers with an error.
(function () {
  "use strict";

  function fileName(response, fallback) {
    var header = response.headers.get("Content-Disposition") || "";
    var encoded = /filename\*=UTF-8''([^;]+)/i.exec(header);
    if (encoded) return decodeURIComponent(encoded[1]);
    var plain = /filename="?([^";]+)"?/i.exec(header);
    return plain ? plain[1] : fallback;
  }

  function save(blob, name) {
    var url = URL.createObjectURL(blob);
    var anchor = document.createElement("a");
    anchor.href = url;
    anchor.download = name;
    document.body.appendChild(anchor);
    anchor.click();
    anchor.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  function statusFor(link) {
    var status = link.parentNode.querySelector("[data-download-status]");
    if (!status) {
      status = document.createElement("div");
      status.setAttribute("data-download-status", "");
      status.setAttribute("role", "status");
      status.className = "small w-100";
      link.parentNode.appendChild(status);
    }
    return status;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-download-wait]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    if (link.getAttribute("aria-busy") === "true") return;
    var label = link.innerHTML;
    var status = statusFor(link);
    link.setAttribute("aria-busy", "true");
    link.classList.add("disabled");
    link.innerHTML = '<span class="spinner-border spinner-border-sm" aria-hidden="true"></span> ' +
      link.dataset.downloadWait;
    status.className = "small w-100 text-muted";
    status.textContent = link.dataset.downloadWait;
    fetch(link.href, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.blob().then(function (blob) {
          save(blob, fileName(response, link.pathname.split("/").pop() || "unduhan"));
          status.textContent = "";
        });
      })
      .catch(function () {
        status.className = "small w-100 text-danger";
        status.textContent = link.dataset.downloadFailed;
      })
      .finally(function () {
        link.innerHTML = label;
        link.classList.remove("disabled");
        link.removeAttribute("aria-busy");
      });
  });
})();
