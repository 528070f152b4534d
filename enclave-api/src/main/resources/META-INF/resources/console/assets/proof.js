// "Prove it": checks in the browser that an audit entry is in the log the enclave signed.
// It trusts only the verifier key in the page's field: the entry's hash, the inclusion proof
// (RFC 9162, section 2.1.3.2) and the checkpoint's signature (C2SP signed note, Ed25519) are all
// recomputed here with Web Crypto. Each step is listed with its outcome.
(function () {
  "use strict";
  var section = document.getElementById("proof");
  var index = section ? section.getAttribute("data-index") : null;
  var data = document.getElementById("proof-data");
  var steps = document.getElementById("steps");
  var verdict = document.getElementById("verdict");
  var entryView = document.getElementById("entry");
  var utf8 = new TextEncoder();

  function bytes(b64) {
    var bin = atob(b64);
    var out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { out[i] = bin.charCodeAt(i); }
    return out;
  }
  function b64(a) {
    var s = "";
    for (var i = 0; i < a.length; i++) { s += String.fromCharCode(a[i]); }
    return btoa(s);
  }
  function concat(parts) {
    var n = 0;
    parts.forEach(function (p) { n += p.length; });
    var out = new Uint8Array(n);
    var at = 0;
    parts.forEach(function (p) { out.set(p, at); at += p.length; });
    return out;
  }
  function same(a, b) {
    if (a.length !== b.length) { return false; }
    for (var i = 0; i < a.length; i++) { if (a[i] !== b[i]) { return false; } }
    return true;
  }
  async function sha256() {
    var parts = Array.prototype.slice.call(arguments);
    return new Uint8Array(await crypto.subtle.digest("SHA-256", concat(parts)));
  }
  function hex(a) {
    return Array.prototype.map.call(a, function (x) { return x.toString(16).padStart(2, "0"); }).join("");
  }

  function step(ok, text) {
    var li = document.createElement("li");
    li.setAttribute("data-ok", ok ? "true" : "false");
    li.className = ok ? "ok" : "failed";
    li.textContent = (ok ? "\u2713 " : "\u2717 ") + text;
    steps.appendChild(li);
    if (!ok) { throw new Error(text); }
  }

  /** name+keyid+base64(0x01 || public key), with the key id checked. */
  async function parseKey(text) {
    // A name holds no '+', but the base64 key may: split at the first two only.
    var t = text.trim(), first = t.indexOf("+"), second = t.indexOf("+", first + 1);
    step(first > 0 && second > first, "the verifier key has the form name+keyid+key");
    var parts = [t.slice(0, first), t.slice(first + 1, second), t.slice(second + 1)];
    var typed = bytes(parts[2]);
    step(typed.length === 33 && typed[0] === 1, "the key is an Ed25519 key (type 0x01, 32 bytes)");
    var id = hex((await sha256(utf8.encode(parts[0]), new Uint8Array([10]), typed)).slice(0, 4));
    step(id === parts[1], "its key id " + parts[1] + " is the hash of its name and key");
    return { name: parts[0], id: id, key: typed.slice(1) };
  }

  /** A signed note: its text (what is signed), its lines, and its signatures. */
  function parseNote(note) {
    var end = note.indexOf("\n\n");
    step(end > 0, "the checkpoint is a signed note (text, a blank line, signatures)");
    var text = note.slice(0, end + 1);
    var lines = text.split("\n");
    var signatures = note.slice(end + 2).split("\n").filter(function (l) {
      return l.indexOf("\u2014 ") === 0;
    }).map(function (l) {
      var p = l.slice(2).split(" ");
      return { name: p[0], bytes: bytes(p[1]) };
    });
    return { text: text, origin: lines[0], size: Number(lines[1]), root: bytes(lines[2]), signatures: signatures };
  }

  /** RFC 9162, 2.1.3.2: the root that the leaf and the path lead to. */
  async function rootFrom(index, size, leaf, path) {
    var fn = index, sn = size - 1, r = leaf;
    for (var i = 0; i < path.length; i++) {
      var p = path[i];
      step(sn !== 0, "proof step " + (i + 1) + " is within the tree");
      if (fn % 2 === 1 || fn === sn) {
        r = await sha256(new Uint8Array([1]), p, r);
        if (fn % 2 === 0) {
          while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
        }
      } else {
        r = await sha256(new Uint8Array([1]), r, p);
      }
      fn = Math.floor(fn / 2);
      sn = Math.floor(sn / 2);
    }
    step(sn === 0, "the proof has exactly the steps a tree of " + size + " entries needs (" + path.length + ")");
    return r;
  }

  async function verify() {
    steps.textContent = "";
    verdict.textContent = "";
    verdict.className = "";
    try {
      var given;
      try { given = JSON.parse(data.value); } catch (e) { step(false, "the proof data is JSON"); }
      var key = await parseKey(document.getElementById("verifier-key").value);
      var note = await signedBy(key, given.checkpoint, "newest");
      step(note.size === given.size, "the proof is for the checkpoint's tree of " + note.size + " entries");
      var entry = bytes(given.entry);
      entryView.textContent = new TextDecoder().decode(entry);
      var leaf = await sha256(new Uint8Array([0]), entry);
      step(true, "the entry's leaf hash is SHA-256(0x00 || entry) = " + b64(leaf));
      var root = await rootFrom(Number(given.index), note.size, leaf, given.hashes.map(bytes));
      step(same(root, note.root), "the proof leads from the entry to the signed root " + b64(note.root));
      verdict.className = "notice";
      verdict.textContent = "Verified: entry " + given.index + " is in the log of " + note.size +
        " entries that key " + key.name + "+" + key.id + " signed.";
    } catch (e) {
      verdict.className = "error";
      verdict.textContent = "Failed: " + e.message;
    }
  }

  async function fetchData() {
    steps.textContent = "";
    verdict.textContent = "Fetching the entry, its proof and the newest checkpoint\u2026";
    verdict.className = "";
    var r = await fetch("/console/audit/proofs/data?index=" + encodeURIComponent(index), {
      headers: { Accept: "application/json" }, credentials: "same-origin"
    });
    var body = await r.text();
    if (!r.ok) {
      var detail = body;
      try { detail = JSON.parse(body).detail; } catch (e) { /* the text as it came */ }
      verdict.className = "error";
      verdict.textContent = "Could not fetch the proof: " + detail;
      return;
    }
    data.value = JSON.stringify(JSON.parse(body), null, 1);
    verdict.textContent = "Fetched. Press \u201cVerify in this browser\u201d.";
    section.setAttribute("data-fetched", "");
  }

  /** RFC 9162, 2.1.4.2: whether the proof shows the tree of size m is a prefix of that of n. */
  async function consistent(m, n, oldRoot, newRoot, proof) {
    step(m >= 1 && m <= n, "the older tree (" + m + ") is not larger than the newer (" + n + ")");
    if (m === n) {
      step(proof.length === 0, "a tree is consistent with itself: the proof is empty");
      step(same(oldRoot, newRoot), "both checkpoints sign the same root");
      return;
    }
    var path = proof.slice();
    if ((m & (m - 1)) === 0 && m < 4294967296) { path.unshift(oldRoot); }
    step(path.length > 0, "the proof is not empty");
    var fn = m - 1, sn = n - 1;
    while (fn % 2 === 1) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
    var fr = path[0], sr = path[0];
    for (var i = 1; i < path.length; i++) {
      var c = path[i];
      step(sn !== 0, "proof step " + i + " is within the newer tree");
      if (fn % 2 === 1 || fn === sn) {
        fr = await sha256(new Uint8Array([1]), c, fr);
        sr = await sha256(new Uint8Array([1]), c, sr);
        if (fn % 2 === 0) {
          while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
        }
      } else {
        sr = await sha256(new Uint8Array([1]), sr, c);
      }
      fn = Math.floor(fn / 2);
      sn = Math.floor(sn / 2);
    }
    step(sn === 0, "the proof has exactly the steps the two sizes need (" + proof.length + ")");
    step(same(fr, oldRoot), "the proof rebuilds the older signed root " + b64(oldRoot));
    step(same(sr, newRoot), "and, from the same hashes, the newer signed root " + b64(newRoot));
  }

  /** A note, its signature by the key checked; returns the parsed note. */
  async function signedBy(key, text, which) {
    var note = parseNote(text);
    step(note.origin === key.name, "the " + which + " checkpoint's origin is " + key.name);
    var signature = note.signatures.find(function (s) {
      return s.name === key.name && hex(s.bytes.slice(0, 4)) === key.id;
    });
    step(!!signature, "the " + which + " checkpoint carries a signature by key " + key.id);
    var publicKey = await crypto.subtle.importKey("raw", key.key, { name: "Ed25519" }, false, ["verify"]);
    var ok = await crypto.subtle.verify({ name: "Ed25519" }, publicKey, signature.bytes.slice(4), utf8.encode(note.text));
    step(ok, "the Ed25519 signature over the " + which + " checkpoint (size " + note.size + ") is valid");
    return note;
  }

  var older = document.getElementById("older");
  var cSteps = document.getElementById("consistency-steps");
  var cVerdict = document.getElementById("consistency-verdict");

  async function json(url) {
    var r = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
    var body = await r.text();
    if (!r.ok) {
      var detail = body;
      try { detail = JSON.parse(body).detail; } catch (e) { /* as it came */ }
      throw new Error(detail);
    }
    return JSON.parse(body);
  }

  async function fetchOlder() {
    cVerdict.className = "";
    try {
      var size = document.getElementById("older-size").value;
      var d = await json("/console/audit/proofs/consistency?from=" + encodeURIComponent(size));
      older.value = d.older;
      cVerdict.textContent = "Fetched the checkpoint of size " + d.from + ".";
    } catch (e) {
      cVerdict.className = "error";
      cVerdict.textContent = "Could not fetch it: " + e.message;
    }
  }

  async function checkConsistency() {
    var saved = [steps, verdict];
    steps = cSteps;
    verdict = cVerdict;
    steps.textContent = "";
    verdict.textContent = "";
    verdict.className = "";
    try {
      var key = await parseKey(document.getElementById("consistency-key").value);
      var old = await signedBy(key, older.value.replace(/\r\n/g, "\n"), "older");
      var d = await json("/console/audit/proofs/consistency?from=" + old.size);
      var now = await signedBy(key, d.newer, "newer");
      step(now.size === d.to, "the proof is to the newer checkpoint's size " + now.size);
      await consistent(old.size, now.size, old.root, now.root, d.hashes.map(bytes));
      verdict.className = "notice";
      verdict.textContent = "Consistent: the log of " + now.size + " entries extends the log of " +
        old.size + " entries that you gave; nothing in it was changed or removed.";
    } catch (e) {
      verdict.className = "error";
      verdict.textContent = "Failed: " + e.message;
    } finally {
      steps = saved[0];
      verdict = saved[1];
    }
  }

  if (section) {
    document.getElementById("fetch").addEventListener("click", fetchData);
    document.getElementById("verify").addEventListener("click", verify);
    document.addEventListener("DOMContentLoaded", fetchData);
  }
  document.getElementById("fetch-older").addEventListener("click", fetchOlder);
  document.getElementById("check-consistency").addEventListener("click", checkConsistency);
})();
