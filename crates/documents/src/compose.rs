//! A [`Document`] as a flow of styled paragraphs and grids, shared by the DOCX and PDF writers
//! so both files carry the same sizes, styles and order. Sizes are in points.

use unicode_normalization::UnicodeNormalization;

use crate::fonts::{Face, Fonts};
use crate::official::{Block, Document, Letterhead, Signature, Table, upper};

/// A4 in points (210 × 297 mm).
pub(crate) const PAGE_W: f32 = 595.28;
pub(crate) const PAGE_H: f32 = 841.89;
/// A4 in twentieths of a point, as Word writes it.
pub(crate) const PAGE_W_TW: u32 = 11906;
pub(crate) const PAGE_H_TW: u32 = 16838;
/// Margins: top and bottom 20 mm, left 30 mm, right 15 mm (NĐ 30/2020 Phụ lục I).
pub(crate) const MARGIN_TOP_TW: u32 = 1134;
pub(crate) const MARGIN_BOTTOM_TW: u32 = 1134;
pub(crate) const MARGIN_LEFT_TW: u32 = 1701;
pub(crate) const MARGIN_RIGHT_TW: u32 = 851;
/// Distance of the page number's line from the top edge: 10 mm.
pub(crate) const HEADER_TW: u32 = 567;

pub(crate) fn tw_to_pt(tw: u32) -> f32 {
    // Twips are small integers: the conversion is exact in f32.
    u16::try_from(tw).map(f32::from).unwrap_or(0.0) / 20.0
}

/// The sheet a document is printed on: A4 portrait, or A4 landscape for a list whose table
/// would wrap every name on a portrait page. The margins stay those of NĐ 30/2020 (binding on the
/// left), turned with the sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Page {
    pub w_tw: u32,
    pub h_tw: u32,
}

impl Page {
    pub(crate) fn of(doc: &Document) -> Page {
        if doc.landscape {
            Page {
                w_tw: PAGE_H_TW,
                h_tw: PAGE_W_TW,
            }
        } else {
            Page {
                w_tw: PAGE_W_TW,
                h_tw: PAGE_H_TW,
            }
        }
    }

    /// Width and height in points.
    pub(crate) fn size(self) -> (f32, f32) {
        if self.w_tw > self.h_tw {
            (PAGE_H, PAGE_W)
        } else {
            (PAGE_W, PAGE_H)
        }
    }

    pub(crate) fn text_width_tw(self) -> u32 {
        self.w_tw - MARGIN_LEFT_TW - MARGIN_RIGHT_TW
    }

    /// The text width in points.
    pub(crate) fn text_width(self) -> f32 {
        tw_to_pt(self.text_width_tw())
    }
}

/// Body text size.
pub(crate) const BODY: f32 = 14.0;
/// Page number size.
pub(crate) const PAGE_NUMBER: f32 = 13.0;
/// First-line indent: 1.27 cm.
pub(crate) const INDENT: f32 = 36.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Center,
    Justify,
}

#[derive(Debug, Clone)]
pub(crate) struct Span {
    pub text: String,
    pub face: Face,
    pub underline: bool,
}

