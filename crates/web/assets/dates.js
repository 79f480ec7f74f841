// Date fields are typed day first (dd/mm/yyyy) whatever the browser's language; beside each one
// the page says back, in words, the date it understood ("ngày 01 tháng 12 năm 2026"), so a
// swapped day and month is seen before the form is sent. The server reads the same forms
// (crates/domain/src/date.rs); without JavaScript the field still works, the words only show
// the value the page was rendered with.
(function () {
  function parse(raw) {
    var s = raw.trim(), d, m, y, p;
    if (/^\d{8}$/.test(s)) { d = +s.slice(0, 2); m = +s.slice(2, 4); y = +s.slice(4); }
    else if ((p = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s))) { y = +p[1]; m = +p[2]; d = +p[3]; }
    else if ((p = /^(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{4})$/.exec(s))) { d = +p[1]; m = +p[2]; y = +p[3]; }
    else return null;
    var t = new Date(Date.UTC(y, m - 1, d));
    if (y < 1900 || y > 2200 || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
    return { d: d, m: m, y: y };
  }
  function two(n) { return (n < 10 ? "0" : "") + n; }
  function say(input) {
    var out = input.nextElementSibling;
    if (!out || out.className.indexOf("date-words") < 0) return;
    var raw = input.value;
    if (!raw.trim()) { out.textContent = ""; out.className = "date-words"; return; }
    var v = parse(raw);
    out.textContent = v ? "ngày " + two(v.d) + " tháng " + two(v.m) + " năm " + v.y
                        : "chưa đúng dạng ngày/tháng/năm (ví dụ 01/12/2026)";
    out.className = v ? "date-words" : "date-words date-bad";
  }
  function wire(root) {
    var inputs = root.querySelectorAll("input[data-date]");
    for (var i = 0; i < inputs.length; i++) {
      (function (el) {
        el.addEventListener("input", function () { say(el); });
        el.addEventListener("blur", function () {
          var v = parse(el.value);
          if (v) { el.value = two(v.d) + "/" + two(v.m) + "/" + v.y; }
          say(el);
        });
      })(inputs[i]);
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { wire(document); });
  } else { wire(document); }
  document.addEventListener("htmx:afterSwap", function (e) { wire(e.target); });
})();
