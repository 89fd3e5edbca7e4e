//! The workbook's cell formats and words.

use super::*;

/// A finding category in words, as the Summary shows it (SPEC §5: "Data quality", not `data_quality`).
pub(super) fn category_words(category: Category) -> &'static str {
    match category {
        Category::Discrepancy => "Discrepancies",
        Category::Expiration => "Expirations",
        Category::Enrollment => "Enrollment",
        Category::Exclusion => "Exclusions",
        Category::Compliance => "Compliance",
        Category::DataQuality => "Data quality",
    }
}

pub(super) struct Formats {
    pub(super) header: Format,
    pub(super) date: Format,
    pub(super) wrap: Format,
    pub(super) title: Format,
    pub(super) bold: Format,
    pub(super) percent: Format,
    pub(super) severity: [Format; 4],
    pub(super) check: [Format; 4],
}

impl Formats {
    pub(super) fn new() -> Self {
        let fill = |bg: u32, fg: u32| {
            Format::new()
                .set_background_color(Color::RGB(bg))
                .set_font_color(Color::RGB(fg))
        };
        Formats {
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xD9E1F2))
                .set_border_bottom(FormatBorder::Thin),
            date: Format::new()
                .set_num_format("yyyy-mm-dd")
                .set_align(FormatAlign::Left),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            title: Format::new().set_bold().set_font_size(16),
            bold: Format::new().set_bold(),
            percent: Format::new().set_num_format("0.0%"),
            // In the order of Severity::ALL.
            severity: [
                fill(0xC00000, 0xFFFFFF).set_bold(),
                fill(0xF8CBAD, 0x000000),
                fill(0xFFE699, 0x000000),
                fill(0xDDEBF7, 0x000000),
            ],
            // PASS, WARN, FAIL, NA.
            check: [
                fill(0xC6EFCE, 0x006100),
                fill(0xFFEB9C, 0x9C5700),
                fill(0xFFC7CE, 0x9C0006).set_bold(),
                fill(0xEDEDED, 0x595959),
            ],
        }
    }

    pub(super) fn severity(&self, severity: Severity) -> &Format {
        &self.severity[match severity {
            Severity::Critical => 0,
            Severity::High => 1,
            Severity::Medium => 2,
            Severity::Low => 3,
        }]
    }

    /// Every format, in a fixed order.
    pub(super) fn all(&self) -> impl Iterator<Item = &Format> {
        [
            &self.header,
            &self.date,
            &self.wrap,
            &self.title,
            &self.bold,
            &self.percent,
        ]
        .into_iter()
        .chain(&self.severity)
        .chain(&self.check)
    }

    /// The place of `format`, one of these, in [`Formats::all`].
    pub(super) fn index_of(&self, format: &Format) -> usize {
        self.all()
            .position(|f| std::ptr::eq(f, format))
            .expect("a format of the workbook's Formats")
    }

    pub(super) fn check(&self, check: Check) -> &Format {
        &self.check[match check {
            Check::Pass => 0,
            Check::Warn => 1,
            Check::Fail => 2,
            Check::Na => 3,
        }]
    }
}
