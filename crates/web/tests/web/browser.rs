//! End to end in a real Chromium (Debian's `chromium` and `chromium-driver`), driven over the
//! W3C WebDriver protocol. Skipped with a notice when the browser is not installed, unless
//! `ANTT_E2E=1` (as `.ci/run` sets), when a missing browser fails the run.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use base64::Engine as _;
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, spawn_sqlite_app};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

struct Driver {
    child: Child,
    http: reqwest::Client,
    base: String,
    session: String,
    _profile: tempfile::TempDir,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn find_driver() -> Option<(String, String)> {
    let driver = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())?;
    let browser = ["/usr/bin/chromium", "/usr/lib/chromium/chromium"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())?;
    Some((driver.to_string(), browser.to_string()))
}

impl Driver {
    async fn start(width: u32, height: u32) -> Option<Driver> {
        Driver::start_in(width, height, "vi-VN").await
    }

    /// A browser whose language is `lang` (many offices run an English Windows and browser).
    async fn start_in(width: u32, height: u32, lang: &str) -> Option<Driver> {
        let Some((driver, browser)) = find_driver() else {
            assert!(
                std::env::var("ANTT_E2E").is_err(),
                "ANTT_E2E is set but chromium/chromedriver are not installed"
            );
            eprintln!("SKIPPED browser test: install chromium and chromium-driver to run it");
            return None;
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let base = format!("http://127.0.0.1:{port}");
        let http = reqwest::Client::new();
        for _ in 0..100 {
            if http.get(format!("{base}/status")).send().await.is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let profile = tempfile::tempdir().unwrap();
        let caps = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": browser, "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                format!("--lang={lang}"), format!("--window-size={width},{height}"),
                format!("--user-data-dir={}", profile.path().display()),
            ], "prefs": { "intl.accept_languages": lang } }
        }}});
        let res: Value = http
            .post(format!("{base}/session"))
            .json(&caps)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let session = res["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {res}"))
            .to_string();
        Some(Driver {
            child,
            http,
            base,
            session,
            _profile: profile,
        })
    }

    async fn cmd(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}/session/{}{}", self.base, self.session, path);
        let mut req = self.http.request(method, url);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let v: Value = req.send().await.unwrap().json().await.unwrap();
        v["value"].clone()
    }

    async fn goto(&self, url: &str) {
        self.cmd(reqwest::Method::POST, "/url", Some(json!({ "url": url })))
            .await;
    }

    async fn find(&self, css: &str) -> String {
        for _ in 0..150 {
            let v = self
                .cmd(
                    reqwest::Method::POST,
                    "/element",
                    Some(json!({ "using": "css selector", "value": css })),
                )
                .await;
            if let Some(id) = v[ELEMENT].as_str() {
                return id.to_string();
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("no element {css}: {}", self.source().await);
    }

    async fn type_into(&self, css: &str, text: &str) {
        let id = self.find(css).await;
        self.cmd(
            reqwest::Method::POST,
            &format!("/element/{id}/clear"),
            Some(json!({})),
        )
        .await;
        self.cmd(
            reqwest::Method::POST,
            &format!("/element/{id}/value"),
            Some(json!({ "text": text })),
        )
        .await;
    }

    async fn click(&self, css: &str) {
        let id = self.find(css).await;
        self.cmd(
            reqwest::Method::POST,
            &format!("/element/{id}/click"),
            Some(json!({})),
        )
        .await;
    }

    async fn source(&self) -> String {
        self.cmd(reqwest::Method::GET, "/source", None)
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    async fn wait_for_text(&self, text: &str) {
        for _ in 0..200 {
            if self.source().await.contains(text) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("page never showed «{text}»: {}", self.source().await);
    }

    async fn run_script(&self, script: &str) -> Value {
        self.cmd(
            reqwest::Method::POST,
            "/execute/sync",
            Some(json!({ "script": script, "args": [] })),
        )
        .await
    }

    async fn screenshot(&self, name: &str) {
        let v = self.cmd(reqwest::Method::GET, "/screenshot", None).await;
        if let Some(b64) = v.as_str() {
            let png = base64::engine::general_purpose::STANDARD
                .decode(b64)
                .unwrap();
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/e2e");
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join(name), png).unwrap();
        }
    }
}

#[tokio::test]
async fn a_commune_officer_on_a_phone_finds_a_village_and_updates_its_households() {
    let Some(b) = Driver::start(390, 844).await else {
        return;
    };
    let app = spawn_sqlite_app().await;
    b.goto(&app.url("/units")).await;
    b.wait_for_text("Đăng nhập").await;
    b.type_into("input[name=username]", "ca.iatoi").await;
    b.type_into("input[name=password]", PASSWORD).await;
    b.click("button[type=submit]").await;
    // Login lands on Việc cần làm (issue 10); the units are one link away.
    b.wait_for_text("Việc cần làm").await;
    b.goto(&app.url("/units")).await;
    b.wait_for_text("Xã Ia Tơi").await;
    // Typing without accents narrows the list as one types (htmx), without a page load.
    b.type_into("#q", "minh hoa 4").await;
    b.find("ul.hits li[data-code='23537-01']").await;
    let results = b.source().await;
    assert!(
        !results.contains("Làng Minh họa 3"),
        "the search narrowed the list"
    );
    b.screenshot("search-phone.png").await;
    assert!(b.source().await.contains("Thôn Minh họa 4"));
    b.click("li[data-code='23537-01'] a").await;
    b.wait_for_text("Cập nhật số liệu thôn").await;
    b.type_into("input[name=households]", "250").await;
    b.click("form.facts-form button[type=submit]").await;
    b.wait_for_text("250").await;
    b.screenshot("unit-phone.png").await;
    let entries = app
        .store
        .audit_entries(&antt_store::Actor::system("test"), None, None, 1)
        .await
        .unwrap();
    assert_eq!(entries[0].action, "village_facts.set");
    assert!(entries[0].actor.starts_with("ca.iatoi"));
    b.click("form.logout button").await;
    b.wait_for_text("Mật khẩu").await;
}

#[tokio::test]
async fn a_wrong_password_shows_the_vietnamese_message_in_the_browser() {
    let Some(b) = Driver::start(1280, 800).await else {
        return;
    };
    let app = spawn_sqlite_app().await;
    b.goto(&app.url("/login")).await;
    b.type_into("input[name=username]", "ca.iadal").await;
    b.type_into("input[name=password]", "sai-mat-khau").await;
    b.click("button[type=submit]").await;
    b.wait_for_text("Sai tên đăng nhập hoặc mật khẩu.").await;
    b.screenshot("login-error-desktop.png").await;
}

#[tokio::test]
async fn the_rules_page_shows_verification_badges_and_the_village_page_its_quota() {
    let Some(b) = Driver::start(1280, 900).await else {
        return;
    };
    let app = spawn_sqlite_app().await;
    b.goto(&app.url("/login")).await;
    b.type_into("input[name=username]", "ca.iatoi").await;
    b.type_into("input[name=password]", PASSWORD).await;
    b.click("button[type=submit]").await;
    b.wait_for_text("Đơn vị hành chính").await;
    b.goto(&app.url("/policy/kon-tum-nq-24-2024?date=2025-03-01"))
        .await;
    b.wait_for_text("Chưa có số liệu").await;
    b.find("tr[data-key='provincial_items'] .badge.missing")
        .await;
    b.screenshot("policy-kon-tum.png").await;
    b.goto(&app.url("/units/23538-01?date=2026-01-01")).await;
    b.wait_for_text("Số thành viên Tổ bảo vệ ANTT theo quy định")
        .await;
    b.find("section.quota .badge.demo").await;
    b.screenshot("village-quota.png").await;
    b.goto(&app.url("/teams?date=2026-11-30")).await;
    b.wait_for_text("Tổ bảo vệ ANTT thôn Minh họa 1").await;
    b.find("a.button[href^='/teams/export.xlsx']").await;
    b.screenshot("teams-overview.png").await;
}

#[tokio::test]
async fn a_commune_officer_checks_then_imports_a_roster_file_in_the_browser() {
    let Some(b) = Driver::start(390, 844).await else {
        return;
    };
    let app = spawn_sqlite_app().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("danh-sach.csv");
    std::fs::write(
        &file,
        "Tên Tổ;Mã thôn, tổ dân phố;Ngày thành lập Tổ;Số CCCD;Họ và tên;Ngày sinh;Giới tính;Dân tộc;Nơi cư trú;Trình độ học vấn;Chức danh;Nguồn;Ngày bắt đầu\n\
         Tổ thôn Minh họa 4;23537-01;01/08/2025;062090000801;Rơ Mah Trình Duyệt;10/02/1990;Nam;Gia Rai;Thôn Minh họa 4;THCS;Tổ trưởng;Dân phòng;01/08/2025\n",
    )
    .unwrap();
    b.goto(&app.url("/import")).await;
    b.type_into("input[name=username]", "ca.iatoi").await;
    b.type_into("input[name=password]", PASSWORD).await;
    b.click("button[type=submit]").await;
    b.wait_for_text("Đơn vị hành chính").await;
    b.goto(&app.url("/import")).await;
    b.wait_for_text("Nhập danh sách Tổ").await;
    let input = b.find("input[type=file]").await;
    b.cmd(
        reqwest::Method::POST,
        &format!("/element/{input}/value"),
        Some(json!({ "text": file.to_str().unwrap() })),
    )
    .await;
    b.click("#import-check").await;
    b.wait_for_text("Kiểm tra xong, không có lỗi").await;
    b.click("#import-run").await;
    b.wait_for_text("Đã nhập.").await;
    b.screenshot("import-phone.png").await;
    let actor = antt_store::Actor::system("test");
    let on = chrono::NaiveDate::from_ymd_opt(2025, 9, 1).unwrap();
    let teams = app.store.teams(&actor, None, on).await.unwrap();
    let t = teams
        .iter()
        .find(|t| t.name == "Tổ thôn Minh họa 4")
        .expect("imported");
    assert_eq!(t.members.len(), 1);
}

#[tokio::test]
async fn every_page_of_the_commune_police_fits_a_phones_width() {
    let Some(b) = Driver::start(390, 844).await else {
        return;
    };
    let app = spawn_sqlite_app().await;
    let actor = antt_store::Actor::system("test");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let commune = app.store.unit_by_code(&actor, "23538").await.unwrap();
    let team = app.store.teams(&actor, Some(commune), today).await.unwrap()[0].id;
    let round = app.store.rounds(&actor, Some(commune)).await.unwrap()[0].id;
    let person = app.store.people(&actor, "", 10).await.unwrap()[0].id;
    b.goto(&app.url("/login")).await;
    b.type_into("input[name=username]", "ca.iatoi").await;
    b.type_into("input[name=password]", PASSWORD).await;
    b.click("button[type=submit]").await;
    b.wait_for_text("Đơn vị hành chính").await;
    let mut wide = Vec::new();
    for path in [
        "/".to_string(),
        "/units".to_string(),
        "/units/23538".to_string(),
        "/units/23537-01".to_string(),
        "/teams?commune=23538".to_string(),
        format!("/teams/{team}"),
        "/people".to_string(),
        format!("/people/{person}"),
        "/selection?commune=23538".to_string(),
        format!("/selection/{round}"),
        "/import?commune=23538".to_string(),
        "/policy".to_string(),
        "/policy/gaps".to_string(),
        "/calendar".to_string(),
        "/account".to_string(),
    ] {
        b.goto(&app.url(&path)).await;
        b.find("main").await;
        // A table may scroll inside itself; the page itself must not scroll sideways.
        let over = b
            .run_script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
            )
            .await
            .as_i64()
            .unwrap_or(i64::MAX);
        if over > 0 {
            let name = path.replace(['/', '?', '='], "_");
            b.screenshot(&format!("wide{name}.png")).await;
            wide.push(format!("{path}: {over}px"));
        }
    }
    assert!(wide.is_empty(), "pages wider than a phone: {wide:?}");
}

/// Issue 10: on an English browser a date field was mm/dd/yyyy, and "01112026" meant as 1
/// November 2026 was saved as 11 January 2026. Date fields are typed and shown dd/mm/yyyy
/// whatever the browser's language, and the page says in words the date it understood.
#[tokio::test]
async fn on_an_english_browser_dates_are_typed_day_first_and_said_back_in_words() {
    for (width, height) in [(390, 844), (1366, 768)] {
        let Some(b) = Driver::start_in(width, height, "en-US").await else {
            return;
        };
        let app = spawn_sqlite_app().await;
        b.goto(&app.url("/units/23537-01")).await;
        b.wait_for_text("Đăng nhập").await;
        b.type_into("input[name=username]", "ca.iatoi").await;
        b.type_into("input[name=password]", PASSWORD).await;
        b.click("button[type=submit]").await;
        b.wait_for_text("Đơn vị hành chính").await;
        b.goto(&app.url("/units/23537-01")).await;
        b.wait_for_text("Cập nhật số liệu thôn").await;
        let lang = b.run_script("return navigator.language").await;
        assert_eq!(lang, "en-US", "the browser really is English");
        // No field of the page is left to the browser's own date format.
        let native = b
            .run_script("return document.querySelectorAll('input[type=date]').length")
            .await;
        assert_eq!(native, 0);
        b.type_into("form.facts-form input[name=valid_from]", "01112026")
            .await;
        b.wait_for_text("ngày 01 tháng 11 năm 2026").await;
        b.type_into("input[name=households]", "251").await;
        b.screenshot(&format!("date-words-en-{width}.png")).await;
        b.click("form.facts-form button[type=submit]").await;
        b.wait_for_text("251").await;
        let sys = antt_store::Actor::system("test");
        let village = app.store.unit_by_code(&sys, "23537-01").await.unwrap();
        let detail = app
            .store
            .unit_detail(
                &sys,
                village,
                chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
            )
            .await
            .unwrap();
        let from: Vec<String> = detail
            .facts
            .iter()
            .map(|f| f.valid_from.to_string())
            .collect();
        assert!(
            from.contains(&"2026-11-01".to_string()) && !from.contains(&"2026-01-11".to_string()),
            "{width}px: saved as 1 November, not 11 January: {from:?}"
        );
        // Dates on the page are shown day first too.
        assert!(b.source().await.contains("01/11/2026"), "{width}px");
    }
}

/// Issue 10: a refused form came back empty with its message 2,150 px away on a phone. On
/// *Lập hồ sơ mới* and *Công nhận thành viên* the form comes back with everything typed, the
/// message inside the form, and the field at fault focused and in view.
#[tokio::test]
async fn a_refused_form_keeps_what_was_typed_and_shows_its_message_beside_the_field() {
    let Some(b) = Driver::start_in(390, 844, "en-US").await else {
        return;
    };
    let app = spawn_sqlite_app().await;
    b.goto(&app.url("/people")).await;
    b.wait_for_text("Đăng nhập").await;
    b.type_into("input[name=username]", "ca.iatoi").await;
    b.type_into("input[name=password]", PASSWORD).await;
    b.click("button[type=submit]").await;
    b.wait_for_text("Đơn vị hành chính").await;
    b.goto(&app.url("/people")).await;
    b.wait_for_text("Lập hồ sơ mới").await;
    b.type_into("form.new-person input[name=commune]", "23538")
        .await;
    // A CCCD whose fourth digit says "female" for a man: refused (NĐ 137/2015 Đ13).
    b.type_into("input[name=cccd]", "062195000777").await;
    b.type_into("input[name=full_name]", "Rơ Mah Giữ Lại").await;
    b.type_into("input[name=birth_date]", "10041995").await;
    b.type_into("input[name=residence]", "Thôn Minh họa 2, xã Ia Tơi")
        .await;
    b.type_into("input[name=phone]", "0905123456").await;
    b.click("form.new-person button[type=submit]").await;
    b.wait_for_text("không khớp").await;
    let kept = b
        .run_script(
            "return ['commune','cccd','full_name','birth_date','residence','phone']\
             .map(n => document.querySelector('form.new-person [name=' + n + ']').value)",
        )
        .await;
    assert_eq!(
        kept,
        json!([
            "23538",
            "062195000777",
            "Rơ Mah Giữ Lại",
            "10/04/1995",
            "Thôn Minh họa 2, xã Ia Tơi",
            "0905123456"
        ]),
        "the form came back as typed"
    );
    let near = b
        .run_script(
            "const e = document.querySelector('form.new-person .form-error, form.new-person [role=alert]');\
             const f = document.activeElement;\
             return { focused: f && f.name, error_in_form: !!e,\
                      gap: e ? Math.abs(f.getBoundingClientRect().top - e.getBoundingClientRect().top) : -1,\
                      in_view: f.getBoundingClientRect().top >= 0 && f.getBoundingClientRect().top < window.innerHeight }",
        )
        .await;
    assert_eq!(near["focused"], "cccd", "{near}");
    assert_eq!(near["error_in_form"], true, "{near}");
    assert!(
        near["gap"].as_f64().unwrap() < 700.0,
        "message beside the field: {near}"
    );
    assert_eq!(near["in_view"], true, "{near}");
    b.screenshot("person-form-kept-390.png").await;

    // The recognition of a member on a team page: an unknown CCCD keeps the role and date.
    let sys = antt_store::Actor::system("test");
    let ia_toi = app.store.unit_by_code(&sys, "23538").await.unwrap();
    let teams = app
        .store
        .teams(
            &sys,
            Some(ia_toi),
            chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        )
        .await
        .unwrap();
    b.goto(&app.url(&format!("/teams/{}", teams[0].id))).await;
    b.wait_for_text("Công nhận thành viên").await;
    b.type_into("form.recognise input[name=cccd]", "062090099999")
        .await;
    b.run_script("document.querySelector('form.recognise select[name=role]').value = 'deputy'")
        .await;
    b.type_into("form.recognise input[name=start_date]", "15112026")
        .await;
    b.click("form.recognise button[type=submit]").await;
    // Nobody has that CCCD: the same form opens the person's part, keeps what was typed and
    // puts the cursor on the name.
    b.wait_for_text("Chưa có hồ sơ mang số CCCD này").await;
    let kept = b
        .run_script(
            "const f = document.querySelector('form.recognise');\
             return [f.cccd.value, f.role.value, f.start_date.value, document.activeElement.name,\
                     f.querySelector('details.new-person').open]",
        )
        .await;
    assert_eq!(
        kept,
        json!(["062090099999", "deputy", "15/11/2026", "full_name", true]),
        "{kept}"
    );
    // A birth date the CCCD disagrees with (born 1990 by its digits) is refused, and every
    // field comes back as typed.
    b.type_into("form.recognise input[name=full_name]", "Rơ Mah Một Bước")
        .await;
    b.type_into("form.recognise input[name=birth_date]", "03031995")
        .await;
    b.type_into("form.recognise input[name=ethnicity]", "Jrai")
        .await;
    b.type_into(
        "form.recognise input[name=residence]",
        "Thôn Minh họa 1, xã Ia Tơi",
    )
    .await;
    b.run_script("document.querySelector('form.recognise input[name=ethnicity]').value = 'Jrai'")
        .await;
    b.click("form.recognise button[type=submit]").await;
    b.find("form.recognise [role=alert][data-code]").await;
    let kept = b
        .run_script(
            "const f = document.querySelector('form.recognise');\
             const top = document.activeElement.getBoundingClientRect().top;\
             return [f.cccd.value, f.role.value, f.full_name.value, f.birth_date.value, f.ethnicity.value,\
                     !!f.querySelector('.form-error, [role=alert]'), document.activeElement.name,\
                     top >= 0 && top < window.innerHeight]",
        )
        .await;
    assert_eq!(
        kept,
        json!([
            "062090099999",
            "deputy",
            "Rơ Mah Một Bước",
            "03/03/1995",
            "Jrai",
            true,
            "cccd",
            true
        ]),
        "{kept}"
    );
    let before = app.store.people(&sys, "062090099999", 5).await.unwrap();
    assert!(before.is_empty(), "nothing was written by the refused step");
    b.screenshot("member-form-kept-390.png").await;
    // The right birth date: the record and the recognition are written together.
    b.run_script("document.querySelector('form.recognise input[name=birth_date]').value = ''")
        .await;
    b.type_into("form.recognise input[name=birth_date]", "03031990")
        .await;
    b.click("form.recognise button[type=submit]").await;
    b.wait_for_text("Rơ Mah Một Bước").await;
    let on_file = app.store.people(&sys, "062090099999", 5).await.unwrap();
    assert_eq!(on_file.len(), 1, "one record");
    assert_eq!(
        on_file[0].ethnicity, "Gia Rai",
        "kept under the official name"
    );
    let team = app
        .store
        .team(
            &sys,
            teams[0].id,
            chrono::NaiveDate::from_ymd_opt(2026, 11, 15).unwrap(),
        )
        .await
        .unwrap();
    assert!(
        team.members
            .iter()
            .any(|m| m.cccd == "062090099999" && m.role == antt_domain::policy::TeamRole::Deputy),
        "recognised as Tổ phó"
    );
    b.screenshot("member-form-kept-390.png").await;
}

/// Issue 10: every role lands on its work. After login the commune police see *Việc cần làm*,
/// at 390 and 1366 px on an English browser: the village without a team, the selection round's
/// next step with its deadline, each a link to where it is done.
#[tokio::test]
async fn the_commune_police_land_on_what_to_do_today() {
    for (width, height) in [(390, 844), (1366, 768)] {
        let Some(b) = Driver::start_in(width, height, "en-US").await else {
            return;
        };
        let app = spawn_sqlite_app().await;
        b.goto(&app.url("/login")).await;
        b.type_into("input[name=username]", "ca.iatoi").await;
        b.type_into("input[name=password]", PASSWORD).await;
        b.click("button[type=submit]").await;
        b.wait_for_text("Việc cần làm").await;
        let url = b.run_script("return location.pathname").await;
        assert_eq!(url, "/", "{width}px: logged in onto the home page");
        b.find("li[data-kind='village_without_team'] a[href='/units/23537-01']")
            .await;
        b.find("li[data-kind='round_step'] a[href^='/selection/']")
            .await;
        let fits = b
            .run_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")
            .await;
        assert_eq!(fits, true, "{width}px: no sideways scrolling");
        b.screenshot(&format!("inbox-{width}.png")).await;
    }
}

/// Issue 10: the provincial police see their province at a glance — a row per commune (a card
/// on a phone), sorted by a click on a column, each commune leading to its teams, the date
/// typed day first on an English browser, and nothing wider than the screen.
#[tokio::test]
async fn the_provincial_police_see_the_province_commune_by_commune_and_sort_it() {
    for (width, height) in [(390, 844), (1366, 768)] {
        let Some(b) = Driver::start_in(width, height, "en-US").await else {
            return;
        };
        let app = spawn_sqlite_app().await;
        b.goto(&app.url("/login")).await;
        b.type_into("input[name=username]", "ca.quangngai").await;
        b.type_into("input[name=password]", PASSWORD).await;
        b.click("button[type=submit]").await;
        b.wait_for_text("Đơn vị hành chính").await;
        b.click("header.top a[href='/force-summary']").await;
        b.wait_for_text("Tổng hợp lực lượng — Tỉnh Quảng Ngãi")
            .await;
        b.find("tr[data-commune='23538']").await;
        let rows = b
            .run_script("return document.querySelectorAll('table.summary tbody tr').length")
            .await
            .as_i64()
            .unwrap_or(0);
        assert!(rows >= 2, "{width}px: a row per commune, {rows}");
        // Each column's header names what its cells hold (the cards on a phone carry the same
        // labels).
        let heads = b
            .run_script(
                "return [...document.querySelectorAll('table.summary thead th')].map(th => th.textContent.replace(/ [▲▼]$/, ''))",
            )
            .await;
        let labels = b
            .run_script(
                "return [...document.querySelectorAll('table.summary tbody tr:first-child td')].map(td => td.dataset.label)",
            )
            .await;
        assert_eq!(
            heads, labels,
            "{width}px: headers and cells in the same order"
        );
        // The date is typed day first and said back in words.
        b.type_into("form.filters input[name=date]", "01032025")
            .await;
        b.wait_for_text("ngày 01 tháng 03 năm 2025").await;
        b.click("form.filters button[type=submit]").await;
        b.wait_for_text("Tính đến ngày").await;
        let link = b
            .run_script("return document.querySelector('a.button[href*=\"format=xlsx\"]').getAttribute('href')")
            .await;
        assert!(
            link.as_str().unwrap_or("").contains("date=2025-03-01"),
            "{width}px: read as 1 March 2025, not 3 January: {link}"
        );
        // Sorting by members in post, then the other way.
        b.goto(&app.url("/force-summary?unit=51&date=2026-11-30"))
            .await;
        b.wait_for_text("Tổng hợp lực lượng").await;
        let over = b
            .run_script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
            )
            .await
            .as_i64()
            .unwrap_or(i64::MAX);
        assert!(
            over <= 0,
            "{width}px: the page scrolls sideways by {over}px"
        );
        b.screenshot(&format!("province-summary-{width}.png")).await;
        b.goto(&app.url("/force-summary?unit=51&date=2026-11-30&sort=total&desc=1"))
            .await;
        b.wait_for_text("Thành viên ▼").await;
        let totals = b
            .run_script(
                "return [...document.querySelectorAll('table.summary tbody tr td[data-label=\"Thành viên\"]')].map(td => +td.textContent)",
            )
            .await;
        let totals: Vec<i64> = totals
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_i64().unwrap())
            .collect();
        assert!(
            totals.windows(2).all(|w| w[0] >= w[1]),
            "{width}px: {totals:?}"
        );
        // A commune's name leads to its teams.
        b.click("tr[data-commune='23538'] a[href^='/teams']").await;
        b.wait_for_text("Tổ bảo vệ ANTT thôn Minh họa 1").await;
    }
}

