//! The real application beside a bare handler, for `bench/national.sh`: `/bare/commune` runs the
//! SQL that fetches the rows a commune's overview and teams page read (teams, their villages,
//! members and people, the villages' facts) and answers `size` bytes, with no scope check, no
//! policy, no rendering. The ratio of a real page to it is what the product adds to the engine.
//!
//! Usage: bare_pages DATABASE_URL 127.0.0.1:PORT

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // benchmark code

use axum::extract::{Query, State};
use axum::routing::get;
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde::Deserialize;

#[derive(Deserialize)]
struct Bare {
    commune: String,
    size: usize,
}

async fn bare(State(store): State<antt_store::Store>, Query(q): Query<Bare>) -> Vec<u8> {
    let db = store.raw_connection();
    let backend = db.get_database_backend();
    let p = |n: usize| match backend {
        DbBackend::Postgres => format!("${n}"),
        _ => format!("?{n}"),
    };
    let on = store.clock().today_vn();
    let id: uuid::Uuid = db
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            format!("SELECT id FROM unit WHERE code = {}", p(1)),
            [q.commune.into()],
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get("", "id")
        .unwrap();
    let in_force = |a: &str| {
        format!(
            "{a}.valid_from <= {} AND ({a}.valid_to IS NULL OR {a}.valid_to >= {})",
            p(2),
            p(2)
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
                in_force("v")
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
                in_force("f")
            ),
            true,
        ),
    ];
    let mut rows = 0;
    for (sql, dated) in queries {
        let values: Vec<sea_orm::Value> = if dated {
            vec![id.into(), on.into()]
        } else {
            vec![id.into()]
        };
        rows += db
            .query_all_raw(Statement::from_sql_and_values(backend, sql, values))
            .await
            .unwrap()
            .len();
    }
    let mut body = format!("{rows}\n").into_bytes();
    body.resize(q.size.max(body.len()), b' ');
    body
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let url = antt_store::DbUrl::parse(&args.next().expect("DATABASE_URL")).unwrap();
    let listen = args.next().unwrap_or_else(|| "127.0.0.1:18095".into());
    let store = antt_store::Store::open(&url, antt_store::Clock::System)
        .await
        .unwrap();
    let app = antt_web::router(antt_web::AppState::new(store.clone(), false, true)).merge(
        axum::Router::new()
            .route("/bare/commune", get(bare))
            .with_state(store),
    );
    let listener = tokio::net::TcpListener::bind(&listen).await.unwrap();
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .await
    .unwrap();
}
