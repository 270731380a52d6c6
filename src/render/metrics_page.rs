//! The view of `/metrics/`: for everyone and for each team, six charts, each with the table of
//! its numbers.
//!
//! Numbers come from [`crate::metrics`]; this module picks units (hours for reviews, days for
//! cycle times, percent for readiness), formats the table cells and asks [`super::svg::chart`]
//! for the pictures. It computes no metric itself.

use super::svg::chart::{BarChart, Category, Reference, Series, bar_chart};
use crate::config::SiteConfig;
use crate::metrics::stats::Summary;
use crate::metrics::{self, GroupMetrics, Metrics, MonthRow, timeline::Observed};
use crate::model::Base;
use serde::Serialize;

const HOUR: f64 = 3_600.0;
const DAY: f64 = 86_400.0;

/// `/metrics/`.
#[derive(Debug, Serialize)]
pub struct MetricsPage {
    /// Everyone first, then each team by name.
    pub groups: Vec<GroupView>,
    /// Whether any month has data.
    pub has_data: bool,
    /// The site's default review window, as written.
    pub sla: String,
}

/// One group's charts.
#[derive(Debug, Serialize)]
pub struct GroupView {
    /// "All teams" or the team's name.
    pub name: String,
    /// The section's anchor.
    pub anchor: String,
    /// The team's page.
    pub team_url: Option<String>,
    /// Handoffs waiting for review now.
    pub awaiting_review: usize,
    /// The charts.
    pub charts: Vec<ChartView>,
}

/// A chart and its numbers.
#[derive(Debug, Serialize)]
pub struct ChartView {
    /// Its element id.
    pub id: String,
    /// Its title.
    pub title: &'static str,
    /// One line on what it measures.
    pub about: &'static str,
    /// The picture.
    pub svg: String,
    /// The table's column headings (the first is the month).
    pub columns: Vec<&'static str>,
    /// The table's rows, one per month.
    pub rows: Vec<RowView>,
}

/// A row of a chart's table.
#[derive(Debug, Serialize)]
pub struct RowView {
    /// The month.
    pub month: String,
    /// The other cells, formatted.
    pub cells: Vec<String>,
}

/// Builds `/metrics/`. `observed` holds status changes known from outside the frontmatter.
pub fn metrics_page(base: &Base, config: &SiteConfig, observed: &Observed) -> MetricsPage {
    let metrics = metrics::compute(&metrics::Input { base, config, observed });
    let months: Vec<Category> = metrics
        .months
        .iter()
        .enumerate()
        .map(|(i, m)| Category {
            name: m.label(),
            tick: m.label().chars().take(3).collect(),
            // The year under the first month and under each January.
            under: (i == 0 || m.month == 1).then(|| m.year.to_string()),
        })
        .collect();
    let groups = std::iter::once(&metrics.overall)
        .chain(sorted_teams(&metrics))
        .map(|g| group_view(g, &months, config))
        .collect();
    MetricsPage { groups, has_data: !months.is_empty(), sla: config.review_within.written.clone() }
}

fn sorted_teams(metrics: &Metrics) -> Vec<&GroupMetrics> {
    let mut teams: Vec<&GroupMetrics> = metrics.teams.iter().collect();
    teams.sort_by(|a, b| a.name.to_lowercase().cmp(&b.name.to_lowercase()).then(a.slug.cmp(&b.slug)));
    teams
}

fn group_view(group: &GroupMetrics, months: &[Category], config: &SiteConfig) -> GroupView {
    let anchor = group.slug.as_ref().map_or_else(|| "all".to_string(), |s| format!("team-{s}"));
    let charts = Charts { rows: &group.months, months, anchor: &anchor };
    GroupView {
        charts: vec![
            charts.review(config),
            charts.cycle_time(
                "accepted",
                "Cycle time: handed off → accepted",
                "From the first hand-off to the first time the work was taken on, by the month accepted.",
                |r| &r.to_accepted,
            ),
            charts.cycle_time(
                "done",
                "Cycle time: created → done",
                "From creation to the final move to done, by the month done.",
                |r| &r.to_done,
            ),
            charts.rework(),
            charts.questions(),
            charts.readiness(),
        ],
        name: group.name.clone(),
        team_url: group.slug.as_ref().map(|s| format!("teams/{s}/")),
        awaiting_review: group.awaiting_review,
        anchor,
    }
}

/// The charts of one group.
struct Charts<'a> {
    rows: &'a [MonthRow],
    months: &'a [Category],
    anchor: &'a str,
}

/// One chart: what it is, what it draws, and how its table reads.
struct Spec<'s, F: Fn(&MonthRow) -> Vec<String>> {
    key: &'static str,
    title: &'static str,
    about: &'static str,
    series: Vec<Series<'s>>,
    unit: &'static str,
    reference: Option<Reference>,
    ceiling: Option<f64>,
    counts: bool,
    /// Table headings after "Month".
    columns: Vec<&'static str>,
    /// A month's table cells after the month.
    cells: F,
}

