//! A [`Document`] as a Word file (Office Open XML, `.docx`), written part by part: content types,
//! relationships, `word/document.xml`, styles, settings, the font table, two headers (an empty
//! one for page 1, the page number for the others) and the document properties.
//!
//! Every run names "Times New Roman" (NĐ 30/2020); the page is A4 with the margins of
//! [`crate::official`]; the header is a borderless two-column table; body tables have single
//! borders and repeat their header row on each page. The output does not depend on the clock.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::DocumentError;
use crate::compose::{
    self, Align, Flow, Grid, HEADER_TW, MARGIN_BOTTOM_TW, MARGIN_LEFT_TW, MARGIN_RIGHT_TW,
    MARGIN_TOP_TW, PAGE_NUMBER, Para,
};
use crate::fonts::Fonts;
use crate::official::Document;

const FONT: &str = "Times New Roman";
const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// `doc` as the bytes of a `.docx` file.
pub fn render(doc: &Document) -> Result<Vec<u8>, DocumentError> {
    let fonts = Fonts::load()?;
    let flow = compose::compose(doc, &fonts);
    let body = document_xml(&flow, compose::Page::of(doc));
    let parts: [(&str, String); 11] = [
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", ROOT_RELS.to_string()),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.to_string()),
        ("word/document.xml", body),
        ("word/styles.xml", styles_xml()),
        ("word/settings.xml", SETTINGS.to_string()),
        ("word/fontTable.xml", FONT_TABLE.to_string()),
        ("word/header1.xml", header_xml(true)),
        ("word/header2.xml", header_xml(false)),
        ("docProps/core.xml", core_xml(&doc.file_title())),
        ("docProps/app.xml", APP.to_string()),
    ];
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default());
    for (name, text) in parts {
        zip.start_file(name, options).map_err(zip_err)?;
        zip.write_all(text.as_bytes())
            .map_err(|e| DocumentError::Docx(e.to_string()))?;
    }
    Ok(zip.finish().map_err(zip_err)?.into_inner())
}

fn zip_err(e: zip::result::ZipError) -> DocumentError {
    DocumentError::Docx(e.to_string())
}

/// Text as XML character data: markup characters escaped, characters XML 1.0 forbids dropped.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

fn twips(pt: f32) -> u32 {
    // Sizes here are small and positive: the rounding cannot overflow.
    let v = (pt * 20.0).round();
    if v <= 0.0 { 0 } else { v as u32 }
}

fn half_points(pt: f32) -> u32 {
    twips(pt) / 10
}

fn run_props(bold: bool, italic: bool, underline: bool, size: f32) -> String {
    let mut s = format!(
        "<w:rPr><w:rFonts w:ascii=\"{FONT}\" w:hAnsi=\"{FONT}\" w:cs=\"{FONT}\" w:eastAsia=\"{FONT}\"/>"
    );
    if bold {
        s.push_str("<w:b/><w:bCs/>");
    }
    if italic {
        s.push_str("<w:i/><w:iCs/>");
    }
    // The schema's order: rFonts, b, i, sz, u, lang.
    let hp = half_points(size);
    s.push_str(&format!("<w:sz w:val=\"{hp}\"/><w:szCs w:val=\"{hp}\"/>"));
    if underline {
        s.push_str("<w:u w:val=\"single\"/>");
    }
    s.push_str("<w:lang w:val=\"vi-VN\"/></w:rPr>");
    s
}