fn span(text: &str, face: Face) -> Span {
    Span {
        text: text.nfc().collect(),
        face,
        underline: false,
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Para {
    pub spans: Vec<Span>,
    pub size: f32,
    pub align: Align,
    pub first_indent: f32,
    pub left_indent: f32,
    pub before: f32,
    pub after: f32,
    /// A short centred rule under the text, this long (points).
    pub rule: Option<f32>,
    /// Fill the rest of the last line with dots (a blank to write in).
    pub dots: bool,
    /// Keep on the same page as what follows.
    pub keep_next: bool,
}

impl Para {
    fn new(spans: Vec<Span>, size: f32, align: Align) -> Para {
        Para {
            spans,
            size,
            align,
            first_indent: 0.0,
            left_indent: 0.0,
            before: 0.0,
            after: 0.0,
            rule: None,
            dots: false,
            keep_next: false,
        }
    }

    fn one(text: &str, face: Face, size: f32, align: Align) -> Para {
        Para::new(vec![span(text, face)], size, align)
    }

    fn body(spans: Vec<Span>) -> Para {
        let mut p = Para::new(spans, BODY, Align::Justify);
        p.first_indent = INDENT;
        p.after = 6.0;
        p
    }

    fn before(mut self, pt: f32) -> Para {
        self.before = pt;
        self
    }

    fn after(mut self, pt: f32) -> Para {
        self.after = pt;
        self
    }
}

/// Rows of cells, each cell a column of paragraphs.
#[derive(Debug, Clone)]
pub(crate) struct Grid {
    /// Column widths as fractions of the text width.
    pub widths: Vec<f32>,
    pub rows: Vec<Vec<Vec<Para>>>,
    pub borders: bool,
    /// Rows repeated at the top of each page.
    pub header_rows: usize,
    /// Never split across pages.
    pub keep_together: bool,
    pub before: f32,
    pub after: f32,
}

#[derive(Debug, Clone)]
pub(crate) enum Flow {
    Para(Para),
    Grid(Grid),
}

/// The flow of `doc`.
pub(crate) fn compose(doc: &Document, fonts: &Fonts) -> Vec<Flow> {
    let width = Page::of(doc).text_width();
    let mut out = Vec::new();
    header(doc.letterhead.as_ref(), fonts, width, &mut out);

    if !doc.title.trim().is_empty() {
        let mut p = Para::one(doc.title.trim(), Face::Bold, BODY, Align::Center).before(18.0);
        p.keep_next = true;
        if doc.summary.is_none() {
            p.after = 6.0;
        }
        out.push(Flow::Para(p));
    }
    if let Some(summary) = &doc.summary {
        let mut p = Para::one(summary.trim(), Face::Bold, BODY, Align::Center).after(8.0);
        p.keep_next = true;
        p.rule = Some(rule_length(fonts, &p, 1.0 / 3.0, width));
        out.push(Flow::Para(p));
    }
    if let Some(authority) = &doc.authority {
        let mut p = Para::one(&upper(authority.trim()), Face::Bold, BODY, Align::Center)
            .before(10.0)
            .after(8.0);
        p.keep_next = true;
        out.push(Flow::Para(p));
    }
    match doc.addressee.as_slice() {
        [] => {}
        [one] => out.push(Flow::Para(
            Para::one(
                &format!("Kính gửi: {}", one.trim()),
                Face::Regular,
                BODY,
                Align::Center,
            )
            .before(10.0)
            .after(10.0),
        )),
        many => {
            out.push(Flow::Para(
                Para::one("Kính gửi:", Face::Regular, BODY, Align::Center).before(10.0),
            ));
            for (i, a) in many.iter().enumerate() {
                let end = if i + 1 == many.len() { "." } else { ";" };
                let mut p = Para::one(
                    &format!("- {}{end}", a.trim().trim_end_matches([';', '.'])),
                    Face::Regular,
                    BODY,
                    Align::Left,
                );
                p.left_indent = 130.0;
                if i + 1 == many.len() {
                    p.after = 10.0;
                }
                out.push(Flow::Para(p));
            }
        }
    }
    for basis in &doc.bases {
        out.push(Flow::Para(Para::body(vec![span(
            basis.trim(),
            Face::Italic,
        )])));
    }
    for block in &doc.blocks {
        out.push(self::block(block, fonts, width));
    }
    // The signature never stands alone on a page: the last paragraph goes with it.
    if !doc.signatures.is_empty()
        && let Some(Flow::Para(last)) = out.last_mut()
    {
        last.keep_next = true;
    }
    closing(doc, &mut out);
    out
}

/// A short rule: `share` of the text's width, the text being at most `column` wide.
fn rule_length(fonts: &Fonts, p: &Para, share: f32, column: f32) -> f32 {
    let width = p
        .spans
        .iter()
        .map(|s| fonts.width(s.face, &s.text, p.size))
        .sum::<f32>()
        .min(column);
    (width * share).max(30.0)
}

fn motto() -> (Para, Para) {
    let nation = Para::one(
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        Face::Bold,
        12.0,
        Align::Center,
    );
    let mut motto = Para::one(
        "Độc lập - Tự do - Hạnh phúc",
        Face::Bold,
        13.0,
        Align::Center,
    );
    for s in &mut motto.spans {
        s.underline = true;
    }
    (nation, motto)
}

/// Share of the text width taken by the header's left column.
const HEADER_LEFT: f32 = 0.42;

fn header(lh: Option<&Letterhead>, fonts: &Fonts, width: f32, out: &mut Vec<Flow>) {
    let (nation, motto) = motto();
    let Some(lh) = lh else {
        out.push(Flow::Para(nation));
        out.push(Flow::Para(motto.after(6.0)));
        return;
    };
    let mut left = Vec::new();
    if let Some(g) = lh.governing.as_deref().filter(|g| !g.trim().is_empty()) {
        left.push(Para::one(
            &upper(g.trim()),
            Face::Regular,
            12.0,
            Align::Center,
        ));
    }
    let mut issuer = Para::one(&upper(lh.issuer.trim()), Face::Bold, 12.0, Align::Center);
    issuer.rule = Some(rule_length(fonts, &issuer, 0.4, HEADER_LEFT * width));
    left.push(issuer);
    let right = vec![nation, motto];
    let mut rows = vec![vec![left, right]];
    let number = lh.number_line();
    if number.is_some() || lh.dated.is_some() {
        let n = number
            .map(|n| vec![Para::one(&n, Face::Regular, 13.0, Align::Center).before(4.0)])
            .unwrap_or_default();
        let d = lh
            .dated
            .as_ref()
            .map(|d| vec![Para::one(&d.text(), Face::Italic, 13.0, Align::Center).before(4.0)])
            .unwrap_or_default();
        rows.push(vec![n, d]);
    }
    out.push(Flow::Grid(Grid {
        widths: vec![HEADER_LEFT, 1.0 - HEADER_LEFT],
        rows,
        borders: false,
        header_rows: 0,
        keep_together: true,
        before: 0.0,
        after: 0.0,
    }));
}

fn block(b: &Block, fonts: &Fonts, width: f32) -> Flow {
    match b {
        Block::Paragraph(t) => Flow::Para(Para::body(vec![span(t.trim(), Face::Regular)])),
        Block::Article { label, text } => Flow::Para(Para::body(vec![
            span(label.trim(), Face::Bold),
            span(&format!(" {}", text.trim()), Face::Regular),
        ])),
        Block::Heading(t) => {
            let mut p = Para::one(t.trim(), Face::Bold, BODY, Align::Center)
                .before(6.0)
                .after(6.0);
            p.keep_next = true;
            Flow::Para(p)
        }
        Block::Section(t) => {
            let mut p = Para::body(vec![span(t.trim(), Face::Bold)]).before(4.0);
            p.align = Align::Left;
            p.keep_next = true;
            Flow::Para(p)
        }
        Block::Note(t) => Flow::Para(Para::body(vec![span(t.trim(), Face::Italic)])),
        Block::Field { label, value } => {
            let label = label.trim().trim_end_matches(':');
            let mut p = match value {
                Some(v) => Para::body(vec![span(&format!("{label}: {}", v.trim()), Face::Regular)]),
                None => {
                    let mut p = Para::body(vec![span(&format!("{label}: "), Face::Regular)]);
                    p.dots = true;
                    p
                }
            };
            p.align = Align::Left;
            p.after = 3.0;
            Flow::Para(p)
        }
        Block::Table(t) => Flow::Grid(table(t, fonts, width)),
    }
}

/// Cell padding of bordered tables, each side (points).
pub(crate) const CELL_PAD: f32 = 3.0;

/// Column widths as fractions of the text width, as a browser lays out an automatic table:
/// every column gets at least its longest word (a date, a CCCD, a header word such as "STT");
/// the space left goes to the columns whose cells would otherwise wrap, in proportion to how much
/// they need; any space left after that follows the caller's relative widths.
fn fit_widths(t: &Table, fonts: &Fonts, size: f32, total: f32) -> Vec<f32> {
    let pad = 2.0 * CELL_PAD + 1.0;
    let longest_word = |face: Face, text: &str| {
        text.split_whitespace()
            .map(|word| fonts.width(face, word, size))
            .fold(0.0_f32, f32::max)
    };
    let longest_line = |text: &str| {
        text.split('\n')
            .map(|line| fonts.width(Face::Regular, line.trim(), size))
            .fold(0.0_f32, f32::max)
    };
    let cells = |i: usize| t.rows.iter().filter_map(move |r| r.get(i));
    let min: Vec<f32> = t
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            cells(i)
                .map(|cell| longest_word(Face::Regular, cell))
                .fold(longest_word(Face::Bold, &c.header), f32::max)
                + pad
        })
        .collect();
    let max: Vec<f32> = min
        .iter()
        .enumerate()
        .map(|(i, m)| {
            cells(i)
                .map(|cell| longest_line(cell) + pad)
                .fold(*m, f32::max)
        })
        .collect();
    let (sum_min, sum_max): (f32, f32) = (min.iter().sum(), max.iter().sum());
    let weights: f32 = t.columns.iter().map(|c| f32::from(c.width.max(1))).sum();
    let w: Vec<f32> = if sum_max <= total {
        let extra = total - sum_max;
        max.iter()
            .zip(&t.columns)
            .map(|(m, c)| m + extra * f32::from(c.width.max(1)) / weights.max(1.0))
            .collect()
    } else if sum_min <= total {
        let share = (total - sum_min) / (sum_max - sum_min).max(0.01);
        min.iter()
            .zip(&max)
            .map(|(lo, hi)| lo + (hi - lo) * share)
            .collect()
    } else {
        min.iter().map(|m| m * total / sum_min).collect()
    };
    w.iter().map(|a| a / total).collect()
}

