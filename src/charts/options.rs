//! The figure options that the configuration checks: output formats and physical sizes. Free of
//! plotters, so that the fuzz crate compiles this file for `config.rs` as it is.

/// Output format of a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Svg,
    Png,
    Pdf,
}

impl Format {
    /// File extension.
    pub fn ext(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Pdf => "pdf",
        }
    }

    /// Reads `svg`, `png` or `pdf`.
    pub fn parse(text: &str) -> Option<Format> {
        match text.trim().to_lowercase().as_str() {
            "svg" => Some(Format::Svg),
            "png" => Some(Format::Png),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }
}

/// Physical width of a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FigureSize {
    /// A journal's single column: 85 mm.
    #[default]
    Single,
    /// A journal's double column: 175 mm.
    Double,
    /// A thesis text block: 150 mm.
    Thesis,
}

impl FigureSize {
    /// Width in millimetres.
    pub fn width_mm(self) -> f64 {
        match self {
            FigureSize::Single => 85.0,
            FigureSize::Double => 175.0,
            FigureSize::Thesis => 150.0,
        }
    }

    /// Reads `single`, `double` or `thesis`.
    pub fn parse(text: &str) -> Option<FigureSize> {
        match text.trim().to_lowercase().as_str() {
            "single" => Some(FigureSize::Single),
            "double" => Some(FigureSize::Double),
            "thesis" => Some(FigureSize::Thesis),
            _ => None,
        }
    }
}
