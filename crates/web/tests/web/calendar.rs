use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::spawn_apps;

#[tokio::test]
async fn tt14_4_five_working_days_skip_the_announced_tet_2026_break() {
    for app in spawn_apps().await {
        let police = app.login("ca.iatoi").await;
        let (status, r) = police
            .get("/api/v1/calendar/working-days?from=2026-02-12&days=5")
            .await;
        assert_eq!(status, StatusCode::OK, "{r}");
        assert_eq!(r["deadline"], "2026-02-26", "{}", app.backend);
        assert_eq!(r["provisional"], false);
        // Giỗ Tổ 2026 falls on Sunday 26/4: Monday 27/4 is off in its place (BLLĐ Đ111 k3).
        let (_, r) = police
            .get("/api/v1/calendar/working-days?from=2026-04-24&days=1")
            .await;
        assert_eq!(r["deadline"], "2026-04-28");
        let (_, r) = police
            .get("/api/v1/calendar/working-days?from=2027-02-01&days=5")
            .await;
        assert_eq!(r["provisional"], true, "Tết 2027 is not announced yet");
        let (_, y) = police.get("/api/v1/calendar/2025").await;
        let tet: Vec<&str> = y["days_off"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["kind"] == "announced")
            .map(|d| d["date"].as_str().unwrap())
            .collect();
        assert_eq!(
            tet,
            [
                "2025-01-27",
                "2025-01-28",
                "2025-01-29",
                "2025-01-30",
                "2025-01-31"
            ]
        );
        let (_, html) = police.get_html("/calendar?year=2027").await;
        assert!(
            html.contains("Chưa có lịch nghỉ công bố cho năm 2027") && html.contains("06/02/2027")
        );
    }
}

#[tokio::test]
async fn an_administrator_enters_the_2027_schedule_and_the_deadline_is_no_longer_provisional() {
    for app in spawn_apps().await {
        let police = app.login("ca.iatoi").await;
        let schedule = json!({ "year": 2027, "tet": ["2027-02-04", "2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10"],
                               "national_day_extra": "2027-09-03", "source": "Thông báo (ví dụ trong kiểm thử)" });
        assert_eq!(
            police
                .send(Method::PUT, "/api/v1/calendar/2027", schedule.clone())
                .await
                .0,
            StatusCode::FORBIDDEN
        );
        let admin = app.login("admin").await;
        let before = app.audit_count().await;
        let (status, r) = admin
            .send(Method::PUT, "/api/v1/calendar/2027", schedule.clone())
            .await;
        assert_eq!(status, StatusCode::OK, "{r}");
        assert_eq!(r["outcome"], "changed");
        assert_eq!(app.audit_count().await, before + 1);
        let (_, r) = admin
            .send(Method::PUT, "/api/v1/calendar/2027", schedule)
            .await;
        assert_eq!(r["outcome"], "unchanged");
        let (_, r) = police
            .get("/api/v1/calendar/working-days?from=2027-02-01&days=5")
            .await;
        assert_eq!(r["provisional"], false);
        assert_eq!(
            r["deadline"], "2027-02-15",
            "from Mon 1/2: Tue 2, Wed 3, then Thu 11, Fri 12, Mon 15"
        );
        let (status, e) = admin
            .send(
                Method::PUT,
                "/api/v1/calendar/2027",
                json!({ "year": 2027, "tet": ["2026-02-04"], "source": "x" }),
            )
            .await;
        assert_eq!(
            (status, e["error"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("date_outside_year"))
        );
    }
}
