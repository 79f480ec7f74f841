//! The API's description (OpenAPI 3.1), generated. Each capability's `Doc` lists its handlers,
//! whose `#[utoipa::path]` attributes give the method, path, parameters, body and answers, and
//! whose request and response types give the schemas. [`document`] merges them and adds what every
//! operation shares: the two ways to log in and the error answers every route can give.

use std::sync::OnceLock;

use utoipa::OpenApi;
use utoipa::openapi::security::{
    ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder};

use crate::error::PublicError;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "ANTT Cơ sở API",
        version = "1",
        description = "API quản lý lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở. Xác thực bằng cookie phiên (kèm tiêu đề X-CSRF-Token cho yêu cầu ghi) hoặc Authorization: Bearer <khóa API>. Lỗi trả về {error, message, field?} với mã lỗi ổn định và thông điệp tiếng Việt."
    ),
    servers((url = "/api/v1")),
    paths(crate::api::openapi_get),
    components(schemas(PublicError))
)]
struct Root;

/// The error answers, each a reusable response of the document.
const ANSWERS: &[(&str, &str)] = &[
    (
        "BadRequest",
        "Thân yêu cầu hoặc tham số không đọc được (JSON sai, quá lớn, không phải UTF-8)",
    ),
    (
        "Unauthenticated",
        "Chưa đăng nhập, hoặc khóa API không hợp lệ hay đã thu hồi",
    ),
    (
        "Forbidden",
        "Vai trò không được phép, ngoài thẩm quyền, hoặc thiếu mã CSRF",
    ),
    ("NotFound", "Không tìm thấy, hoặc ngoài phạm vi"),
    (
        "Invalid",
        "Dữ liệu không hợp lệ (mã lỗi ổn định và trường bị lỗi), hoặc thiếu quy định (policy_gap)",
    ),
    (
        "Throttled",
        "Đăng nhập sai quá nhiều lần; thông điệp nói đến khi nào",
    ),
    (
        "Busy",
        "Đang có quá nhiều tệp được nhập cùng lúc; thử lại sau",
    ),
];

/// The error answer named `name`, as a path attribute's `response = …` refers to it.
macro_rules! answer {
    ($($name:ident),+) => {
        $(
            #[doc = concat!("The reusable `", stringify!($name), "` error answer.")]
            pub struct $name;
            impl<'s> utoipa::ToResponse<'s> for $name {
                fn response() -> (&'s str, RefOr<Response>) {
                    (stringify!($name), RefOr::Ref(Ref::from_response_name(stringify!($name))))
                }
            }
        )+
    };
}
answer!(Forbidden, NotFound, Invalid, Throttled, Busy);

fn error_answer(description: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Error")))
                .build(),
        )
        .build()
}

/// Every capability's part of the document.
fn parts() -> Vec<utoipa::openapi::OpenApi> {
    vec![
        crate::inbox::Doc::openapi(),
        crate::units::Doc::openapi(),
        crate::users::Doc::openapi(),
        crate::audit::Doc::openapi(),
        crate::force::Doc::openapi(),
        crate::payroll::Doc::openapi(),
        crate::insurance::Doc::openapi(),
        crate::budget::Doc::openapi(),
        crate::selection::Doc::openapi(),
        crate::policy::Doc::openapi(),
        crate::calendar::Doc::openapi(),
        crate::roster_import::Doc::openapi(),
        crate::forms::Doc::openapi(),
    ]
}

/// The whole document.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = Root::openapi();
    for part in parts() {
        doc.merge(part);
    }
    let components = doc.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "cookieAuth",
        SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
            crate::auth::SESSION_COOKIE,
        ))),
    );
    components.add_security_scheme(
        "bearerAuth",
        SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
    );
    for (name, description) in ANSWERS {
        components
            .responses
            .insert((*name).to_string(), RefOr::T(error_answer(description)));
    }
    doc.security = Some(vec![
        SecurityRequirement::new("cookieAuth", Vec::<String>::new()),
        SecurityRequirement::new("bearerAuth", Vec::<String>::new()),
    ]);
    let refer = |name: &str| RefOr::Ref(Ref::from_response_name(name));
    for (path, item) in doc.paths.paths.iter_mut() {
        for op in [
            &mut item.get,
            &mut item.post,
            &mut item.put,
            &mut item.patch,
            &mut item.delete,
        ]
        .into_iter()
        .flatten()
        {
            // `security(())` on a path marks it public; OpenAPI says so with an empty list.
            let public = op
                .security
                .as_ref()
                .is_some_and(|s| s.iter().all(|r| *r == SecurityRequirement::default()));
            if public {
                op.security = Some(Vec::new());
            }
            if path == "/openapi.json" {
                continue;
            }
            // Every operation reads its input through the same extractors, and every one behind a
            // login through the same guard: these answers are structural, so they are added here.
            let answers = &mut op.responses.responses;
            answers
                .entry("400".into())
                .or_insert_with(|| refer("BadRequest"));
            answers
                .entry("404".into())
                .or_insert_with(|| refer("NotFound"));

            if !public {
                answers
                    .entry("401".into())
                    .or_insert_with(|| refer("Unauthenticated"));
                answers
                    .entry("403".into())
                    .or_insert_with(|| refer("Forbidden"));
            }
        }
    }
    doc
}

/// The document as served, built once.
pub fn json() -> &'static str {
    static JSON: OnceLock<String> = OnceLock::new();
    JSON.get_or_init(|| {
        document()
            .to_pretty_json()
            .unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    })
}
