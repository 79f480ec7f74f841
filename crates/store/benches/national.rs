//! The product at the country's size (`antt demo --scale national`), against the bare engine in
//! the same run:
//!
//! - `overview/store` — the commune overview use case for one commune of the national data;
//!   `overview/bare` — the same rows fetched by hand-written SQL (teams, their villages, members
//!   and people, the villages' facts), nothing computed;
//! - `tree/store` — the unit tree of one province on a date; `tree/bare` — one recursive query
//!   over the same versions.
//!
//! It also prints how long loading the country took and the process's peak RSS. SQLite always;
//! PostgreSQL too when `ANTT_TEST_PG_URL` is set. `ANTT_BENCH_SCALE=province` for a quick run.
//!
//! Run: `cargo bench -p antt-store --bench national` (see bench/README.md for the figures).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // benchmark code

use std::time::{Duration, Instant};

use antt_domain::unit::UnitId;
use antt_store::national::Scale;
use antt_store::{Actor, Clock, DbUrl, Store};
use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use sea_orm::{ConnectionTrait, DbBackend, Statement};

fn peak_rss_mib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|k| k.parse::<u64>().ok())
        })
        .unwrap_or(0)
        / 1024
}

struct Loaded {
    name: &'static str,
    store: Store,
    _dir: Option<tempfile::TempDir>,
}

async fn load(
    name: &'static str,
    url: DbUrl,
    dir: Option<tempfile::TempDir>,
    scale: Scale,
) -> Loaded {
    let store = Store::open(&url, Clock::System).await.unwrap();
    let started = Instant::now();
    let report = store
        .generate_demo(&Actor::system("bench"), scale, 2026, &|_| {})
        .await
        .unwrap();
    eprintln!(
        "[{name}] loaded {} villages, {} teams, {} people in {:.1} s; peak RSS so far {} MiB",
        report.villages,
        report.teams,
        report.people,
        started.elapsed().as_secs_f64(),
        peak_rss_mib()
    );
    Loaded {
        name,
        store,
        _dir: dir,
    }
}

/// The rows the overview reads, fetched by hand: no scope, no policy, no computing.
async fn bare_overview(store: &Store, commune: UnitId, on: NaiveDate) -> usize {
    let db = store.raw_connection();
    let backend = db.get_database_backend();
    let p = |n: usize| match backend {
        DbBackend::Postgres => format!("${n}"),
        _ => "?".to_string(),
    };
    let in_force = |alias: &str, n: usize| {
        format!(
            "{alias}.valid_from <= {} AND ({alias}.valid_to IS NULL OR {alias}.valid_to >= {})",
            p(n),
            p(n + 1)
        )
    };
    let queries = [
        (
            format!("SELECT * FROM team WHERE commune_id = {}", p(1)),
            false,
        ),
        (
            format!(
                "SELECT tv.team_id, u.code, v.name, v.kind FROM team_village tv JOIN team t ON t.id = tv.team_id \
                 JOIN unit u ON u.id = tv.village_id JOIN unit_version v ON v.unit_id = tv.village_id \
                 WHERE t.commune_id = {} AND {}",
                p(1),
                in_force("v", 2)
            ),
            true,
        ),
        (
            format!(
                "SELECT m.*, pe.* FROM membership m JOIN team t ON t.id = m.team_id JOIN person pe ON pe.id = m.person_id \
                 WHERE t.commune_id = {}",
                p(1)
            ),
            false,
        ),
        (
            format!(
                "SELECT f.* FROM village_facts f JOIN team_village tv ON tv.village_id = f.unit_id JOIN team t ON t.id = tv.team_id \
                 WHERE t.commune_id = {} AND {}",
                p(1),
                in_force("f", 2)
            ),
            true,
        ),
    ];
    let mut rows = 0;
    for (sql, dated) in queries {
        let values: Vec<sea_orm::Value> = if dated {
            vec![commune.0.into(), on.into(), on.into()]
        } else {
            vec![commune.0.into()]
        };
        rows += db
            .query_all_raw(Statement::from_sql_and_values(backend, sql, values))
            .await
            .unwrap()
            .len();
    }
    rows
}