/// Issue 11 as the commune's accountant and police meet it, on a phone and an office PC with an
/// English browser: November's payroll with the arrears of 1/7/2026 explained, checked in one
/// click; a shift typed day first, refused for a wrong time with everything kept, then entered.
#[tokio::test]
async fn the_accountant_checks_november_and_the_police_enter_a_shift_from_a_phone() {
    for (width, height) in [(390, 844), (1366, 768)] {
        let Some(b) = Driver::start_in(width, height, "en-US").await else {
            return;
        };
        let app = spawn_sqlite_app().await;
        let wide = || async {
            b.run_script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
            )
            .await
            .as_i64()
            .unwrap_or(i64::MAX)
        };
        b.goto(&app.url("/login")).await;
        b.type_into("input[name=username]", "kt.iatoi").await;
        b.type_into("input[name=password]", PASSWORD).await;
        b.click("button[type=submit]").await;
        b.wait_for_text("Bảng thanh toán phụ cấp").await;
        // The home page leads to the month to check.
        b.click("a[href='/payroll?commune=23538&month=2026-11']")
            .await;
        b.wait_for_text("Bảng thanh toán phụ cấp — Xã Ia Tơi").await;
        b.wait_for_text("tháng 11 năm 2026").await;
        assert!(wide().await <= 0, "{width}px: the payroll fits");
        b.click("details.explain summary").await;
        b.wait_for_text("Truy lĩnh hỗ trợ thường xuyên hằng tháng tháng 07/2026")
            .await;
        b.wait_for_text("161/2026/NĐ-CP").await;
        b.screenshot(&format!("payroll-november-{width}.png")).await;
        b.click("form.act button[type=submit]").await;
        b.wait_for_text("Đã kiểm tra").await;
        let source = b.source().await;
        assert!(
            source.contains("Trả lại"),
            "{width}px: the accountant may send it back"
        );
        assert!(
            !source.contains("Duyệt bảng thanh toán"),
            "{width}px: only the chairman approves"
        );

        // The police, on the duty log.
        b.click("form.logout button[type=submit]").await;
        b.wait_for_text("Đăng nhập").await;
        b.goto(&app.url("/login")).await;
        b.type_into("input[name=username]", "ca.iatoi").await;
        b.type_into("input[name=password]", PASSWORD).await;
        b.click("button[type=submit]").await;
        b.wait_for_text("Đơn vị hành chính").await;
        b.goto(&app.url("/duty?commune=23538&week=2026-12-07"))
            .await;
        b.wait_for_text("Ghi ca mới").await;
        assert!(wide().await <= 0, "{width}px: the duty log fits");
        b.type_into("form.shift input[name=date]", "09122026").await;
        b.wait_for_text("ngày 09 tháng 12 năm 2026").await;
        b.type_into("form.shift input[name=end]", "7:75").await;
        b.type_into("form.shift input[name=note]", "Tuần tra đêm chợ phiên")
            .await;
        b.click("form.shift button[type=submit]").await;
        b.wait_for_text("giờ không hợp lệ").await;
        let kept = b
            .run_script(
                "return ['date','end','note'].map(n => document.querySelector('form.shift [name=' + n + ']').value)",
            )
            .await;
        assert_eq!(
            kept,
            json!(["09/12/2026", "7:75", "Tuần tra đêm chợ phiên"]),
            "{width}px: what was typed is kept"
        );
        b.type_into("form.shift input[name=end]", "02:00").await;
        b.click("form.shift button[type=submit]").await;
        b.wait_for_text("Tuần tra đêm chợ phiên").await;
        b.wait_for_text("09/12/2026").await;
        b.wait_for_text("ban đêm 4 giờ 0 phút").await;
        b.screenshot(&format!("duty-week-{width}.png")).await;
        assert!(wide().await <= 0, "{width}px: the week fits");
    }
}

