//! Bar charts for `/metrics/`: one group of bars per month, one bar per series, an optional
//! reference line (the review SLA), and a legend.
//!
//! The chart is a picture of a table the page prints right below it, so it is `role="img"` with
//! a title and a description that points at the table; screen readers get the numbers there.
//! Bars carry `series-N` classes and text uses `currentColor`, so the theme sets every colour.
//! A month without a value has no bar (not a zero-height one): "no data" is not "zero".

use super::{num, text};

/// One row of values, one per category.
#[derive(Debug, Clone)]
pub struct Series<'a> {
    /// Its name, for the legend and tooltips.
    pub name: &'a str,
    /// A value per category; `None` where there is no data.
    pub values: Vec<Option<f64>>,
}

/// A place along the bottom: a month.
#[derive(Debug, Clone)]
pub struct Category {
    /// The full name, for tooltips (`Nov 2026`).
    pub name: String,
    /// The label under the bars (`Nov`).
    pub tick: String,
    /// A second line under the label where it changes (the year), or `None`.
    pub under: Option<String>,
}

/// A horizontal line across the chart, such as the SLA.
#[derive(Debug, Clone)]
pub struct Reference {
    /// Where it is, in the chart's unit.
    pub value: f64,
    /// What it is called.
    pub label: String,
}

/// Everything a bar chart shows.
#[derive(Debug, Clone)]
pub struct BarChart<'a> {
    /// A prefix for element ids, unique on the page.
    pub id: &'a str,
    /// The chart's title.
    pub title: &'a str,
    /// The places along the bottom (months).
    pub categories: &'a [Category],
    /// The series, drawn side by side in each category.
    pub series: Vec<Series<'a>>,
    /// The unit after each number (`h`, `d`, `%`), or empty.
    pub unit: &'a str,
    /// A line to compare against.
    pub reference: Option<Reference>,
    /// A fixed top of the scale (100 for shares), instead of the largest value.
    pub ceiling: Option<f64>,
    /// The values are counts: the scale goes up in whole numbers.
    pub counts: bool,
}

const PLOT_HEIGHT: f64 = 150.0;
const LEFT: f64 = 48.0;
const TOP: f64 = 30.0;
const BOTTOM: f64 = 36.0;
const BAR: f64 = 14.0;
const GROUP_GAP: f64 = 18.0;
/// Wide enough for a three-letter month under each group.
const MIN_GROUP: f64 = 40.0;
const MIN_WIDTH: f64 = 320.0;
const TICKS: usize = 4;

/// The chart as an `<svg>` element.
pub fn bar_chart(chart: &BarChart<'_>) -> String {
    let group = (chart.series.len().max(1) as f64 * BAR + GROUP_GAP).max(MIN_GROUP);
    let width = (LEFT + chart.categories.len() as f64 * group + 12.0).max(MIN_WIDTH);
    let height = TOP + PLOT_HEIGHT + BOTTOM;
    let top_value = scale_top(chart);
    let y = |value: f64| TOP + PLOT_HEIGHT - value / top_value * PLOT_HEIGHT;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">\n<title id=\"{id}-title\">{title}</title>\n<desc id=\"{id}-desc\">Bar chart by month; the table below it lists the same numbers.</desc>\n",
        w = num(width),
        h = num(height),
        id = chart.id,
        title = text(chart.title),
    );
    out.push_str(&axis(chart, width, top_value, &y));
    out.push_str(&bars(chart, group, &y));
    if let Some(reference) = &chart.reference {
        let ry = num(y(reference.value));
        out.push_str(&format!(
            "<line class=\"reference\" x1=\"{}\" y1=\"{ry}\" x2=\"{}\" y2=\"{ry}\"/><text class=\"reference-label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n",
            num(LEFT),
            num(width - 4.0),
            num(width - 4.0),
            num(y(reference.value) - 4.0),
            text(&reference.label)
        ));
    }
    out.push_str(&legend(chart));
    out.push_str("</svg>\n");
    out
}

/// The top of the scale: four round steps reaching every value and the reference, or the
/// fixed ceiling when everything fits under it.
fn scale_top(chart: &BarChart<'_>) -> f64 {
    let values = chart.series.iter().flat_map(|s| s.values.iter().flatten().copied());
    let largest = values.chain(chart.reference.as_ref().map(|r| r.value)).fold(0.0, f64::max);
    match chart.ceiling {
        Some(ceiling) if largest <= ceiling => ceiling,
        _ => nice_step(largest / TICKS as f64, chart.counts) * TICKS as f64,
    }
}