impl Charts<'_> {
    fn chart<F: Fn(&MonthRow) -> Vec<String>>(&self, spec: Spec<'_, F>) -> ChartView {
        let id = format!("{}-{}", self.anchor, spec.key);
        let svg = bar_chart(&BarChart {
            id: &id,
            title: spec.title,
            categories: self.months,
            series: spec.series,
            unit: spec.unit,
            reference: spec.reference,
            ceiling: spec.ceiling,
            counts: spec.counts,
        });
        let rows =
            self.months.iter().zip(self.rows).map(|(m, r)| RowView { month: m.name.clone(), cells: (spec.cells)(r) });
        let columns = std::iter::once("Month").chain(spec.columns).collect();
        ChartView { id, title: spec.title, about: spec.about, svg, columns, rows: rows.collect() }
    }

    /// One value per month.
    fn values(&self, value: impl Fn(&MonthRow) -> Option<f64>) -> Vec<Option<f64>> {
        self.rows.iter().map(value).collect()
    }

    fn review(&self, config: &SiteConfig) -> ChartView {
        let sla = config.review_within.seconds as f64 / HOUR;
        self.chart(Spec {
            key: "review",
            title: "Review response time",
            about: "From hand-off to the reviewer's answer (the next status change), by the month answered.",
            series: vec![
                Series { name: "median", values: self.values(|r| r.review.median.map(|v| v / HOUR)) },
                Series { name: "90th percentile", values: self.values(|r| r.review.p90.map(|v| v / HOUR)) },
            ],
            unit: "h",
            reference: Some(Reference { value: sla, label: format!("SLA {}", config.review_within.written) }),
            ceiling: None,
            counts: false,
            columns: vec!["Reviews", "Median", "90th pct.", "Within SLA"],
            cells: |r| {
                let review = &r.review;
                vec![
                    review.count.to_string(),
                    hours(review.median),
                    hours(review.p90),
                    of(r.review_within_sla, review.count),
                ]
            },
        })
    }

    /// A cycle time in days: median and 90th percentile, with the counts in the table.
    fn cycle_time(
        &self,
        key: &'static str,
        title: &'static str,
        about: &'static str,
        pick: fn(&MonthRow) -> &Summary,
    ) -> ChartView {
        self.chart(Spec {
            key,
            title,
            about,
            series: vec![
                Series { name: "median", values: self.values(|r| pick(r).median.map(|v| v / DAY)) },
                Series { name: "90th percentile", values: self.values(|r| pick(r).p90.map(|v| v / DAY)) },
            ],
            unit: "d",
            reference: None,
            ceiling: None,
            counts: false,
            columns: vec!["Handoffs", "Median", "90th pct."],
            cells: |r| {
                let summary = pick(r);
                vec![summary.count.to_string(), days(summary.median), days(summary.p90)]
            },
        })
    }

    fn rework(&self) -> ChartView {
        self.chart(Spec {
            key: "rework",
            title: "Rework",
            about: "Handoffs that went back from accepted or done to an earlier status.",
            series: vec![Series { name: "handoffs reworked", values: self.values(|r| Some(r.rework as f64)) }],
            unit: "",
            reference: None,
            ceiling: None,
            counts: true,
            columns: vec!["Handoffs reworked"],
            cells: |r| vec![r.rework.to_string()],
        })
    }

    fn questions(&self) -> ChartView {
        self.chart(Spec {
            key: "questions",
            title: "Unanswered questions",
            about: "Questions without an answer at the end of each month (for the current month: now).",
            series: vec![Series { name: "open at month end", values: self.values(|r| Some(r.questions_open as f64)) }],
            unit: "",
            reference: None,
            ceiling: None,
            counts: true,
            columns: vec!["Asked", "Answered", "Open at month end"],
            cells: |r| {
                vec![r.questions_asked.to_string(), r.questions_answered.to_string(), r.questions_open.to_string()]
            },
        })
    }

    fn readiness(&self) -> ChartView {
        self.chart(Spec {
            key: "readiness",
            title: "Ready when handed off",
            about: "Share of the handoffs first handed off that month that meet every readiness rule of the ready status.",
            series: vec![Series { name: "ready when handed off", values: self.values(readiness_share) }],
            unit: "%",
            reference: None,
            ceiling: Some(100.0),
            counts: false,
            columns: vec!["Handed off", "Met readiness", "Share"],
            cells: |r| vec![r.handed_off.to_string(), r.passed_readiness.to_string(), percent(readiness_share(r))],
        })
    }
}

/// Percent of the month's hand-offs that met readiness; `None` without hand-offs.
fn readiness_share(r: &MonthRow) -> Option<f64> {
    (r.handed_off > 0).then(|| r.passed_readiness as f64 * 100.0 / r.handed_off as f64)
}

fn hours(seconds: Option<f64>) -> String {
    seconds.map_or_else(|| "—".to_string(), |s| format!("{:.1} h", s / HOUR))
}

fn days(seconds: Option<f64>) -> String {
    seconds.map_or_else(|| "—".to_string(), |s| format!("{:.1} d", s / DAY))
}

fn of(part: usize, whole: usize) -> String {
    if whole == 0 { "—".to_string() } else { format!("{part} of {whole}") }
}

fn percent(share: Option<f64>) -> String {
    share.map_or_else(|| "—".to_string(), |s| format!("{s:.0}%"))
}