fn table(t: &Table, fonts: &Fonts, width: f32) -> Grid {
    let size = if t.columns.len() >= 9 { 11.0 } else { 12.0 };
    let widths = fit_widths(t, fonts, size, width);
    let cell = |text: &str, face: Face, center: bool| {
        text.split('\n')
            .map(|line| {
                Para::one(
                    line.trim(),
                    face,
                    size,
                    if center { Align::Center } else { Align::Left },
                )
                .before(1.5)
                .after(1.5)
            })
            .collect::<Vec<_>>()
    };
    let mut rows = vec![
        t.columns
            .iter()
            .map(|c| cell(&c.header, Face::Bold, true))
            .collect::<Vec<_>>(),
    ];
    for r in &t.rows {
        rows.push(
            t.columns
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    cell(
                        r.get(i).map(String::as_str).unwrap_or(""),
                        Face::Regular,
                        c.center,
                    )
                })
                .collect(),
        );
    }
    Grid {
        widths,
        rows,
        borders: true,
        header_rows: 1,
        keep_together: false,
        before: 6.0,
        after: 8.0,
    }
}

fn signature_cell(s: &Signature) -> Vec<Para> {
    let mut cell = Vec::new();
    if let Some(d) = &s.dated {
        cell.push(Para::one(&d.text(), Face::Italic, BODY, Align::Center).after(2.0));
    }
    if let Some(p) = s.prefix.as_deref().filter(|p| !p.trim().is_empty()) {
        cell.push(Para::one(&upper(p.trim()), Face::Bold, BODY, Align::Center));
    }
    cell.push(Para::one(
        &upper(s.title.trim()),
        Face::Bold,
        BODY,
        Align::Center,
    ));
    if let Some(n) = s.note.as_deref().filter(|n| !n.trim().is_empty()) {
        cell.push(Para::one(n.trim(), Face::Italic, 13.0, Align::Center));
    }
    cell.push(Para::one(s.name.trim(), Face::Bold, BODY, Align::Center).before(66.0));
    cell
}