/// The smallest step of 1, 2, 2.5 or 5 × 10ⁿ at or above `value`; counts step in whole
/// numbers (no 2.5, at least 1). With nothing to show, the smallest sensible step.
fn nice_step(value: f64, counts: bool) -> f64 {
    let multiples: &[f64] = if counts { &[1.0, 2.0, 5.0, 10.0] } else { &[1.0, 2.0, 2.5, 5.0, 10.0] };
    let floor = if counts { 1.0 } else { 0.25 };
    if value <= floor || !value.is_finite() {
        return floor;
    }
    let magnitude = 10f64.powf(value.log10().floor());
    multiples.iter().map(|m| m * magnitude).find(|c| *c >= value).unwrap_or(10.0 * magnitude)
}

fn axis(chart: &BarChart<'_>, width: f64, top_value: f64, y: &dyn Fn(f64) -> f64) -> String {
    let mut out = String::from("<g class=\"axis\">\n");
    for k in 0..=TICKS {
        let value = top_value * k as f64 / TICKS as f64;
        let at = num(y(value));
        out.push_str(&format!(
            "<line class=\"gridline\" x1=\"{}\" y1=\"{at}\" x2=\"{}\" y2=\"{at}\"/><text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}{}</text>\n",
            num(LEFT),
            num(width - 4.0),
            num(LEFT - 6.0),
            num(y(value) + 4.0),
            num(value),
            text(chart.unit)
        ));
    }
    out.push_str("</g>\n");
    out
}

fn bars(chart: &BarChart<'_>, group: f64, y: &dyn Fn(f64) -> f64) -> String {
    let mut out = String::from("<g class=\"bars\">\n");
    let base = y(0.0);
    for (c, category) in chart.categories.iter().enumerate() {
        let left = LEFT + (group - chart.series.len() as f64 * BAR) / 2.0 + c as f64 * group;
        for (s, series) in chart.series.iter().enumerate() {
            let Some(value) = series.values.get(c).copied().flatten() else { continue };
            let top = y(value);
            out.push_str(&format!(
                "<rect class=\"bar series-{n}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"><title>{}</title></rect>\n",
                num(left + s as f64 * BAR),
                num(top),
                num(BAR - 2.0),
                num(base - top),
                text(&format!("{} · {}: {}{}", category.name, series.name, num(value), chart.unit)),
                n = s + 1,
            ));
        }
        let middle = left + chart.series.len() as f64 * BAR / 2.0;
        out.push_str(&format!(
            "<text class=\"category\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
            num(middle),
            num(base + 15.0),
            text(&category.tick)
        ));
        if let Some(under) = &category.under {
            out.push_str(&format!(
                "<text class=\"category\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
                num(middle),
                num(base + 29.0),
                text(under)
            ));
        }
    }
    out.push_str("</g>\n");
    out
}

fn legend(chart: &BarChart<'_>) -> String {
    let mut out = String::from("<g class=\"legend\">\n");
    let mut x = LEFT;
    for (s, series) in chart.series.iter().enumerate() {
        out.push_str(&format!(
            "<rect class=\"swatch series-{}\" x=\"{}\" y=\"8\" width=\"10\" height=\"10\"/><text class=\"legend-label\" x=\"{}\" y=\"17\">{}</text>\n",
            s + 1,
            num(x),
            num(x + 14.0),
            text(series.name)
        ));
        // Room for the label at roughly 6.5 units a character.
        x += 30.0 + series.name.chars().count() as f64 * 6.5;
    }
    out.push_str("</g>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_step_in_round_numbers() {
        assert_eq!(nice_step(0.0, false), 0.25);
        assert_eq!(nice_step(8.8, false), 10.0);
        assert_eq!(nice_step(21.0, false), 25.0);
        assert_eq!(nice_step(0.0, true), 1.0);
        assert_eq!(nice_step(2.1, true), 5.0);
        assert_eq!(nice_step(0.75, true), 1.0);
    }

    #[test]
    fn a_missing_value_draws_no_bar() {
        let month = |name: &str| Category { name: name.to_string(), tick: name[..3].to_string(), under: None };
        let months = [month("Oct 2026"), month("Nov 2026")];
        let chart = BarChart {
            id: "t",
            title: "Test",
            categories: &months,
            series: vec![Series { name: "median", values: vec![None, Some(3.0)] }],
            unit: "h",
            reference: Some(Reference { value: 24.0, label: "SLA 24h".into() }),
            ceiling: None,
            counts: false,
        };
        let svg = bar_chart(&chart);
        assert_eq!(svg.matches("<rect class=\"bar ").count(), 1);
        assert!(svg.contains("Nov 2026 · median: 3h"));
        assert!(svg.contains("class=\"reference\""));
        assert!(!svg.contains("style="));
    }
}