/// One paragraph in a column `width_tw` wide (plus its rule, if any).
fn para(x: &mut String, p: &Para, width_tw: u32) {
    let jc = match p.align {
        Align::Left => "left",
        Align::Center => "center",
        Align::Justify => "both",
    };
    let after = if p.rule.is_some() { 0.0 } else { p.after };
    x.push_str("<w:p><w:pPr>");
    if p.keep_next {
        x.push_str("<w:keepNext/>");
    }
    if p.dots {
        let pos = width_tw.saturating_sub(twips(p.left_indent) + 20);
        x.push_str(&format!(
            "<w:tabs><w:tab w:val=\"right\" w:leader=\"dot\" w:pos=\"{pos}\"/></w:tabs>"
        ));
    }
    x.push_str(&format!(
        "<w:spacing w:before=\"{}\" w:after=\"{}\" w:line=\"240\" w:lineRule=\"auto\"/>",
        twips(p.before),
        twips(after)
    ));
    x.push_str(&format!(
        "<w:ind w:left=\"{}\" w:right=\"0\" w:firstLine=\"{}\"/>",
        twips(p.left_indent),
        twips(p.first_indent)
    ));
    x.push_str(&format!("<w:jc w:val=\"{jc}\"/>"));
    x.push_str(&run_props(false, false, false, p.size));
    x.push_str("</w:pPr>");
    for s in &p.spans {
        let props = run_props(s.face.is_bold(), s.face.is_italic(), s.underline, p.size);
        for (i, line) in s.text.split('\n').enumerate() {
            if i > 0 {
                x.push_str(&format!("<w:r>{props}<w:br/></w:r>"));
            }
            if !line.is_empty() {
                x.push_str(&format!(
                    "<w:r>{props}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
                    escape(line)
                ));
            }
        }
    }
    if p.dots {
        x.push_str(&format!(
            "<w:r>{}<w:tab/></w:r>",
            run_props(false, false, false, p.size)
        ));
    }
    x.push_str("</w:p>");
    if let Some(rule) = p.rule {
        let side = width_tw.saturating_sub(twips(rule)) / 2;
        x.push_str(&format!(
            "<w:p><w:pPr><w:pBdr><w:bottom w:val=\"single\" w:sz=\"6\" w:space=\"1\" w:color=\"000000\"/></w:pBdr>\
             <w:spacing w:before=\"0\" w:after=\"{}\" w:line=\"60\" w:lineRule=\"exact\"/>\
             <w:ind w:left=\"{side}\" w:right=\"{side}\"/>{}</w:pPr></w:p>",
            twips(p.after),
            run_props(false, false, false, 2.0)
        ));
    }
}

/// An empty paragraph `pt` high, for space around tables.
fn spacer(x: &mut String, pt: f32, keep_next: bool) {
    let keep = if keep_next { "<w:keepNext/>" } else { "" };
    x.push_str(&format!(
        "<w:p><w:pPr>{keep}<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"{}\" w:lineRule=\"exact\"/>{}</w:pPr></w:p>",
        twips(pt).max(20),
        run_props(false, false, false, 2.0)
    ));
}

fn grid(x: &mut String, g: &Grid, width_tw: u32) {
    if g.before > 0.0 {
        // Keeps a kept-together grid (the signature) with what comes before it.
        spacer(x, g.before, g.keep_together);
    }
    let cols: Vec<u32> = g
        .widths
        .iter()
        .map(|w| twips(w * compose::tw_to_pt(width_tw)))
        .collect();
    let total: u32 = cols.iter().sum();
    // The schema's order: tblW, tblBorders, tblLayout, tblCellMar, tblLook.
    x.push_str(&format!(
        "<w:tbl><w:tblPr><w:tblW w:w=\"{total}\" w:type=\"dxa\"/>"
    ));
    if g.borders {
        x.push_str("<w:tblBorders>");
        for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
            x.push_str(&format!(
                "<w:{side} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
            ));
        }
        x.push_str("</w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"57\" w:type=\"dxa\"/><w:right w:w=\"57\" w:type=\"dxa\"/></w:tblCellMar>");
    } else {
        x.push_str("<w:tblBorders>");
        for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
            x.push_str(&format!("<w:{side} w:val=\"nil\"/>"));
        }
        x.push_str("</w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"0\" w:type=\"dxa\"/></w:tblCellMar>");
    }
    x.push_str("<w:tblLook w:val=\"0000\" w:firstRow=\"0\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>");
    for c in &cols {
        x.push_str(&format!("<w:gridCol w:w=\"{c}\"/>"));
    }
    x.push_str("</w:tblGrid>");
    let margin = if g.borders { 114 } else { 0 };
    for (r, row) in g.rows.iter().enumerate() {
        x.push_str("<w:tr>");
        let header = r < g.header_rows;
        if header || g.keep_together || g.borders {
            x.push_str("<w:trPr><w:cantSplit/>");
            if header {
                x.push_str("<w:tblHeader/>");
            }
            x.push_str("</w:trPr>");
        }
        for (c, cell) in row.iter().enumerate() {
            let w = cols.get(c).copied().unwrap_or(0);
            x.push_str(&format!(
                "<w:tc><w:tcPr><w:tcW w:w=\"{w}\" w:type=\"dxa\"/>"
            ));
            if g.borders {
                x.push_str("<w:vAlign w:val=\"center\"/>");
            }
            x.push_str("</w:tcPr>");
            if cell.is_empty() {
                x.push_str("<w:p/>");
            }
            for p in cell {
                let mut p = p.clone();
                p.keep_next = p.keep_next || g.keep_together || header;
                para(x, &p, w.saturating_sub(margin));
            }
            x.push_str("</w:tc>");
        }
        x.push_str("</w:tr>");
    }
    x.push_str("</w:tbl>");
    spacer(x, g.after.max(1.0), false);
}

