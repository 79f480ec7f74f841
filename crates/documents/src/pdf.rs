//! A [`Document`] as a PDF file, laid out here: glyph widths from the embedded Liberation Serif
//! faces (metric-compatible with Times New Roman), greedy line breaking, justified body text,
//! tables that break across pages with their header row repeated, a signature block kept whole,
//! and page numbers centred in the top margin from page 2.
//!
//! Fonts are embedded as subsets (TrueType outlines, `FontFile2`) of Type0/CIDFontType2 fonts
//! with `Identity-H` encoding and a `ToUnicode` map, so the text, Vietnamese diacritics included,
//! can be searched and copied. Text is normalised to NFC first; a character the font lacks is
//! drawn as the empty `.notdef` glyph. There is no kerning and no hyphenation. Nothing is read
//! from disk or network: the fonts are built into the binary.

use std::collections::BTreeMap;
use std::io::Write;

use flate2::Compression;
use flate2::write::ZlibEncoder;
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use subsetter::GlyphRemapper;

use crate::DocumentError;
use crate::compose::{
    self, Align, Flow, Grid, MARGIN_BOTTOM_TW, MARGIN_LEFT_TW, MARGIN_RIGHT_TW, MARGIN_TOP_TW,
    PAGE_NUMBER, Para, tw_to_pt,
};
use crate::fonts::{Face, Fonts};
use crate::official::Document;

/// Line height as a multiple of the font size ("single" spacing for Times New Roman).
const LEADING: f32 = 1.15;
/// Baseline below the top of a line, as a multiple of the size (the font's ascent).
const ASCENT: f32 = 0.891;
/// Cell padding in bordered tables.
const PAD: f32 = compose::CELL_PAD;

/// `doc` as the bytes of a PDF file.
pub fn render(doc: &Document) -> Result<Vec<u8>, DocumentError> {
    let fonts = Fonts::load()?;
    let flow = compose::compose(doc, &fonts);
    let mut layout = Layout::new(&fonts, compose::Page::of(doc));
    for (i, f) in flow.iter().enumerate() {
        match f {
            Flow::Para(p) => {
                // What must follow a paragraph kept with the next on the same page.
                let next = if p.keep_next {
                    layout.lead(&flow[i + 1..])
                } else {
                    0.0
                };
                layout.para_flow(p, next);
            }
            Flow::Grid(g) => layout.grid(g),
        }
    }
    layout.page_numbers();
    write(&fonts, layout, &doc.file_title())
}

/// One glyph run at a position, or a stroked line.
enum Item {
    Text {
        face: Face,
        size: f32,
        x: f32,
        /// Baseline, from the top of the page.
        y: f32,
        /// New glyph ids and extra space after each (points).
        glyphs: Vec<(u16, f32)>,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
    },
}

/// Glyphs of one face being gathered on a line: face, start, (glyph, extra space after).
type Run = (Face, f32, Vec<(u16, f32)>);

/// The glyphs used of each face: the subset's numbering and what each glyph stands for.
struct Used {
    remap: [GlyphRemapper; 4],
    unicode: [BTreeMap<u16, String>; 4],
    any: [bool; 4],
}

/// A word: pieces in one or more faces with no space between, then maybe a space.
struct Word {
    pieces: Vec<(Face, String, bool)>,
    width: f32,
    /// The face and width of the space after the word.
    space: Option<(Face, f32, bool)>,
}

/// A line of words and where it starts, ready to be placed.
struct Line {
    words: Vec<Word>,
    /// Offset from the paragraph's left edge.
    x: f32,
    /// Extra space added to each space (justification).
    stretch: f32,
}

struct LaidPara<'p> {
    para: &'p Para,
    lines: Vec<Line>,
    width: f32,
    height: f32,
}

struct Layout<'f> {
    fonts: &'f Fonts,
    used: Used,
    pages: Vec<Vec<Item>>,
    /// Top of the free space on the current page, from the top edge.
    y: f32,
    left: f32,
    width: f32,
    top: f32,
    bottom: f32,
    /// The sheet in points (A4, portrait or landscape).
    page_w: f32,
    page_h: f32,
}

