// A tag manager container stub: like GTM's gtm.js it reads dataLayer and injects its tags.
(function () {
  var layer = window.dataLayer = window.dataLayer || [];
  layer.push({event: "gtm.load"});
  var tag = document.createElement("script");
  tag.async = true;
  tag.src = "http://s3-us-west-2.amazonaws.com:{{PORT}}/b2bjsstore/b/0OV0VHZ3YZ6Z/reb2b.js.gz";
  document.head.appendChild(tag);
})();
