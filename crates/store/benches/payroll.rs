//! The monthly payroll at the country's size (`antt demo --scale national`), against a bare SQL
//! aggregate over the same rows in the same run:
//!
//! - `province/store` — `payroll_rollup` of province 79 for November 2026: every commune's
//!   payroll computed afresh (members, periods, the policy of each commune, the partial-month
//!   rule, the totals and words), as `antt payroll run --unit 79` does;
//!   `province/bare` — one `GROUP BY` over the same memberships (commune × role, in post some day
//!   of the month), nothing computed;
//! - the whole country, timed once each way (34 provinces, every commune), printed.
//!
//! SQLite always; PostgreSQL too when `ANTT_TEST_PG_URL` is set. `ANTT_BENCH_SCALE=province`
//! for a quick run. Run: `cargo bench -p antt-store --bench payroll`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // benchmark code

use std::time::{Duration, Instant};

use antt_domain::payroll::Month;
use antt_domain::unit::{Level, UnitId};
use antt_store::national::Scale;
use antt_store::{Actor, Clock, DbUrl, Store};
use criterion::{Criterion, criterion_group, criterion_main};
use sea_orm::{ConnectionTrait, DbBackend, Statement};

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
        "[{name}] loaded {} communes, {} teams, {} people in {:.1} s",
        report.communes,
        report.teams,
        report.people,
        started.elapsed().as_secs_f64()
    );
    Loaded {
        name,
        store,
        _dir: dir,
    }
}

/// Memberships in post some day of the month, by commune and role: under `unit`, or everywhere.
async fn bare(store: &Store, unit: Option<UnitId>, month: Month) -> (usize, i64) {
    let db = store.raw_connection();
    let backend = db.get_database_backend();
    let p = |n: usize| match backend {
        DbBackend::Postgres => format!("${n}"),
        _ => format!("?{n}"),
    };
    let under = if unit.is_some() {
        format!(
            "AND t.commune_id IN (SELECT descendant_id FROM unit_reach WHERE ancestor_id = {})",
            p(3)
        )
    } else {
        String::new()
    };
    let sql = format!(
        "SELECT t.commune_id, m.role, COUNT(*) AS n FROM membership m JOIN team t ON t.id = m.team_id \
         WHERE m.start_date <= {} AND (m.end_date IS NULL OR m.end_date >= {}) {under} \
         GROUP BY t.commune_id, m.role",
        p(1),
        p(2)
    );
    let mut values: Vec<sea_orm::Value> = vec![month.last_day().into(), month.first_day().into()];
    if let Some(u) = unit {
        values.push(u.0.into());
    }
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(backend, sql, values))
        .await
        .unwrap();
    let members: i64 = rows
        .iter()
        .map(|r| r.try_get::<i64>("", "n").unwrap_or(0))
        .sum();
    (rows.len(), members)
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
    let month = Month::new(2026, 11).unwrap();
    let actor = Actor::system("bench");
    for l in &loaded {
        let s = &l.store;
        let province = rt.block_on(s.unit_by_code(&actor, "79")).unwrap();
        let r = rt
            .block_on(s.payroll_rollup(&actor, province, month, |_, _| {}))
            .unwrap();
        let (groups, bare_members) = rt.block_on(bare(s, Some(province), month));
        let gaps = r.communes.iter().filter(|c| c.gap.is_some()).count();
        eprintln!(
            "[{}] province 79, {}: {} communes, {} members, total {} ({gaps} communes with a gap); bare: {groups} groups, {bare_members} memberships",
            l.name,
            month,
            r.communes.len(),
            r.members,
            r.total
        );
        let mut g = c.benchmark_group(format!("payroll_{}", l.name));
        g.sample_size(10);
        g.measurement_time(Duration::from_secs(15));
        g.bench_function("province/store", |b| {
            b.iter(|| {
                rt.block_on(s.payroll_rollup(&actor, province, month, |_, _| {}))
                    .unwrap()
            })
        });
        g.bench_function("province/bare", |b| {
            b.iter(|| rt.block_on(bare(s, Some(province), month)))
        });
        g.finish();
        // The whole country, once each way.
        let provinces = rt
            .block_on(s.search_units(&actor, month.last_day(), "", Some(Level::Province), 100))
            .unwrap();
        let started = Instant::now();
        let mut members = 0u64;
        let mut total = 0i64;
        let mut communes = 0usize;
        for p in &provinces {
            let r = rt
                .block_on(s.payroll_rollup(&actor, p.unit.id, month, |_, _| {}))
                .unwrap();
            members += u64::from(r.members);
            total += r.total.0;
            communes += r.communes.len();
        }
        let store_secs = started.elapsed().as_secs_f64();
        let started = Instant::now();
        let (_, bare_members) = rt.block_on(bare(s, None, month));
        let bare_secs = started.elapsed().as_secs_f64();
        eprintln!(
            "[{}] the country, {}: {} provinces, {communes} communes, {members} members, total {} đ in {store_secs:.1} s; bare aggregate {bare_members} memberships in {bare_secs:.3} s; ratio {:.4}",
            l.name,
            month,
            provinces.len(),
            total,
            bare_secs / store_secs
        );
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
