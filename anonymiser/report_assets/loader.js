(function () {
  var text = document.scripts[0].text, bytes = new Uint8Array(text.length), n = 0;
  for (var i = 0; i < text.length; i++) {
    var c = text.charCodeAt(i) - 57344;
    if (c >= 0) bytes[n++] = c;
  }
  var app = document.createElement("script");
  app.text = new TextDecoder().decode(bytes.subarray(0, n));
  document.body.appendChild(app);
})();
