//! How long a 20,000-row roster takes to import on the embedded database (the issue asks for
//! "seconds"). Each sample imports into a fresh SQLite file with the demo loaded; only the import
//! is timed: reading the CSV, checking every row, writing teams, people, memberships and their
//! audit rows in one transaction.
//!
//! `cargo bench -p antt-web --bench import`
#![allow(clippy::unwrap_used, clippy::expect_used)] // benchmark code

use std::time::{Duration, Instant};

use antt_store::{Actor, Clock, DbUrl, Store};
use criterion::{Criterion, criterion_group, criterion_main};

const ROWS: usize = 20_000;

fn roster() -> Vec<u8> {
    let mut s = String::from(
        "Tên Tổ,\"Mã thôn, tổ dân phố\",Ngày thành lập Tổ,Số CCCD,Họ và tên,Ngày sinh,Giới tính,Dân tộc,Nơi cư trú,Trình độ học vấn,Số điện thoại,Diện hộ,Chức danh,Nguồn,Ngày bắt đầu\n",
    );
    for i in 0..ROWS {
        let role = if i == 0 {
            "Tổ trưởng"
        } else {
            "Tổ viên"
        };
        s.push_str(&format!(
            "Tổ bảo vệ ANTT thôn Minh họa 4,23537-01,01/08/2025,06209{i:07},Người Thử Số {i},10/02/1990,Nam,Gia Rai,\"Thôn Minh họa 4, xã Ia Tơi\",THCS,0901{i:06},Hộ nghèo,{role},Dân phòng,01/08/2025\n"
        ));
    }
    s.into_bytes()
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let file = roster();
    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(60));
    group.bench_function("roster_20000_rows_sqlite", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let dir = tempfile::tempdir().unwrap();
                let store = rt.block_on(async {
                    let url = DbUrl::sqlite_file(&dir.path().join("antt.db"));
                    let store = Store::open(&url, Clock::System).await.unwrap();
                    store.load_demo().await.unwrap();
                    store
                });
                let actor = Actor::system("bench");
                let commune = rt.block_on(store.unit_by_code(&actor, "23538")).unwrap();
                let start = Instant::now();
                let read = antt_documents::table::read_roster_file("bench.csv", &file);
                let report = rt
                    .block_on(store.run_import(&actor, Some(commune), &read, false))
                    .unwrap();
                total += start.elapsed();
                assert!(report.committed, "{:?}", report.errors.first());
                assert_eq!(report.memberships_created, ROWS);
            }
            total
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
