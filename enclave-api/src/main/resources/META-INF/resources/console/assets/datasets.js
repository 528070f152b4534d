// Uploads a draft version's files one request each, streamed, with a progress bar per file.
(function () {
  "use strict";
  function upload(form, file, path, list) {
    return new Promise(function (resolve) {
      var li = document.createElement("li");
      var label = document.createElement("span");
      label.textContent = path + " ";
      var bar = document.createElement("progress");
      bar.max = 100;
      bar.value = 0;
      bar.setAttribute("aria-label", "upload of " + path);
      var state = document.createElement("span");
      state.className = "state";
      li.appendChild(label);
      li.appendChild(bar);
      li.appendChild(state);
      list.appendChild(li);
      var xhr = new XMLHttpRequest();
      xhr.open("PUT", form.getAttribute("data-target") + path.split("/").map(encodeURIComponent).join("/"));
      xhr.setRequestHeader("Content-Type", "application/octet-stream");
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.onprogress = function (e) {
        if (e.lengthComputable) { bar.value = Math.round(100 * e.loaded / e.total); }
      };
      xhr.onload = function () {
        var body = {};
        try { body = JSON.parse(xhr.responseText); } catch (e) { /* not JSON */ }
        if (xhr.status === 200) {
          bar.value = 100;
          state.textContent = " done, " + body.sizeBytes + " bytes, SHA-256 " + body.sha256;
          li.className = "done";
          resolve(true);
        } else {
          state.textContent = " refused: " + (body.detail || xhr.status);
          li.className = "failed";
          resolve(false);
        }
      };
      xhr.onerror = function () {
        state.textContent = " failed: the connection broke; upload it again";
        li.className = "failed";
        resolve(false);
      };
      xhr.send(file);
    });
  }
  document.querySelectorAll("form.upload").forEach(function (form) {
    form.addEventListener("submit", async function (e) {
      e.preventDefault();
      var list = form.querySelector("ul.progress");
      list.textContent = "";
      var folder = form.querySelector("input[name=folder]").value.trim().replace(/^\/+|\/+$/g, "");
      var chosen = form.querySelector("input[type=file]").files;
      var ok = true;
      for (var i = 0; i < chosen.length; i++) {
        var path = (folder ? folder + "/" : "") + chosen[i].name;
        ok = (await upload(form, chosen[i], path, list)) && ok;
      }
      form.setAttribute("data-uploaded", ok ? "all" : "some-refused");
      if (ok) { window.location.reload(); }
    });
  });
})();
