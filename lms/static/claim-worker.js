// The service worker of a certificate's QR code pages (/V/): it keeps the page that checks
// a code on this device, its script, the networks' public keys and their lists of revoked
// certificates, so that a code opened with no connection is still checked
// (claim-check.js). Online, every page and list comes from the site, and is kept anew.
"use strict";

var BASE = new URL("./", self.location).pathname;  // the site's /V/
var SCRIPT = new URL(self.location).searchParams.get("script");
var CACHE = "gramota-claims-1";

async function keepLists(cache) {
  var response = await fetch(BASE + "keys.json", { cache: "no-store" });
  await cache.put(BASE + "keys.json", response.clone());  // by address: one copy each
  var listed = await response.json();
  await Promise.all(listed.keys.map(function (jwk) {
    var address = BASE + "revoked/" + encodeURIComponent(jwk.kid) + ".cose";
    return fetch(address, { cache: "no-store" }).then(function (list) {
      return list.ok ? cache.put(address, list) : null;
    });
  }));
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll([BASE + "offline", SCRIPT]).then(function () { return keepLists(cache); });
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("fetch", function (event) {
  var request = event.request, address = new URL(request.url);
  if (request.method !== "GET" || address.origin !== self.location.origin) { return; }
  if (request.mode === "navigate" && address.pathname.indexOf(BASE) === 0) {
    // a code opened: the site checks it; with no connection, this device does
    event.respondWith(fetch(request).then(function (response) {
      caches.open(CACHE).then(keepLists).catch(function () {});
      return response;
    }).catch(function () { return caches.match(BASE + "offline"); }));
    return;
  }
  var kept = address.pathname === BASE + "keys.json" ||
    address.pathname.indexOf(BASE + "revoked/") === 0 || address.href.endsWith(SCRIPT);
  if (kept) {  // from the site, never from the browser's HTTP cache (it may hold an older
    // list); with no connection, the copy keepLists made, by its address alone
    event.respondWith(fetch(request, { cache: "no-store" }).catch(function () {
      return caches.match(address.pathname + address.search, { ignoreVary: true });
    }));
  }
});