impl<'f> Layout<'f> {
    fn new(fonts: &'f Fonts, page: compose::Page) -> Layout<'f> {
        let (page_w, page_h) = page.size();
        let left = tw_to_pt(MARGIN_LEFT_TW);
        let top = tw_to_pt(MARGIN_TOP_TW);
        Layout {
            fonts,
            used: Used {
                remap: Default::default(),
                unicode: Default::default(),
                any: [false; 4],
            },
            pages: vec![Vec::new()],
            y: top,
            left,
            width: page_w - left - tw_to_pt(MARGIN_RIGHT_TW),
            top,
            bottom: page_h - tw_to_pt(MARGIN_BOTTOM_TW),
            page_w,
            page_h,
        }
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = self.top;
    }

    fn at_page_top(&self) -> bool {
        (self.y - self.top).abs() < 0.01
    }

    fn push(&mut self, item: Item) {
        if let Some(page) = self.pages.last_mut() {
            page.push(item);
        }
    }

    fn words(&self, p: &Para) -> Vec<Vec<Word>> {
        // Paragraph text split at forced breaks ('\n'), then at spaces.
        let mut lines: Vec<Vec<Word>> = vec![Vec::new()];
        let mut current: Option<Word> = None;
        let size = p.size;
        for s in &p.spans {
            for c in s.text.chars() {
                match c {
                    '\n' => {
                        if let (Some(w), Some(l)) = (current.take(), lines.last_mut()) {
                            l.push(w);
                        }
                        lines.push(Vec::new());
                    }
                    ' ' | '\t' => {
                        let w = current.take().unwrap_or(Word {
                            pieces: Vec::new(),
                            width: 0.0,
                            space: None,
                        });
                        let sw = self.fonts.width(s.face, " ", size);
                        if let Some(l) = lines.last_mut() {
                            l.push(Word {
                                space: Some((s.face, sw, s.underline)),
                                ..w
                            });
                        }
                    }
                    c => {
                        let w = current.get_or_insert_with(|| Word {
                            pieces: Vec::new(),
                            width: 0.0,
                            space: None,
                        });
                        w.width += self.fonts.width(s.face, c.encode_utf8(&mut [0; 4]), size);
                        match w.pieces.last_mut() {
                            Some((f, t, _)) if *f == s.face => t.push(c),
                            _ => w.pieces.push((s.face, c.to_string(), s.underline)),
                        }
                    }
                }
            }
        }
        if let (Some(w), Some(l)) = (current.take(), lines.last_mut()) {
            l.push(w);
        }
        lines
    }

    /// Splits a word wider than `max` into pieces that fit.
    fn split_word(&self, w: Word, max: f32, size: f32) -> Vec<Word> {
        let mut out = Vec::new();
        let mut cur = Word {
            pieces: Vec::new(),
            width: 0.0,
            space: None,
        };
        for (face, text, ul) in w.pieces {
            for c in text.chars() {
                let cw = self.fonts.width(face, c.encode_utf8(&mut [0; 4]), size);
                if cur.width + cw > max && !cur.pieces.is_empty() {
                    out.push(std::mem::replace(
                        &mut cur,
                        Word {
                            pieces: Vec::new(),
                            width: 0.0,
                            space: None,
                        },
                    ));
                }
                cur.width += cw;
                match cur.pieces.last_mut() {
                    Some((f, t, _)) if *f == face => t.push(c),
                    _ => cur.pieces.push((face, c.to_string(), ul)),
                }
            }
        }
        cur.space = w.space;
        out.push(cur);
        out
    }

    /// Breaks `p` into lines in a column `width` wide.
    fn lay<'p>(&self, p: &'p Para, width: f32) -> LaidPara<'p> {
        let mut lines = Vec::new();
        let mut first = true;
        for segment in self.words(p) {
            let mut words: Vec<Word> = Vec::new();
            let mut line_width = 0.0_f32;
            let mut pending_space = 0.0_f32;
            let avail = |first: bool| {
                (width - p.left_indent - if first { p.first_indent } else { 0.0 }).max(10.0)
            };
            let mut queue: std::collections::VecDeque<Word> = segment.into();
            while let Some(w) = queue.pop_front() {
                let max = avail(first);
                if w.width > max {
                    for (i, piece) in self.split_word(w, max, p.size).into_iter().enumerate() {
                        queue.insert(i, piece);
                    }
                    continue;
                }
                if !words.is_empty() && line_width + pending_space + w.width > max {
                    lines.push(finish_line(
                        std::mem::take(&mut words),
                        line_width,
                        max,
                        p,
                        false,
                    ));
                    first = false;
                    line_width = 0.0;
                    pending_space = 0.0;
                }
                line_width += pending_space + w.width;
                pending_space = w.space.map(|s| s.1).unwrap_or(0.0);
                words.push(w);
            }
            lines.push(finish_line(words, line_width, avail(first), p, true));
            first = false;
        }
        let line_h = p.size * LEADING;
        let rule_h = if p.rule.is_some() { 6.0 } else { 0.0 };
        let count = u16::try_from(lines.len()).map(f32::from).unwrap_or(1.0);
        LaidPara {
            para: p,
            height: p.before + count * line_h + rule_h + p.after,
            lines,
            width,
        }
    }

    /// Draws a laid paragraph with its top at `y`, in the column starting at `x`.
    fn place(&mut self, lp: &LaidPara<'_>, x: f32, y: f32) {
        self.place_lines(lp, 0, lp.lines.len(), x, y);
    }

    /// Draws lines `from..to` of a laid paragraph with their top at `y` (the space before the
    /// paragraph only with its first line, the rule and the dots only with its last). Returns
    /// the height used.
    fn place_lines(&mut self, lp: &LaidPara<'_>, from: usize, to: usize, x: f32, y: f32) -> f32 {
        let p = lp.para;
        let size = p.size;
        let line_h = size * LEADING;
        let mut top = y + if from == 0 { p.before } else { 0.0 };
        let last = lp.lines.len();
        for (i, line) in lp.lines.iter().enumerate().take(to).skip(from) {
            let indent = p.left_indent + if i == 0 { p.first_indent } else { 0.0 };
            let base = top + size * ASCENT;
            let mut cx = x + indent + line.x;
            let mut run: Option<Run> = None;
            let mut underline: Vec<(f32, f32)> = Vec::new();
            let n = line.words.len();
            for (wi, w) in line.words.iter().enumerate() {
                for (face, text, ul) in &w.pieces {
                    let start = cx;
                    if run.as_ref().map(|r| r.0) != Some(*face) {
                        self.flush(run.take(), size, base);
                        run = Some((*face, cx, Vec::new()));
                    }
                    for c in text.chars() {
                        let (gid, adv) = self.glyph(*face, c, size);
                        if let Some(r) = run.as_mut() {
                            r.2.push((gid, 0.0));
                        }
                        cx += adv;
                    }
                    if *ul {
                        underline.push((start, cx));
                    }
                }
                if let Some((face, _, ul)) = w.space
                    && wi + 1 < n
                {
                    let start = cx;
                    if run.as_ref().map(|r| r.0) != Some(face) {
                        self.flush(run.take(), size, base);
                        run = Some((face, cx, Vec::new()));
                    }
                    let (gid, adv) = self.glyph(face, ' ', size);
                    if let Some(r) = run.as_mut() {
                        r.2.push((gid, line.stretch));
                    }
                    cx += adv + line.stretch;
                    if ul {
                        underline.push((start, cx));
                    }
                }
            }
            self.flush(run.take(), size, base);
            for (a, b) in merge(underline) {
                self.push(Item::Line {
                    x1: a,
                    y1: base + size * 0.12,
                    x2: b,
                    y2: base + size * 0.12,
                    width: size * 0.05,
                });
            }
            top += line_h;
            if p.dots && i + 1 == last {
                self.dots(cx, x + lp.width, base, size);
            }
        }
        if to >= last {
            if let Some(rule) = p.rule {
                let mid = x + lp.width / 2.0;
                let ry = top + 3.0;
                self.push(Item::Line {
                    x1: mid - rule / 2.0,
                    y1: ry,
                    x2: mid + rule / 2.0,
                    y2: ry,
                    width: 0.6,
                });
                top += 6.0;
            }
            top += p.after;
        }
        top - y
    }

    fn dots(&mut self, from: f32, to: f32, base: f32, size: f32) {
        let (gid, adv) = self.glyph(Face::Regular, '.', size);
        if adv <= 0.0 {
            return;
        }
        let start = from + adv;
        let mut glyphs = Vec::new();
        let mut x = start;
        while x + adv <= to {
            glyphs.push((gid, 0.0));
            x += adv;
        }
        if !glyphs.is_empty() {
            self.push(Item::Text {
                face: Face::Regular,
                size,
                x: start,
                y: base,
                glyphs,
            });
        }
    }

    fn flush(&mut self, run: Option<Run>, size: f32, base: f32) {
        if let Some((face, x, glyphs)) = run
            && !glyphs.is_empty()
        {
            self.push(Item::Text {
                face,
                size,
                x,
                y: base,
                glyphs,
            });
        }
    }

    /// The subset glyph id of `c` in `face`, and its advance at `size`.
    fn glyph(&mut self, face: Face, c: char, size: f32) -> (u16, f32) {
        let old = self.fonts.glyph(face, c);
        let adv = self.fonts.advance(face, old) * size / 1000.0;
        let i = face.index();
        let new = self.used.remap[i].remap(old);
        self.used.any[i] = true;
        if old != 0 {
            self.used.unicode[i]
                .entry(new)
                .or_insert_with(|| c.to_string());
        }
        (new, adv)
    }

    /// A top-level paragraph: kept whole when it fits, else flowed line by line over pages. `next`
    /// is the height that must follow it on the same page (see [`Layout::lead`]).
    fn para_flow(&mut self, p: &Para, next: f32) {
        let lp = self.lay(p, self.width);
        let line_h = p.size * LEADING;
        let room = self.bottom - self.y;
        let fits_with_next = lp.height + next <= room;
        let page = self.bottom - self.top;
        if !self.at_page_top()
            && ((p.keep_next && !fits_with_next && lp.height + next <= page)
                || (lp.height > room && p.before + 2.0 * line_h > room))
        {
            self.new_page();
        }
        let n = lp.lines.len();
        let mut i = 0;
        while i < n {
            let before = if i == 0 { p.before } else { 0.0 };
            let mut room = 0;
            let mut h = before;
            while i + room < n && self.y + h + line_h <= self.bottom + 0.01 {
                h += line_h;
                room += 1;
            }
            if room == 0 {
                if self.at_page_top() {
                    room = 1;
                } else {
                    self.new_page();
                    continue;
                }
            }
            let (x, y) = (self.left, self.y);
            let used = self.place_lines(&lp, i, i + room, x, y);
            self.y += used;
            i += room;
            if i < n {
                self.new_page();
            }
        }
    }

    /// The height the first flow of `rest` needs to start on a page: a paragraph's first two
    /// lines (or all of it and what it keeps with), a kept-together grid whole, a table's header
    /// and first row.
    fn lead(&self, rest: &[Flow]) -> f32 {
        match rest.first() {
            None => 0.0,
            Some(Flow::Para(p)) => {
                let lp = self.lay(p, self.width);
                if p.keep_next {
                    lp.height + self.lead(&rest[1..])
                } else {
                    lp.height.min(p.before + 2.0 * p.size * LEADING)
                }
            }
            Some(Flow::Grid(g)) => {
                let rows = self.lay_rows(g);
                let heights = rows.iter().map(|r| r.1);
                g.before
                    + if g.keep_together {
                        heights.sum::<f32>()
                    } else {
                        heights.take(g.header_rows + 1).sum::<f32>()
                    }
            }
        }
    }

    /// Every row of a grid laid out, with its height.
    fn lay_rows<'g>(&self, g: &'g Grid) -> Vec<(Vec<Vec<LaidPara<'g>>>, f32)> {
        let pad = if g.borders { PAD } else { 0.0 };
        let cols: Vec<f32> = g.widths.iter().map(|w| w * self.width).collect();
        g.rows
            .iter()
            .map(|row| {
                let cells: Vec<Vec<LaidPara<'_>>> = row
                    .iter()
                    .enumerate()
                    .map(|(c, cell)| {
                        let w = cols.get(c).copied().unwrap_or(0.0) - 2.0 * pad;
                        cell.iter().map(|p| self.lay(p, w.max(10.0))).collect()
                    })
                    .collect();
                let h = cells
                    .iter()
                    .map(|c| c.iter().map(|lp| lp.height).sum::<f32>())
                    .fold(0.0_f32, f32::max)
                    + 2.0 * pad;
                (cells, h)
            })
            .collect()
    }

    fn grid(&mut self, g: &Grid) {
        let pad = if g.borders { PAD } else { 0.0 };
        let cols: Vec<f32> = g.widths.iter().map(|w| w * self.width).collect();
        let rows = self.lay_rows(g);
        let header_h: f32 = rows.iter().take(g.header_rows).map(|r| r.1).sum();
        let total: f32 = rows.iter().map(|r| r.1).sum();
        self.y += g.before;
        if g.keep_together && self.y + total > self.bottom && !self.at_page_top() {
            self.new_page();
        }
        // A table whose header and first row do not fit starts on the next page.
        let first_body = rows.get(g.header_rows).map(|r| r.1).unwrap_or(0.0);
        if !g.keep_together && self.y + header_h + first_body > self.bottom && !self.at_page_top() {
            self.new_page();
        }
        for (r, (cells, h)) in rows.iter().enumerate() {
            if !g.keep_together
                && r >= g.header_rows
                && self.y + h > self.bottom
                && !self.at_page_top()
            {
                self.new_page();
                for (hc, hh) in rows.iter().take(g.header_rows) {
                    self.row(hc, *hh, &cols, g.borders, pad);
                }
            }
            self.row(cells, *h, &cols, g.borders, pad);
        }
        self.y += g.after;
    }

    fn row(&mut self, cells: &[Vec<LaidPara<'_>>], h: f32, cols: &[f32], borders: bool, pad: f32) {
        let mut x = self.left;
        let y = self.y;
        for (c, cell) in cells.iter().enumerate() {
            let w = cols.get(c).copied().unwrap_or(0.0);
            // Bordered cells centre their content vertically, as the DOCX does.
            let content: f32 = cell.iter().map(|lp| lp.height).sum();
            let mut cy = y
                + pad
                + if borders {
                    (h - 2.0 * pad - content) / 2.0
                } else {
                    0.0
                };
            for lp in cell {
                self.place(lp, x + pad, cy);
                cy += lp.height;
            }
            if borders {
                for (x1, y1, x2, y2) in [
                    (x, y, x + w, y),
                    (x, y + h, x + w, y + h),
                    (x, y, x, y + h),
                    (x + w, y, x + w, y + h),
                ] {
                    self.push(Item::Line {
                        x1,
                        y1,
                        x2,
                        y2,
                        width: 0.5,
                    });
                }
            }
            x += w;
        }
        self.y += h;
    }

    /// Page numbers, centred in the top margin, from page 2 (NĐ 30/2020).
    fn page_numbers(&mut self) {
        let count = self.pages.len();
        let base = tw_to_pt(MARGIN_TOP_TW) / 2.0 + PAGE_NUMBER * 0.35;
        for n in 2..=count {
            let text = n.to_string();
            let w = self.fonts.width(Face::Regular, &text, PAGE_NUMBER);
            let glyphs: Vec<(u16, f32)> = text
                .chars()
                .map(|c| (self.glyph(Face::Regular, c, PAGE_NUMBER).0, 0.0))
                .collect();
            if let Some(page) = self.pages.get_mut(n - 1) {
                page.push(Item::Text {
                    face: Face::Regular,
                    size: PAGE_NUMBER,
                    x: self.left + (self.width - w) / 2.0,
                    y: base,
                    glyphs,
                });
            }
        }
    }
}

