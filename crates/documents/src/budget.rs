//! Dự toán as a workbook: the lines with their formulas, the estimate and, once settled
//! against, what was paid; the total and its words. No official template was found (BUD-4):
//! the sheet says the layout is the product's.

use antt_domain::budget::Estimate;
use antt_domain::money::Dong;
use chrono::NaiveDate;

use crate::DocumentError;
use crate::xlsx::{Cell, table};

/// The estimate (or settlement) of a commune as XLSX, amounts as numbers.
pub fn budget_xlsx(
    commune_name: &str,
    counted_on: NaiveDate,
    estimate: &Estimate,
) -> Result<Vec<u8>, DocumentError> {
    #[allow(clippy::cast_precision_loss)] // đồng amounts are far below 2^53
    let money = |d: Option<Dong>| d.map_or(Cell::Empty, |d| Cell::Number(d.0 as f64));
    let rows: Vec<Vec<Cell>> = estimate
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            vec![
                Cell::Number(f64::from(u32::try_from(i + 1).unwrap_or(0))),
                Cell::Text(l.label.clone()),
                Cell::Text(l.formula.clone()),
                money(l.dong),
                money(l.actual),
            ]
        })
        .collect();
    let totals = vec![
        Cell::Empty,
        Cell::Text("Tổng cộng".into()),
        Cell::Text(estimate.total_in_words.clone()),
        money(Some(estimate.total)),
        money(estimate.actual),
    ];
    let mut lines = vec![format!(
        "Thành viên tính theo danh sách ngày {}; cách lập do phần mềm đề xuất, chưa có mẫu chính thức.",
        counted_on.format("%d/%m/%Y")
    )];
    if estimate.illustrative {
        lines.push("MINH HỌA — có số liệu từ gói quy định giả lập.".into());
    }
    if let Some(g) = &estimate.gap {
        lines.push(format!("CHƯA ĐỦ SỐ LIỆU: {}", g.message_vi()));
    }
    table(
        "Dự toán",
        &format!(
            "DỰ TOÁN KINH PHÍ TỔ BẢO VỆ AN NINH, TRẬT TỰ NĂM {} — {}",
            estimate.year, commune_name
        ),
        &lines,
        &[
            ("STT", 6.0),
            ("Nội dung", 40.0),
            ("Cách tính", 60.0),
            ("Dự toán (đồng)", 16.0),
            ("Thực hiện (đồng)", 16.0),
        ],
        &rows,
        Some(&totals),
    )
}
