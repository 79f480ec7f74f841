//! Workbooks written part by part as raw XML, hostile ones included: the smallest package a
//! reader accepts ([Content_Types].xml, the package and workbook relationships, the workbook and
//! one sheet), with the sheet written to the zip writer in pieces so that a test never holds the
//! gigabytes it sends.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

pub const SHEET_PATH: &str = "xl/worksheets/sheet1.xml";

/// The start of a worksheet part, up to and with `<sheetData>`.
pub const SHEET_HEAD: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    "\n",
    r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" "#,
    r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
    "<sheetData>"
);

/// The end of a worksheet part.
pub const SHEET_TAIL: &str = "</sheetData></worksheet>";

const CONTENT_TYPES: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
    r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
    r#"<Default Extension="xml" ContentType="application/xml"/>"#,
    r#"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#,
    r#"<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#,
    "</Types>"
);

const PACKAGE_RELS: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#,
    "</Relationships>"
);

/// A workbook part with one sheet, `rId1`; `pr` goes in its `<workbookPr>`.
pub fn workbook_xml(pr: &str) -> String {
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" "#,
            r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
            r#"<workbookPr {}/><sheets><sheet name="Danh sách" sheetId="1" r:id="rId1"/></sheets>"#,
            "</workbook>"
        ),
        pr
    )
}

/// The workbook's relationships: the sheet at `target`, and the shared strings and styles.
pub fn workbook_rels(target: &str) -> String {
    let kind = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
            r#"<Relationship Id="rId1" Type="{k}/worksheet" Target="{t}"/>"#,
            r#"<Relationship Id="rId2" Type="{k}/sharedStrings" Target="sharedStrings.xml"/>"#,
            r#"<Relationship Id="rId3" Type="{k}/styles" Target="styles.xml"/>"#,
            "</Relationships>"
        ),
        k = kind,
        t = target
    )
}

/// A shared strings part of `items` (each the inside of an `<si>`).
pub fn shared_strings(items: &[&str]) -> String {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#,
    );
    for item in items {
        s.push_str("<si>");
        s.push_str(item);
        s.push_str("</si>");
    }
    s.push_str("</sst>");
    s
}

/// A styles part: custom formats `(id, code)`, and cell styles by their `numFmtId`.
pub fn styles(custom: &[(u32, &str)], xfs: &[u32]) -> String {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#,
    );
    s.push_str(r#"<numFmts>"#);
    for (id, code) in custom {
        s.push_str(&format!(r#"<numFmt numFmtId="{id}" formatCode="{code}"/>"#));
    }
    s.push_str("</numFmts><cellXfs>");
    for id in xfs {
        s.push_str(&format!(r#"<xf numFmtId="{id}" fontId="0"/>"#));
    }
    s.push_str("</cellXfs></styleSheet>");
    s
}

/// A package being written; the sheet goes last, by [`Package::sheet`] or in pieces.
pub struct Package {
    zip: ZipWriter<Cursor<Vec<u8>>>,
    options: SimpleFileOptions,
}

impl Package {
    /// The fixed parts, with `workbook` as the workbook part and the sheet at `xl/` + `target`.
    pub fn with(workbook: &str, target: &str) -> Package {
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .compression_level(None);
        let mut p = Package {
            zip: ZipWriter::new(Cursor::new(Vec::new())),
            options,
        };
        p.part("[Content_Types].xml", CONTENT_TYPES);
        p.part("_rels/.rels", PACKAGE_RELS);
        p.part("xl/workbook.xml", workbook);
        p.part("xl/_rels/workbook.xml.rels", &workbook_rels(target));
        p
    }

    /// The fixed parts of a workbook in the 1900 date system.
    pub fn plain() -> Package {
        Package::with(&workbook_xml(""), "worksheets/sheet1.xml")
    }

    /// Another part, whole.
    pub fn part(&mut self, name: &str, text: &str) -> &mut Self {
        self.zip.start_file(name, self.options).unwrap();
        self.zip.write_all(text.as_bytes()).unwrap();
        self
    }

    /// Starts the sheet part; write it with [`Package::write`].
    pub fn start_sheet(&mut self) -> &mut Self {
        self.zip.start_file(SHEET_PATH, self.options).unwrap();
        self
    }

    /// More of the part being written.
    pub fn write(&mut self, bytes: &[u8]) -> &mut Self {
        self.zip.write_all(bytes).unwrap();
        self
    }

    /// `piece` written `times` times, so the test holds one piece however much it sends.
    pub fn repeat(&mut self, piece: &[u8], times: usize) -> &mut Self {
        for _ in 0..times {
            self.zip.write_all(piece).unwrap();
        }
        self
    }

    /// The sheet part: `rows` between [`SHEET_HEAD`] and [`SHEET_TAIL`].
    pub fn sheet(&mut self, rows: &str) -> &mut Self {
        self.part(SHEET_PATH, &format!("{SHEET_HEAD}{rows}{SHEET_TAIL}"))
    }

    pub fn finish(self) -> Vec<u8> {
        self.zip.finish().unwrap().into_inner()
    }
}

/// A workbook of one sheet holding `rows`, and no other part.
pub fn sheet_only(rows: &str) -> Vec<u8> {
    let mut p = Package::plain();
    p.sheet(rows);
    p.finish()
}

/// Rewrites the uncompressed size the local header and the central directory declare for the
/// entry `name`: a header that lies.
pub fn declare_size(bytes: &mut [u8], name: &str, size: u32) {
    let patch = |bytes: &mut [u8], signature: &[u8], name_at: usize, size_at: usize| {
        let at = (0..bytes.len())
            .find(|&i| {
                bytes[i..].starts_with(signature)
                    && bytes[i + name_at..].starts_with(name.as_bytes())
            })
            .expect("the entry's header");
        bytes[at + size_at..at + size_at + 4].copy_from_slice(&size.to_le_bytes());
    };
    patch(bytes, b"PK\x03\x04", 30, 22);
    patch(bytes, b"PK\x01\x02", 46, 24);
}

/// The process's peak resident memory so far, in MiB (shared by the tests running alongside).
pub fn peak_mib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}
