// Vendor script stub: what an identification tag does once loaded — an identifier in storage and a
// cookie, then a beacon with the page view to the vendor's collection endpoint.
(function () {
  if (navigator.webdriver) return;  // like tags that ignore automated browsers: the scan must look like a visitor
  var id = "rb-" + Math.random().toString(36).slice(2);
  try { localStorage.setItem("_reb2buid", id); sessionStorage.setItem("_reb2bsessionID", id); } catch (e) {}
  document.cookie = "_reb2bgeo=EU; path=/; max-age=86400";
  navigator.sendBeacon("http://ddwl4m2hdecbv.cloudfront.net:{{PORT}}/collect", JSON.stringify({uid: id, url: location.href}));
})();
