//! The duty log from a workbook, on both databases: a dry run that names every bad row, the
//! whole file or nothing, the same file twice changing nothing, an approved month refused, and
//! nobody entering another commune's log.

use antt_domain::payroll::DutyKind;
use antt_domain::roster::RosterFile;
use antt_store::StoreError;

use crate::helpers::{d, demo_dbs};

const HEADER: [&str; 9] = [
    "Tổ",
    "Ngày",
    "Giờ bắt đầu",
    "Giờ kết thúc",
    "Loại ca",
    "Nặng nhọc, độc hại",
    "Đơn vị huy động",
    "Người tham gia",
    "Ghi chú",
];

fn file(rows: &[[&str; 9]]) -> RosterFile {
    let mut cells = vec![HEADER.iter().map(|s| s.to_string()).collect::<Vec<_>>()];
    cells.extend(
        rows.iter()
            .map(|r| r.iter().map(|s| s.to_string()).collect()),
    );
    RosterFile {
        name: "so-truc-thang-11.xlsx".into(),
        sha256: "0".repeat(64),
        cells: Ok(cells),
    }
}

#[tokio::test]
async fn the_duty_log_of_a_workbook_goes_in_whole_or_not_at_all_and_twice_changes_nothing() {
    for db in demo_dbs().await {
        let store = db.store.clone().with_demo_packs(true);
        let police = store.actor_named("ca.iatoi").await.unwrap();
        let ia_toi = store.unit_by_code(&police, "23538").await.unwrap();
        let teams = store
            .teams(&police, Some(ia_toi), d(2026, 11, 20))
            .await
            .unwrap();
        let team = &teams[0];
        let (a, b) = (&team.members[0], &team.members[1]);
        let before = store
            .duty_shifts(&police, ia_toi, None, d(2026, 11, 1), d(2026, 11, 30))
            .await
            .unwrap()
            .len();
        let both = format!("{}; {}", a.cccd, b.full_name);
        let good = [
            [
                team.name.as_str(),
                "20/11/2026",
                "22:00",
                "02:00",
                "Tuần tra",
                "",
                "",
                both.as_str(),
                "Tuần tra đêm",
            ],
            [
                team.name.as_str(),
                "21/11/2026",
                "07:00",
                "11:00",
                "Được huy động ngoài địa bàn",
                "Có",
                "Công an xã Ia Đal",
                a.cccd.as_str(),
                "",
            ],
        ];
        // A dry run of a file with bad rows: every one named, nothing written.
        let mut bad = good.to_vec();
        bad.push([
            team.name.as_str(),
            "10/08/2026",
            "08:00",
            "10:00",
            "Trực",
            "",
            "",
            a.cccd.as_str(),
            "",
        ]);
        bad.push([
            "Tổ không có",
            "22/11/2026",
            "08:00",
            "10:00",
            "Trực",
            "",
            "",
            a.cccd.as_str(),
            "",
        ]);
        bad.push([
            team.name.as_str(),
            "22/11/2026",
            "08:00",
            "10:00",
            "Trực",
            "",
            "",
            "079090000999",
            "",
        ]);
        bad.push([
            team.name.as_str(),
            "22/11/2026",
            "8h",
            "8h",
            "Trực",
            "",
            "",
            a.cccd.as_str(),
            "",
        ]);
        let r = store
            .import_duty_log(&police, ia_toi, &file(&bad), false)
            .await
            .unwrap();
        assert!(!r.committed);
        let got: Vec<(usize, &str)> = r.errors.iter().map(|e| (e.line, e.code)).collect();
        assert_eq!(
            got,
            vec![
                (4, "payroll_locked"),
                (5, "team_unknown"),
                (6, "person_unknown"),
                (7, "empty_shift"),
            ]
        );
        assert!(
            r.errors[2].message.contains("079090000999"),
            "{:?}",
            r.errors[2]
        );
        assert_eq!(r.rows, 6);
        let now = store
            .duty_shifts(&police, ia_toi, None, d(2026, 11, 1), d(2026, 11, 30))
            .await
            .unwrap();
        assert_eq!(
            now.len(),
            before,
            "nothing of a file with errors is written"
        );

        // The good rows: a dry run says what it would do, then the import does it.
        let dry = store
            .import_duty_log(&police, ia_toi, &file(&good), true)
            .await
            .unwrap();
        assert_eq!(
            (dry.committed, dry.shifts_created, dry.presences),
            (false, 2, 3)
        );
        let done = store
            .import_duty_log(&police, ia_toi, &file(&good), false)
            .await
            .unwrap();
        assert!(
            done.committed && done.errors.is_empty(),
            "{:?}",
            done.errors
        );
        assert_eq!(done.shifts_created, 2);
        let log = store
            .duty_shifts(&police, ia_toi, None, d(2026, 11, 20), d(2026, 11, 21))
            .await
            .unwrap();
        let patrol = log
            .iter()
            .find(|s| s.kind == DutyKind::Patrol && s.date == d(2026, 11, 20))
            .unwrap();
        assert_eq!(patrol.night_minutes, 240);
        assert_eq!(patrol.people.len(), 2);
        let mobilised = log.iter().find(|s| s.kind == DutyKind::Mobilised).unwrap();
        assert!(mobilised.hazardous);
        assert_eq!(mobilised.mobilised_by.as_deref(), Some("Công an xã Ia Đal"));

        // The same file again changes nothing.
        let again = store
            .import_duty_log(&police, ia_toi, &file(&good), false)
            .await
            .unwrap();
        assert_eq!((again.shifts_created, again.shifts_unchanged), (0, 2));
        let after = store
            .duty_shifts(&police, ia_toi, None, d(2026, 11, 1), d(2026, 11, 30))
            .await
            .unwrap();
        assert_eq!(after.len(), before + 2);
        // The same shift with other people is not overwritten from a file.
        let mut other = good;
        other[0][7] = a.cccd.as_str();
        let r = store
            .import_duty_log(&police, ia_toi, &file(&other), false)
            .await
            .unwrap();
        assert_eq!(r.errors[0].code, "shift_exists");

        // Another commune's police cannot enter Ia Tơi's log.
        let stranger = store.actor_named("ca.iadal").await.unwrap();
        assert!(matches!(
            store
                .import_duty_log(&stranger, ia_toi, &file(&good), false)
                .await,
            Err(StoreError::NotFound)
        ));
        // The accountant keeps no duty log.
        let kt = store.actor_named("kt.iatoi").await.unwrap();
        assert!(matches!(
            store.import_duty_log(&kt, ia_toi, &file(&good), true).await,
            Err(StoreError::Forbidden)
        ));
    }
}
