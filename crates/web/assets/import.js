// Nhập danh sách, nhập sổ trực: sends the chosen file as it is to the form's data-url (the
// roster's /api/v1/import/roster unless it says otherwise) — first a check, then the import — and
// shows the report. No framework; works in any browser of the last ten years.
(function () {
  var form = document.getElementById("import-form");
  if (!form) return;
  var out = document.getElementById("import-report");
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  function esc(s) {
    return String(s).replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
    });
  }
  var duty = form.getAttribute("data-kind") === "duty";
  var endpoint = form.getAttribute("data-url") || "/api/v1/import/roster";
  function counts(r) {
    if (duty) {
      return r.rows + " dòng; ca mới " + r.shifts_created + " (" + r.presences + " lượt người); ca đã có trong sổ " + r.shifts_unchanged + ".";
    }
    return r.rows + " dòng; Tổ mới " + r.teams_created + "; người mới " + r.people_created +
      ", cập nhật " + r.people_updated + ", giữ nguyên " + r.people_unchanged + "; thành viên mới " +
      r.memberships_created + ", đã có " + r.memberships_unchanged + ".";
  }
  function show(r) {
    var h = "<p data-committed='" + r.committed + "'><strong>" +
      (r.committed ? "Đã nhập." : r.errors.length ? "Chưa nhập gì: sửa các lỗi dưới đây rồi kiểm tra lại." : "Kiểm tra xong, không có lỗi. Bấm «Nhập» để ghi.") +
      "</strong> " + counts(r) + "</p>";
    if (duty && r.committed && r.shifts_created > 0) {
      h += "<p><a href='" + esc(location.pathname + location.search) + "'>Xem sổ trực đã nhập</a></p>";
    }
    if (r.errors.length) {
      h += "<table class='errors'><thead><tr><th>Dòng</th><th>Cột</th><th>Lỗi</th></tr></thead><tbody>";
      r.errors.forEach(function (e) {
        h += "<tr data-code='" + esc(e.code) + "'><td>" + e.line + "</td><td>" + esc(e.column) + "</td><td>" + esc(e.message) + "</td></tr>";
      });
      h += "</tbody></table>";
    }
    out.innerHTML = h;
  }
  function send(dryRun) {
    var file = form.querySelector("input[type=file]").files[0];
    if (!file) { out.innerHTML = "<div class='alert'>Chọn tệp trước.</div>"; return; }
    out.innerHTML = "<p>Đang xử lý…</p>";
    var url = endpoint + "?commune=" + encodeURIComponent(form.commune.value) +
      "&dry_run=" + dryRun + "&file_name=" + encodeURIComponent(file.name);
    fetch(url, { method: "POST", credentials: "same-origin", headers: { "x-csrf-token": form.csrf.value }, body: file })
      .then(function (res) { return res.json(); })
      .then(function (r) {
        if (r.errors) show(r); else out.innerHTML = "<div class='alert'>" + esc(r.message || "Lỗi") + "</div>";
      })
      .catch(function () { out.innerHTML = "<div class='alert'>Không gửi được tệp. Kiểm tra kết nối rồi thử lại.</div>"; });
  }
  document.getElementById("import-check").addEventListener("click", function () { send(true); });
  document.getElementById("import-run").addEventListener("click", function () { send(false); });
})();