fn recipients_cell(recipients: &[String]) -> Vec<Para> {
    let mut cell = vec![Para::one("Nơi nhận:", Face::BoldItalic, 12.0, Align::Left)];
    for (i, r) in recipients.iter().enumerate() {
        let end = if i + 1 == recipients.len() { "." } else { ";" };
        let text = r.trim().trim_start_matches('-').trim();
        let text = text.strip_suffix(['.', ';']).unwrap_or(text).trim_end();
        cell.push(Para::one(
            &format!("- {text}{end}"),
            Face::Regular,
            11.0,
            Align::Left,
        ));
    }
    cell
}

fn closing(doc: &Document, out: &mut Vec<Flow>) {
    let grid = |widths: Vec<f32>, row: Vec<Vec<Para>>| {
        Flow::Grid(Grid {
            widths,
            rows: vec![row],
            borders: false,
            header_rows: 0,
            keep_together: true,
            before: 10.0,
            after: 6.0,
        })
    };
    match doc.signatures.as_slice() {
        [] => {
            if !doc.recipients.is_empty() {
                out.push(grid(vec![1.0], vec![recipients_cell(&doc.recipients)]));
            }
        }
        [one] => {
            let left = if doc.recipients.is_empty() {
                Vec::new()
            } else {
                recipients_cell(&doc.recipients)
            };
            out.push(grid(vec![0.45, 0.55], vec![left, signature_cell(one)]));
        }
        many => {
            let n = u16::try_from(many.len()).map(f32::from).unwrap_or(1.0);
            out.push(grid(
                many.iter().map(|_| 1.0 / n).collect(),
                many.iter().map(signature_cell).collect(),
            ));
            if !doc.recipients.is_empty() {
                out.push(grid(vec![1.0], vec![recipients_cell(&doc.recipients)]));
            }
        }
    }
}