/// The province's tree on a date, by one recursive query.
async fn bare_tree(store: &Store, root: UnitId, on: NaiveDate) -> usize {
    let db = store.raw_connection();
    let backend = db.get_database_backend();
    let (a, b, c) = match backend {
        DbBackend::Postgres => ("$1", "$2", "$3"),
        _ => ("?1", "?2", "?3"),
    };
    let sql = format!(
        "WITH RECURSIVE t(id) AS ( \
           SELECT unit_id FROM unit_version WHERE unit_id = {a} AND valid_from <= {b} AND (valid_to IS NULL OR valid_to >= {c}) \
           UNION ALL \
           SELECT v.unit_id FROM unit_version v JOIN t ON v.parent_id = t.id \
           WHERE v.valid_from <= {b} AND (v.valid_to IS NULL OR v.valid_to >= {c})) \
         SELECT u.code, v.name, v.kind, v.parent_id FROM t JOIN unit u ON u.id = t.id \
         JOIN unit_version v ON v.unit_id = t.id AND v.valid_from <= {b} AND (v.valid_to IS NULL OR v.valid_to >= {c}) \
         ORDER BY u.code"
    );
    db.query_all_raw(Statement::from_sql_and_values(
        backend,
        sql,
        [root.0.into(), on.into(), on.into()],
    ))
    .await
    .unwrap()
    .len()
}

fn count(nodes: &[antt_store::units::TreeNode]) -> usize {
    nodes.iter().map(|n| 1 + count(&n.children)).sum()
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let scale = match std::env::var("ANTT_BENCH_SCALE").as_deref() {
        Ok("province") => Scale::Province,
        _ => Scale::National,
    };
    let mut loaded = Vec::new();
    let dir = tempfile::tempdir().unwrap();
    let url = DbUrl::sqlite_file(&dir.path().join("antt.db"));
    loaded.push(rt.block_on(load("sqlite", url, Some(dir), scale)));
    if let Ok(pg) = std::env::var("ANTT_TEST_PG_URL") {
        let name = format!("antt_bench_{}", uuid::Uuid::now_v7().simple());
        let url = rt
            .block_on(antt_store::create_postgres_database(
                &DbUrl::parse(&pg).unwrap(),
                &name,
            ))
            .unwrap();
        loaded.push(rt.block_on(load("postgres", url, None, scale)));
    }
    let on = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let actor = Actor::system("bench");
    for l in &loaded {
        let s = &l.store;
        let commune = rt.block_on(s.unit_by_code(&actor, "30050")).unwrap();
        let province = rt.block_on(s.unit_by_code(&actor, "79")).unwrap();
        // Both sides fetch the same rows: check it once, so the comparison is fair.
        let o = rt.block_on(s.overview(&actor, commune, on)).unwrap();
        let members: usize = o.teams.iter().map(|t| t.team.members.len()).sum();
        let bare_rows = rt.block_on(bare_overview(s, commune, on));
        let tree = count(
            &rt.block_on(s.unit_subtree(&actor, on, Some(province)))
                .unwrap(),
        );
        let bare_tree_rows = rt.block_on(bare_tree(s, province, on));
        eprintln!(
            "[{}] commune 30050: {} teams, {} members (bare: {bare_rows} rows); province 79 tree: {tree} units (bare: {bare_tree_rows})",
            l.name,
            o.teams.len(),
            members
        );
        assert_eq!(tree, bare_tree_rows, "the same tree both ways");
        let mut g = c.benchmark_group(format!("national_{}", l.name));
        g.sample_size(20);
        g.measurement_time(Duration::from_secs(8));
        g.bench_function("overview/store", |b| {
            b.iter(|| rt.block_on(s.overview(&actor, commune, on)).unwrap())
        });
        g.bench_function("overview/bare", |b| {
            b.iter(|| rt.block_on(bare_overview(s, commune, on)))
        });
        g.bench_function("tree/store", |b| {
            b.iter(|| {
                rt.block_on(s.unit_subtree(&actor, on, Some(province)))
                    .unwrap()
            })
        });
        g.bench_function("tree/bare", |b| {
            b.iter(|| rt.block_on(bare_tree(s, province, on)))
        });
        g.finish();
    }
    eprintln!(
        "peak RSS of the process holding the data: {} MiB",
        peak_rss_mib()
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
