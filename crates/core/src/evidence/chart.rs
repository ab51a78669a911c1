//! Bar charts as inline SVG: nothing to load, they print, and each sits
//! beside the table that holds its numbers (the chart is hidden from
//! screen readers, which read the table).

use maud::{html, Markup};

/// One bar pair: a label, the value with exemptions and without, each a
/// fraction from 0 to 1.
pub(super) struct Pair<'a> {
    pub label: &'a str,
    pub with: f64,
    pub without: f64,
}

const WIDTH: f64 = 640.0;
const LABEL: f64 = 220.0;
const BAR: f64 = 9.0;
const ROW: f64 = 28.0;

fn clamp(v: f64) -> f64 {
    if v.is_finite() {
        v.clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// Horizontal bars, with exemptions above without, for each pair.
pub(super) fn pairs(title: &str, rows: &[Pair<'_>]) -> Markup {
    let height = ROW * rows.len() as f64 + 30.0;
    let span = WIDTH - LABEL - 60.0;
    html! {
        figure.chart aria-hidden="true" {
            svg xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {WIDTH} {height}"))
                width="100%" role="img" {
                title { (title) }
                @for (i, r) in rows.iter().enumerate() {
                    @let y = ROW * i as f64 + 4.0;
                    text x=(LABEL - 8.0) y=(y + BAR + 2.0) text-anchor="end" class="label" {
                        (shorten(r.label))
                    }
                    rect x=(LABEL) y=(y) width=(span * clamp(r.with)) height=(BAR) class="with" {}
                    text x=(LABEL + span * clamp(r.with) + 4.0) y=(y + BAR - 1.0) class="value" {
                        (format!("{:.1}%", clamp(r.with) * 100.0))
                    }
                    rect x=(LABEL) y=(y + BAR + 1.0) width=(span * clamp(r.without)) height=(BAR) class="without" {}
                    text x=(LABEL + span * clamp(r.without) + 4.0) y=(y + 2.0 * BAR) class="value" {
                        (format!("{:.1}%", clamp(r.without) * 100.0))
                    }
                }
                @let legend = height - 10.0;
                rect x=(LABEL) y=(legend - 8.0) width="10" height="8" class="with" {}
                text x=(LABEL + 14.0) y=(legend) class="value" { "with exemptions" }
                rect x=(LABEL + 130.0) y=(legend - 8.0) width="10" height="8" class="without" {}
                text x=(LABEL + 144.0) y=(legend) class="value" { "without exemptions" }
            }
        }
    }
}

/// A label short enough for the chart; the table beside it has it whole.
fn shorten(label: &str) -> String {
    const MAX: usize = 34;
    if label.chars().count() <= MAX {
        label.to_string()
    } else {
        let cut: String = label.chars().take(MAX - 1).collect();
        format!("{cut}…")
    }
}
