//! The four Liberation Serif faces, built into the binary (SIL Open Font License 1.1, see
//! `fonts/OFL.txt`). Liberation Serif has the metrics of Times New Roman, the font NĐ 30/2020
//! prescribes, so the widths measured here serve both the PDF layout and the few DOCX measures
//! (the length of a short rule under a heading).

use ttf_parser::{Face as TtfFace, GlyphId};

use crate::DocumentError;

const REGULAR: &[u8] = include_bytes!("../fonts/LiberationSerif-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../fonts/LiberationSerif-Bold.ttf");
const ITALIC: &[u8] = include_bytes!("../fonts/LiberationSerif-Italic.ttf");
const BOLD_ITALIC: &[u8] = include_bytes!("../fonts/LiberationSerif-BoldItalic.ttf");

/// One of the four faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Face {
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

impl Face {
    pub(crate) const ALL: [Face; 4] = [Face::Regular, Face::Bold, Face::Italic, Face::BoldItalic];

    pub(crate) fn index(self) -> usize {
        match self {
            Face::Regular => 0,
            Face::Bold => 1,
            Face::Italic => 2,
            Face::BoldItalic => 3,
        }
    }

    pub(crate) fn data(self) -> &'static [u8] {
        match self {
            Face::Regular => REGULAR,
            Face::Bold => BOLD,
            Face::Italic => ITALIC,
            Face::BoldItalic => BOLD_ITALIC,
        }
    }

    /// The PostScript name of the face.
    pub(crate) fn postscript_name(self) -> &'static str {
        match self {
            Face::Regular => "LiberationSerif",
            Face::Bold => "LiberationSerif-Bold",
            Face::Italic => "LiberationSerif-Italic",
            Face::BoldItalic => "LiberationSerif-BoldItalic",
        }
    }

    pub(crate) fn is_bold(self) -> bool {
        matches!(self, Face::Bold | Face::BoldItalic)
    }

    pub(crate) fn is_italic(self) -> bool {
        matches!(self, Face::Italic | Face::BoldItalic)
    }
}

/// The parsed faces: glyph lookup and advance widths.
pub(crate) struct Fonts {
    faces: [TtfFace<'static>; 4],
}

impl Fonts {
    pub(crate) fn load() -> Result<Fonts, DocumentError> {
        let parse = |f: Face| {
            TtfFace::parse(f.data(), 0)
                .map_err(|e| DocumentError::Font(format!("{}: {e}", f.postscript_name())))
        };
        Ok(Fonts {
            faces: [
                parse(Face::Regular)?,
                parse(Face::Bold)?,
                parse(Face::Italic)?,
                parse(Face::BoldItalic)?,
            ],
        })
    }

    pub(crate) fn face(&self, f: Face) -> &TtfFace<'static> {
        &self.faces[f.index()]
    }

    /// The glyph of `c`, or `.notdef` (0) when the face lacks it. Tabs and no-break spaces are
    /// drawn as spaces.
    pub(crate) fn glyph(&self, f: Face, c: char) -> u16 {
        let c = match c {
            '\t' | '\u{a0}' => ' ',
            other => other,
        };
        self.face(f).glyph_index(c).map(|g| g.0).unwrap_or(0)
    }

    /// Advance of glyph `gid` in thousandths of an em.
    pub(crate) fn advance(&self, f: Face, gid: u16) -> f32 {
        let face = self.face(f);
        let upem = f32::from(face.units_per_em().max(1));
        let adv = face.glyph_hor_advance(GlyphId(gid)).unwrap_or(0);
        f32::from(adv) * 1000.0 / upem
    }

    /// Width of `text` in points at `size`.
    pub(crate) fn width(&self, f: Face, text: &str, size: f32) -> f32 {
        text.chars()
            .map(|c| self.advance(f, self.glyph(f, c)))
            .sum::<f32>()
            * size
            / 1000.0
    }
}