fn finish_line(words: Vec<Word>, width: f32, avail: f32, p: &Para, last: bool) -> Line {
    let spaces = words
        .iter()
        .take(words.len().saturating_sub(1))
        .filter(|w| w.space.is_some())
        .count();
    let free = (avail - width).max(0.0);
    let (x, stretch) = match p.align {
        Align::Left => (0.0, 0.0),
        Align::Center => (free / 2.0, 0.0),
        Align::Justify if !last && spaces > 0 => {
            let n = u16::try_from(spaces).map(f32::from).unwrap_or(1.0);
            (0.0, free / n)
        }
        Align::Justify => (0.0, 0.0),
    };
    Line { words, x, stretch }
}

fn merge(mut segs: Vec<(f32, f32)>) -> Vec<(f32, f32)> {
    segs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<(f32, f32)> = Vec::new();
    for (a, b) in segs {
        match out.last_mut() {
            Some(last) if a <= last.1 + 0.01 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

fn deflate(data: &[u8]) -> Result<Vec<u8>, DocumentError> {
    let mut e = ZlibEncoder::new(Vec::new(), Compression::default());
    e.write_all(data)
        .map_err(|err| DocumentError::Pdf(err.to_string()))?;
    e.finish()
        .map_err(|err| DocumentError::Pdf(err.to_string()))
}

fn write(fonts: &Fonts, layout: Layout<'_>, title: &str) -> Result<Vec<u8>, DocumentError> {
    let mut next = 1;
    let mut alloc = || {
        let r = Ref::new(next);
        next += 1;
        r
    };
    let catalog = alloc();
    let tree = alloc();
    let info = alloc();
    let mut pdf = Pdf::new();
    pdf.set_version(1, 7);

    // Fonts: Type0 → CIDFontType2 → descriptor → subset FontFile2, and ToUnicode.
    let mut font_refs: [Option<Ref>; 4] = [None; 4];
    for face in Face::ALL {
        let i = face.index();
        if !layout.used.any[i] {
            continue;
        }
        let (type0, cid, desc, file, cmap) = (alloc(), alloc(), alloc(), alloc(), alloc());
        font_refs[i] = Some(type0);
        let remap = &layout.used.remap[i];
        let subset = subsetter::subset(face.data(), 0, remap)
            .map_err(|e| DocumentError::Font(format!("{}: {e:?}", face.postscript_name())))?;
        let tag = ["AAAAAA", "AAAAAB", "AAAAAC", "AAAAAD"][i];
        let base = format!("{tag}+{}", face.postscript_name());
        pdf.type0_font(type0)
            .base_font(Name(base.as_bytes()))
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(cid)
            .to_unicode(cmap);
        let widths: Vec<f32> = remap
            .remapped_gids()
            .map(|old| fonts.advance(face, old))
            .collect();
        let mut c = pdf.cid_font(cid);
        c.subtype(CidFontType::Type2)
            .base_font(Name(base.as_bytes()))
            .system_info(SystemInfo {
                registry: Str(b"Adobe"),
                ordering: Str(b"Identity"),
                supplement: 0,
            })
            .font_descriptor(desc)
            .default_width(0.0)
            .cid_to_gid_map_predefined(Name(b"Identity"));
        c.widths().consecutive(0, widths);
        c.finish();

        let ttf = fonts.face(face);
        let upem = f32::from(ttf.units_per_em().max(1));
        let scale = |v: i16| f32::from(v) * 1000.0 / upem;
        let bb = ttf.global_bounding_box();
        let mut flags = FontFlags::SERIF | FontFlags::NON_SYMBOLIC;
        if face.is_italic() {
            flags |= FontFlags::ITALIC;
        }
        pdf.font_descriptor(desc)
            .name(Name(base.as_bytes()))
            .flags(flags)
            .bbox(Rect::new(
                scale(bb.x_min),
                scale(bb.y_min),
                scale(bb.x_max),
                scale(bb.y_max),
            ))
            .italic_angle(ttf.italic_angle())
            .ascent(scale(ttf.ascender()))
            .descent(scale(ttf.descender()))
            .cap_height(scale(ttf.capital_height().unwrap_or(ttf.ascender())))
            .stem_v(if face.is_bold() { 140.0 } else { 80.0 })
            .font_file2(file);
        let packed = deflate(&subset)?;
        let len1 = i32::try_from(subset.len()).unwrap_or(i32::MAX);
        pdf.stream(file, &packed)
            .filter(Filter::FlateDecode)
            .pair(Name(b"Length1"), len1);

        let mut map = UnicodeCmap::new(
            Name(b"Custom"),
            SystemInfo {
                registry: Str(b"Adobe"),
                ordering: Str(b"UCS"),
                supplement: 0,
            },
        );
        for (gid, text) in &layout.used.unicode[i] {
            map.pair_with_multiple(*gid, text.chars());
        }
        let cmap_data = deflate(&map.finish())?;
        pdf.stream(cmap, &cmap_data).filter(Filter::FlateDecode);
    }

    let mut page_refs = Vec::new();
    for items in &layout.pages {
        let page = alloc();
        let content = alloc();
        page_refs.push(page);
        let mut c = Content::new();
        for item in items {
            match item {
                Item::Text {
                    face,
                    size,
                    x,
                    y,
                    glyphs,
                } => {
                    let name = font_name(*face);
                    c.begin_text();
                    c.set_font(Name(name.as_bytes()), *size);
                    c.set_text_matrix([1.0, 0.0, 0.0, 1.0, *x, layout.page_h - *y]);
                    let mut tj = c.show_positioned();
                    let mut items = tj.items();
                    let mut buf: Vec<u8> = Vec::new();
                    for (gid, extra) in glyphs {
                        buf.extend_from_slice(&gid.to_be_bytes());
                        if extra.abs() > 0.001 {
                            items.show(Str(&buf));
                            buf.clear();
                            items.adjust(-extra * 1000.0 / *size);
                        }
                    }
                    if !buf.is_empty() {
                        items.show(Str(&buf));
                    }
                    drop(items);
                    drop(tj);
                    c.end_text();
                }
                Item::Line {
                    x1,
                    y1,
                    x2,
                    y2,
                    width,
                } => {
                    c.set_line_width(*width);
                    c.move_to(*x1, layout.page_h - *y1);
                    c.line_to(*x2, layout.page_h - *y2);
                    c.stroke();
                }
            }
        }
        let data = deflate(&c.finish())?;
        pdf.stream(content, &data).filter(Filter::FlateDecode);
        let mut p = pdf.page(page);
        p.parent(tree)
            .media_box(Rect::new(0.0, 0.0, layout.page_w, layout.page_h))
            .contents(content);
        let mut res = p.resources();
        let mut fonts_dict = res.fonts();
        for face in Face::ALL {
            if let Some(r) = font_refs[face.index()] {
                fonts_dict.pair(Name(font_name(face).as_bytes()), r);
            }
        }
        fonts_dict.finish();
        res.finish();
        p.finish();
    }
    let count = i32::try_from(page_refs.len()).unwrap_or(i32::MAX);
    pdf.pages(tree).kids(page_refs).count(count);
    pdf.catalog(catalog).pages(tree);
    pdf.document_info(info)
        .title(TextStr(title))
        .producer(TextStr("ANTT Cơ sở"));
    Ok(pdf.finish())
}

fn font_name(face: Face) -> String {
    format!("F{}", face.index())
}