/// Issue 11's insurance as the social insurance office and the commune's accountant meet it,
/// on a phone and an office PC with an English browser: the office finds the quarter waiting
/// on its home page, reads how a member's figures were reached and confirms it; the accountant
/// types a wrong BHXH code (refused, everything kept) and records the next quarter's advance
/// with a date typed day first.
#[tokio::test]
async fn the_office_confirms_the_third_quarter_and_the_accountant_advances_the_next() {
    for (width, height) in [(390, 844), (1366, 768)] {
        let Some(b) = Driver::start_in(width, height, "en-US").await else {
            return;
        };
        let app = spawn_sqlite_app().await;
        let wide = || async {
            b.run_script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
            )
            .await
            .as_i64()
            .unwrap_or(i64::MAX)
        };
        b.goto(&app.url("/login")).await;
        b.type_into("input[name=username]", "bhxh.iahdrai").await;
        b.type_into("input[name=password]", PASSWORD).await;
        b.click("button[type=submit]").await;
        b.wait_for_text("chờ cơ quan BHXH xác nhận").await;
        b.click("a[href='/insurance?commune=23538&quarter=2026-Q3']")
            .await;
        b.wait_for_text("Kinh phí BHXH tự nguyện, BHYT — Xã Ia Tơi")
            .await;
        b.wait_for_text("Quý III năm 2026").await;
        assert!(wide().await <= 0, "{width}px: the quarter fits");
        b.click("details.explain summary").await;
        b.wait_for_text("BHYT đóng").await;
        b.screenshot(&format!("insurance-q3-{width}.png")).await;
        b.click("form.act button[type=submit]").await;
        b.wait_for_text("Cơ quan BHXH đã xác nhận").await;
        b.click("form.logout button[type=submit]").await;
        b.wait_for_text("Đăng nhập").await;

        // The accountant: a member's codes, then the next quarter.
        b.goto(&app.url("/login")).await;
        b.type_into("input[name=username]", "kt.iatoi").await;
        b.type_into("input[name=password]", PASSWORD).await;
        b.click("button[type=submit]").await;
        b.wait_for_text("Bảng thanh toán phụ cấp").await;
        b.goto(&app.url("/insurance?commune=23538&quarter=2026-Q4"))
            .await;
        b.wait_for_text("Quý IV năm 2026").await;
        b.click("table.insurance tbody tr a").await;
        b.wait_for_text("Tham gia BHXH tự nguyện, BHYT").await;
        assert!(wide().await <= 0, "{width}px: the member's page fits");
        b.run_script("document.querySelector('input[name=bhxh_code]').value = ''; return 0;")
            .await;
        b.type_into("input[name=bhxh_code]", "62230").await;
        b.run_script("document.querySelector('input[name=bhyt_card]').value = ''; return 0;")
            .await;
        b.type_into("input[name=bhyt_card]", "GD4626223000001")
            .await;
        b.click("form.act button[type=submit]").await;
        b.wait_for_text("mã số BHXH gồm đúng 10 chữ số").await;
        let kept = b
            .run_script(
                "return ['bhxh_code','bhyt_card'].map(n => document.querySelector('[name=' + n + ']').value)",
            )
            .await;
        assert_eq!(kept, json!(["62230", "GD4626223000001"]), "{width}px: kept");
        b.goto(&app.url("/insurance?commune=23538&quarter=2027-Q1"))
            .await;
        b.wait_for_text("Chưa chuyển kinh phí tạm cấp").await;
        b.type_into("form.act input[name=on]", "30112026").await;
        b.wait_for_text("ngày 30 tháng 11 năm 2026").await;
        b.type_into("form.act input[name=voucher]", "UNC-Q1/2027")
            .await;
        b.click("form.act button[type=submit]").await;
        b.wait_for_text("Đã chuyển tạm cấp, chưa quyết toán").await;
        b.wait_for_text("UNC-Q1/2027").await;
        b.wait_for_text("30/11/2026").await;
        assert!(wide().await <= 0, "{width}px: the quarter fits");
        b.screenshot(&format!("insurance-advance-{width}.png"))
            .await;
    }
}
