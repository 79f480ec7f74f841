//! Prints the generated OpenAPI document (`cargo run -p antt-web --example dump_openapi > docs/openapi.json`).
fn main() {
    println!("{}", antt_web::openapi::json());
}
