// Streams files to the console, one PUT per file, with a progress bar each. Two kinds of form:
// form.upload (a dataset draft: several files, each at FOLDER/NAME under data-target) and
// form.single-upload (one file to data-target, the form's .param fields as its query string).
(function () {
  "use strict";
  function put(url, file, label, list) {
    return new Promise(function (resolve) {
      var li = document.createElement("li");
      var name = document.createElement("span");
      name.textContent = label + " ";
      var bar = document.createElement("progress");
      bar.max = 100;
      bar.value = 0;
      bar.setAttribute("aria-label", "upload of " + label);
      var state = document.createElement("span");
      state.className = "state";
      li.appendChild(name);
      li.appendChild(bar);
      li.appendChild(state);
      list.appendChild(li);
      var xhr = new XMLHttpRequest();
      xhr.open("PUT", url);
      xhr.setRequestHeader("Content-Type", "application/octet-stream");
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.onprogress = function (e) {
        if (e.lengthComputable) { bar.value = Math.round(100 * e.loaded / e.total); }
      };
      xhr.onload = function () {
        var body = {};
        try { body = JSON.parse(xhr.responseText); } catch (e) { /* not JSON */ }
        if (xhr.status >= 200 && xhr.status < 300) {
          bar.value = 100;
          state.textContent = " done, " + file.size + " bytes" + (body.sha256 ? ", SHA-256 " + body.sha256 : "");
          li.className = "done";
          resolve(true);
        } else {
          state.textContent = " refused: " + (body.detail || xhr.status) + problems(body);
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
  // The problems a refused file has (a submission or gold file), each with where it is.
  function problems(body) {
    var found = body.problems || body.errors || [];
    return found.map(function (p) {
      return "; " + (p.detail || p.message || p.code || "") + (p.field ? " (" + p.field + ")" : "");
    }).join("");
  }
  function finish(form, ok) {
    form.setAttribute("data-uploaded", ok ? "all" : "some-refused");
    if (ok) { window.location.reload(); }
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
        var url = form.getAttribute("data-target") + path.split("/").map(encodeURIComponent).join("/");
        ok = (await put(url, chosen[i], path, list)) && ok;
      }
      finish(form, ok);
    });
  });
  document.querySelectorAll("form.single-upload").forEach(function (form) {
    form.addEventListener("submit", async function (e) {
      e.preventDefault();
      var list = form.querySelector("ul.progress");
      list.textContent = "";
      var file = form.querySelector("input[type=file]").files[0];
      if (!file) { return; }
      var query = new URLSearchParams();
      form.querySelectorAll(".param").forEach(function (field) {
        if (field.value.trim() !== "") { query.append(field.name, field.value.trim()); }
      });
      var nameParam = form.getAttribute("data-file-name-param");
      if (nameParam) { query.append(nameParam, file.name); }
      var url = form.getAttribute("data-target") + (query.toString() ? "?" + query.toString() : "");
      finish(form, await put(url, file, file.name, list));
    });
  });
})();
