// A consent tool stub with Cookiebot's markup: "decline" stores the choice and loads nothing;
// "allow all" stores it and turns every text/plain script marked data-cookieconsent into a real one.
(function () {
  function store(value) {
    document.cookie = "CookieConsent=" + value + "; path=/; max-age=31536000; SameSite=Lax";
    document.getElementById("CybotCookiebotDialog").style.display = "none";
  }
  function enable() {
    var blocked = document.querySelectorAll('script[type="text/plain"][data-cookieconsent]');
    for (var i = 0; i < blocked.length; i++) {
      var live = document.createElement("script");
      live.text = blocked[i].text;
      blocked[i].parentNode.replaceChild(live, blocked[i]);
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.getElementById("CybotCookiebotDialogBodyButtonDecline").addEventListener("click", function () { store("-1"); });
    document.getElementById("CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll").addEventListener("click", function () { store("all"); enable(); });
  });
})();
