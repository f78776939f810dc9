// A certificate's QR code checked on this device, with no connection: the page that opens
// the code (/V/<claim>) keeps, through a service worker, this page, the networks' public
// keys and their lists of revoked certificates; offline, it reads the claim from the
// address (base45, CBOR, COSE_Sign1) and checks its ES256 signature with WebCrypto, as
// lms/certificates/claims.py does on the server.
(function () {
  "use strict";

  var script = document.currentScript;
  var base = script.getAttribute("data-base");  // the site's /V/
  if ("serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.register(base + "sw.js?script=" +
      encodeURIComponent(script.getAttribute("src")), { scope: base }).catch(function () {});
  }
  var box = document.getElementById("claim-check");
  if (!box) { return; }  // online: the server has checked it

  var B45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

  function fromBase45(text) {
    var out = [];
    for (var i = 0; i < text.length; i += 3) {
      var chunk = text.substr(i, 3), value = 0;
      for (var j = chunk.length - 1; j >= 0; j--) {
        var digit = B45.indexOf(chunk[j]);
        if (digit < 0) { throw new Error("base45"); }
        value = value * 45 + digit;
      }
      if (chunk.length === 3) {
        if (value > 65535) { throw new Error("base45"); }
        out.push(value >> 8, value & 255);
      } else if (chunk.length === 2 && value <= 255) {
        out.push(value);
      } else { throw new Error("base45"); }
    }
    return new Uint8Array(out);
  }

  function cbor(bytes) {  // the CBOR the claims use: numbers, strings, arrays, maps, tags
    var at = 0, view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    function length(info) {
      if (info < 24) { return info; }
      var size = { 24: 1, 25: 2, 26: 4 }[info];
      if (!size) { throw new Error("cbor"); }
      var value = size === 1 ? view.getUint8(at) : size === 2 ? view.getUint16(at) :
        view.getUint32(at);
      at += size;
      return value;
    }
    function item() {
      var first = view.getUint8(at++), major = first >> 5, info = first & 31;
      if (major === 7) {
        if (info === 20) { return false; }
        if (info === 21) { return true; }
        if (info === 22) { return null; }
        var value;
        if (info === 25) { value = half(view.getUint16(at)); at += 2; return value; }
        if (info === 26) { value = view.getFloat32(at); at += 4; return value; }
        if (info === 27) { value = view.getFloat64(at); at += 8; return value; }
        throw new Error("cbor");
      }
      var n = length(info), found, i;
      if (major === 0) { return n; }
      if (major === 1) { return -1 - n; }
      if (major === 2 || major === 3) {
        found = bytes.subarray(at, at + n);
        at += n;
        return major === 2 ? found : new TextDecoder("utf-8", { fatal: true }).decode(found);
      }
      if (major === 4) { found = []; for (i = 0; i < n; i++) { found.push(item()); } return found; }
      if (major === 5) {
        found = new Map();
        for (i = 0; i < n; i++) { var key = item(); found.set(key, item()); }
        return found;
      }
      if (major === 6) { return { tag: n, value: item() }; }
      throw new Error("cbor");
    }
    function half(h) {
      var exponent = (h >> 10) & 31, fraction = h & 1023, sign = h >> 15 ? -1 : 1;
      if (exponent === 0) { return sign * Math.pow(2, -14) * (fraction / 1024); }
      if (exponent === 31) { return fraction ? NaN : sign * Infinity; }
      return sign * Math.pow(2, exponent - 15) * (1 + fraction / 1024);
    }
    var value = item();
    if (at !== bytes.length) { throw new Error("cbor"); }
    return value;
  }

  function header(major, n) {  // a CBOR head, for the structure that was signed
    if (n < 24) { return [(major << 5) | n]; }
    if (n < 256) { return [(major << 5) | 24, n]; }
    return [(major << 5) | 25, n >> 8, n & 255];
  }

  function toBeSigned(protectedHeader, payload) {  // ["Signature1", protected, h'', payload]
    var context = new TextEncoder().encode("Signature1");
    var parts = [[0x84], header(3, context.length), context, header(2, protectedHeader.length),
      protectedHeader, [0x40], header(2, payload.length), payload];
    var size = parts.reduce(function (sum, part) { return sum + part.length; }, 0);
    var out = new Uint8Array(size), at = 0;
    parts.forEach(function (part) { out.set(part, at); at += part.length; });
    return out;
  }

  async function unseal(message, keys) {  // the signer's kid and the payload, or throws
    var found = cbor(message);
    var parts = found && found.tag === 18 ? found.value : found;
    var head = cbor(parts[0]);
    var kid = new TextDecoder().decode(head.get(4));
    var jwk = keys[kid];
    if (head.get(1) !== -7 || !jwk || parts[3].length !== 64) { throw new Error("key"); }
    var key = await crypto.subtle.importKey("jwk", jwk, { name: "ECDSA", namedCurve: "P-256" },
      false, ["verify"]);
    var right = await crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, key, parts[3],
      toBeSigned(parts[0], parts[2]));
    if (!right) { throw new Error("signature"); }
    return { kid: kid, payload: cbor(parts[2]) };
  }

  function say(text, kind) {
    var verdict = document.createElement("p");
    verdict.className = "message verdict message-" + kind;
    verdict.setAttribute("role", "status");
    var strong = document.createElement("strong");
    strong.textContent = text;
    verdict.appendChild(strong);
    box.appendChild(verdict);
    return verdict;
  }

  function longDate(iso) {  // «7 декабря 2026», in the page's language; without the
    // Russian «г.» or Ukrainian «р.», which would double a sentence's full stop (as the
    // site's own dates, lms/web/templating.py)
    return new Date(iso + "T12:00:00").toLocaleDateString(document.documentElement.lang,
      { day: "numeric", month: "long", year: "numeric" }).replace(/\s*(г|р)\.$/, "");
  }

  function table(claim) {
    var words = box.dataset, rows = [[words.holder, claim.get(2)], [words.course, claim.get(3)]];
    if (claim.get(4)) { rows.push([words.hours, String(claim.get(4)).replace(".", ",")]); }
    rows.push([words.issued, longDate(claim.get(5))]);
    var shown = document.createElement("table"), caption = shown.createCaption();
    shown.className = "data";
    caption.textContent = words.number.replace("%(number)s", claim.get(1));
    var body = shown.createTBody();
    rows.forEach(function (pair) {
      var row = body.insertRow(), head = document.createElement("th");
      head.scope = "row";
      head.textContent = pair[0];
      row.appendChild(head);
      row.insertCell().textContent = pair[1];
    });
    box.appendChild(shown);
  }

  async function check() {
    var words = box.dataset, keys = {}, claim, kid;
    try {
      var text = decodeURIComponent(location.pathname.split("/V/").pop());
      var listed = await (await fetch(base + "keys.json")).json();
      listed.keys.forEach(function (jwk) { keys[jwk.kid] = jwk; });
      var found = await unseal(fromBase45(text), keys);
      claim = found.payload;
      kid = found.kid;
      if (claim.get(6) !== kid) { throw new Error("network"); }
    } catch (error) {
      say(words.untrusted, "error").append(" " + words.untrustedWhy);
      return;
    }
    var revoked = null, replaced = null;
    try {
      var list = await unseal(new Uint8Array(await (await fetch(
        base + "revoked/" + encodeURIComponent(kid) + ".cose")).arrayBuffer()), keys);
      revoked = list.payload.get(3).indexOf(claim.get(1)) >= 0 ? list.payload.get(2) : "";
      var asOf = list.payload.get(2);
      replaced = (list.payload.get(4) || []).find(function (row) {
        return row[0] === claim.get(1);
      }) || null;
    } catch (error) { revoked = null; }
    if (revoked) {
      say(words.revoked, "error").append(" — " + words.revokedList.replace("%(date)s",
        longDate(revoked)));
    } else if (replaced) {  // issued again: genuine for what it was
      say(words.replaced, "info").append(" " + words.replacedBy.replace(
        "%(date)s", longDate(replaced[2])).replace("%(number)s", replaced[1]));
    } else {
      say(words.genuine, "success").append(" " + (revoked === null ? words.noList :
        words.listChecked.replace("%(date)s", longDate(asOf))));
    }
    table(claim);
  }

  check();
}());
