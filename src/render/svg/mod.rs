//! SVG drawn at build time: the dependency graph ([`graph`]) and the metrics charts ([`chart`]).
//!
//! The one place outside the templates that writes markup, because a layout's coordinates are
//! computed here and would be awkward to pass through a template. Everything drawn carries
//! classes only — colours, strokes and fonts come from the theme's CSS through custom
//! properties and `currentColor`, so charts read in light and dark and no `style` attribute
//! ever needs the CSP relaxed. Text is escaped with the same function as the templates.
//! Numbers are written with at most one decimal, so the output is stable across platforms.

pub mod chart;
pub mod graph;

/// A coordinate or length, with at most one decimal and no trailing `.0`.
fn num(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    // -0.0 would print as "-0".
    let rounded = if rounded == 0.0 { 0.0 } else { rounded };
    if rounded.fract() == 0.0 { format!("{rounded:.0}") } else { format!("{rounded:.1}") }
}

/// Text escaped for SVG content and quoted attributes.
fn text(value: &str) -> String {
    super::escape_html(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_stable() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.04), "12");
        assert_eq!(num(12.25), "12.3");
        assert_eq!(num(-0.01), "0");
    }
}