fn document_xml(flow: &[Flow], page: compose::Page) -> String {
    let width = page.text_width_tw();
    let (page_w, page_h) = (page.w_tw, page.h_tw);
    let orient = if page_w > page_h {
        " w:orient=\"landscape\""
    } else {
        ""
    };
    let mut x = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:document xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\"><w:body>"
    );
    for f in flow {
        match f {
            Flow::Para(p) => para(&mut x, p, width),
            Flow::Grid(g) => grid(&mut x, g, width),
        }
    }
    x.push_str(&format!(
        "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rIdHeader1\"/>\
         <w:headerReference w:type=\"first\" r:id=\"rIdHeader2\"/>\
         <w:pgSz w:w=\"{page_w}\" w:h=\"{page_h}\"{orient}/>\
         <w:pgMar w:top=\"{MARGIN_TOP_TW}\" w:right=\"{MARGIN_RIGHT_TW}\" w:bottom=\"{MARGIN_BOTTOM_TW}\" \
         w:left=\"{MARGIN_LEFT_TW}\" w:header=\"{HEADER_TW}\" w:footer=\"{HEADER_TW}\" w:gutter=\"0\"/>\
         <w:titlePg/></w:sectPr></w:body></w:document>"
    ));
    x
}

/// The header of pages 2 and after (the page number, centred) or of page 1 (empty).
fn header_xml(with_number: bool) -> String {
    let props = run_props(false, false, false, PAGE_NUMBER);
    let content = if with_number {
        format!(
            "<w:r>{props}<w:fldChar w:fldCharType=\"begin\"/></w:r>\
             <w:r>{props}<w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>\
             <w:r>{props}<w:fldChar w:fldCharType=\"separate\"/></w:r>\
             <w:r>{props}<w:t>2</w:t></w:r>\
             <w:r>{props}<w:fldChar w:fldCharType=\"end\"/></w:r>"
        )
    } else {
        String::new()
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:hdr xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\"><w:p><w:pPr><w:pStyle w:val=\"Header\"/>\
         <w:jc w:val=\"center\"/>{props}</w:pPr>{content}</w:p></w:hdr>"
    )
}

fn styles_xml() -> String {
    let props = run_props(false, false, false, compose::BODY);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:styles xmlns:w=\"{W_NS}\">\
         <w:docDefaults><w:rPrDefault>{props}</w:rPrDefault>\
         <w:pPrDefault><w:pPr><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault>\
         </w:docDefaults>\
         <w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/>{props}</w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Header\"><w:name w:val=\"header\"/><w:basedOn w:val=\"Normal\"/>\
         <w:pPr><w:jc w:val=\"center\"/></w:pPr>{}</w:style>\
         <w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\"><w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/></w:style>\
         <w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/><w:semiHidden/>\
         <w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/>\
         <w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>\
         </w:styles>",
        run_props(false, false, false, PAGE_NUMBER)
    )
}

fn core_xml(title: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{}</dc:title><dc:creator>ANTT Cơ sở</dc:creator><dc:language>vi-VN</dc:language>\
         </cp:coreProperties>",
        escape(title)
    )
}

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>\
<Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>\
<Override PartName=\"/word/fontTable.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml\"/>\
<Override PartName=\"/word/header1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>\
<Override PartName=\"/word/header2.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>\
<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>\
</Types>";

const ROOT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>\
</Relationships>";

const DOCUMENT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rIdStyles\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>\
<Relationship Id=\"rIdSettings\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/>\
<Relationship Id=\"rIdFonts\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable\" Target=\"fontTable.xml\"/>\
<Relationship Id=\"rIdHeader1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" Target=\"header1.xml\"/>\
<Relationship Id=\"rIdHeader2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" Target=\"header2.xml\"/>\
</Relationships>";

const SETTINGS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<w:settings xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
<w:zoom w:percent=\"100\"/><w:defaultTabStop w:val=\"720\"/>\
<w:characterSpacingControl w:val=\"doNotCompress\"/>\
<w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>\
<w:themeFontLang w:val=\"vi-VN\"/>\
</w:settings>";

const FONT_TABLE: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<w:fonts xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
<w:font w:name=\"Times New Roman\"><w:panose1 w:val=\"02020603050405020304\"/><w:charset w:val=\"00\"/>\
<w:family w:val=\"roman\"/><w:pitch w:val=\"variable\"/></w:font>\
</w:fonts>";

const APP: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">\
<Application>ANTT Cơ sở</Application></Properties>";

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn xml_text_is_escaped_and_control_characters_dropped() {
        assert_eq!(
            escape("Tổ \"A\" & <B> 'c'\u{1}"),
            "Tổ &quot;A&quot; &amp; &lt;B&gt; &apos;c&apos;"
        );
    }
}
