//! Charts drawn by hand as inline SVG: vertical bars (linear or log scale), horizontal bars,
//! a stacked bar and a heat grid. Each chart is an `<svg role="img">` with a `<title>` and a
//! `<desc>`, axis labels, and its numbers written on the bars; each bar or cell carries its
//! own `<title>` (a tooltip in browsers). Labels are cleaned and escaped here, so callers
//! pass raw strings from the data.

use super::fmt::{esc, int, show};
use std::fmt::Write;

/// Font size of tick and bar labels, in px.
const FONT: f64 = 12.0;
/// Colours of the axes, grid lines and muted text.
const AXIS: &str = "#9aa5b1";
const GRID: &str = "#e4e7eb";
const MUTED: &str = "#616e7c";
const TEXT: &str = "#1f2933";

/// One bar: its label on the axis, its value, its fill and its tooltip.
#[derive(Debug, Clone)]
pub struct Bar {
    /// Axis label (cleaned and escaped when drawn).
    pub label: String,
    /// The value, written on the bar.
    pub value: u64,
    /// Text after the value on the bar (e.g. a share), may be empty.
    pub note: String,
    /// Fill colour.
    pub color: &'static str,
    /// Tooltip text (cleaned and escaped when drawn).
    pub tip: String,
}

/// Estimated width of a text in px: CJK and other wide characters take a full em, the rest
/// a little over half. Good enough to size label columns; labels are short.
pub fn text_width(s: &str, px: f64) -> f64 {
    s.chars()
        .map(|c| {
            if is_wide(c) {
                1.0
            } else if c.is_ascii_digit() {
                0.58
            } else if c.is_ascii_uppercase() || c == 'm' || c == 'w' {
                0.66
            } else if matches!(c, 'i' | 'l' | 'j' | 't' | 'f' | '.' | ',' | ' ' | '\'' | '|') {
                0.32
            } else {
                0.56
            }
        })
        .sum::<f64>()
        * px
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x1F300..=0x1FAFF | 0x20000..=0x3FFFD)
}

/// Estimated width of a text in a monospace font, in px: wide characters a full em, the
/// rest 0.62 em.
pub fn mono_width(s: &str, px: f64) -> f64 {
    s.chars().map(|c| if is_wide(c) { 1.0 } else { 0.62 }).sum::<f64>() * px
}

/// A "nice" axis maximum and tick step for values up to `max`: steps of 1, 2 or 5 times a
/// power of ten, about five ticks.
pub fn nice_scale(max: u64) -> (u64, u64) {
    if max == 0 {
        return (1, 1);
    }
    let rough = (max as f64 / 5.0).max(1.0);
    let pow = 10f64.powi(rough.log10().floor() as i32);
    let step = [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * pow).find(|s| *s >= rough).unwrap_or(10.0 * pow);
    let step = (step as u64).max(1);
    (max.div_ceil(step) * step, step)
}

/// Opening tag of a chart, its title and description, and the ids that label it.
fn open(out: &mut String, id: &str, w: f64, h: f64, title: &str, desc: &str) {
    let _ = write!(
        out,
        r#"<svg class="chart" id="{id}" role="img" aria-labelledby="{id}-t {id}-d" viewBox="0 0 {w} {h}" width="{w}" height="{h}" xmlns="http://www.w3.org/2000/svg"><title id="{id}-t">{}</title><desc id="{id}-d">{}</desc>"#,
        show(title, 300),
        show(desc, 2000)
    );
}

/// Vertical bars with a y axis (linear, or `log`: heights by log10(1 + value), ticks at
/// powers of ten), x labels under the bars, the value on top of each bar, and axis labels.
#[allow(clippy::too_many_arguments)]
pub fn vbars(
    id: &str,
    title: &str,
    desc: &str,
    bars: &[Bar],
    x_label: &str,
    y_label: &str,
    log: bool,
    w: f64,
) -> String {
    let h = 300.0;
    let (l, r, t, b) = (64.0, 12.0, 26.0, 58.0);
    let pw = w - l - r;
    let ph = h - t - b;
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0);
    let mut out = String::new();
    open(&mut out, id, w, h, title, desc);

    // Scale and ticks.
    let (ticks, y_of): (Vec<u64>, Box<dyn Fn(u64) -> f64>) = if log {
        let top_exp = if max <= 1 { 1 } else { (max as f64).log10().ceil() as u32 };
        let top = 10u64.saturating_pow(top_exp);
        let denom = ((top as f64) + 1.0).log10();
        // No 0 tick: the axis is there, and 0 and 1 would touch.
        let ticks = (0..=top_exp).map(|e| 10u64.saturating_pow(e)).collect();
        (ticks, Box::new(move |v: u64| t + ph - ph * ((v as f64) + 1.0).log10() / denom))
    } else {
        let (top, step) = nice_scale(max);
        let ticks = (0..=top / step).map(|i| i * step).collect();
        (ticks, Box::new(move |v: u64| t + ph - ph * v as f64 / top as f64))
    };
    for tick in &ticks {
        let y = y_of(*tick);
        let _ = write!(
            out,
            r#"<line x1="{l}" x2="{}" y1="{y:.1}" y2="{y:.1}" stroke="{GRID}"/><text x="{}" y="{:.1}" text-anchor="end" font-size="11" fill="{MUTED}">{}</text>"#,
            l + pw,
            l - 6.0,
            y + 4.0,
            int(*tick)
        );
    }
    // Axes.
    let _ = write!(
        out,
        r#"<line x1="{l}" x2="{l}" y1="{t}" y2="{}" stroke="{AXIS}"/><line x1="{l}" x2="{}" y1="{}" y2="{}" stroke="{AXIS}"/>"#,
        t + ph,
        l + pw,
        t + ph,
        t + ph
    );

    // Bars.
    let band = pw / bars.len().max(1) as f64;
    let bw = (band * 0.72).min(64.0);
    // x labels shrink (down to 9 px) until the widest fits its band.
    let widest = bars.iter().map(|b| text_width(&super::fmt::clean(&b.label, 16), 1.0)).fold(0.0, f64::max);
    let label_px = if widest > 0.0 { ((band - 4.0) / widest).clamp(9.0, FONT) } else { FONT };
    for (i, bar) in bars.iter().enumerate() {
        let cx = l + band * (i as f64 + 0.5);
        let y = y_of(bar.value);
        let bh = (t + ph - y).max(0.0);
        let _ = write!(
            out,
            r#"<g><title>{}</title><rect x="{:.1}" y="{y:.1}" width="{bw:.1}" height="{bh:.1}" rx="2" fill="{}"/>"#,
            show(&bar.tip, 400),
            cx - bw / 2.0,
            bar.color
        );
        let _ = write!(
            out,
            r#"<text x="{cx:.1}" y="{:.1}" text-anchor="middle" font-size="{FONT}" font-weight="600" fill="{TEXT}">{}</text>"#,
            y - 6.0,
            int(bar.value)
        );
        let _ = write!(
            out,
            r#"<text x="{cx:.1}" y="{:.1}" text-anchor="middle" font-size="{label_px:.1}" fill="{TEXT}">{}</text>"#,
            t + ph + 17.0,
            show(&bar.label, 16)
        );
        if !bar.note.is_empty() {
            let _ = write!(
                out,
                r#"<text x="{cx:.1}" y="{:.1}" text-anchor="middle" font-size="10.5" fill="{MUTED}">{}</text>"#,
                t + ph + 31.0,
                show(&bar.note, 16)
            );
        }
        out.push_str("</g>");
    }

    // Axis labels.
    let _ = write!(
        out,
        r#"<text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="{FONT}" fill="{MUTED}">{}</text>"#,
        l + pw / 2.0,
        h - 6.0,
        esc(x_label)
    );
    let _ = write!(
        out,
        r#"<text transform="translate(16 {:.1}) rotate(-90)" text-anchor="middle" font-size="{FONT}" fill="{MUTED}">{}</text>"#,
        t + ph / 2.0,
        esc(y_label)
    );
    out.push_str("</svg>");
    out
}

/// Horizontal bars, one row each: the label left (monospace), the bar, then the value and
/// its note; an x axis with ticks and its label under the bars.
pub fn hbars(id: &str, title: &str, desc: &str, bars: &[Bar], x_label: &str, w: f64) -> String {
    let row = 24.0;
    let label_max = 40;
    let label_w =
        bars.iter().map(|b| mono_width(&super::fmt::clean(&b.label, label_max), 12.5)).fold(80.0, f64::max).min(360.0);
    let value_w =
        bars.iter().map(|b| text_width(&format!("{} {}", int(b.value), b.note), FONT) + 14.0).fold(60.0, f64::max);
    let (l, r, t, b) = (label_w + 16.0, value_w, 8.0, 44.0);
    let h = t + row * bars.len() as f64 + b;
    let pw = w - l - r;
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0);
    let (top, step) = nice_scale(max);
    let x_of = |v: u64| l + pw * v as f64 / top as f64;
    let mut out = String::new();
    open(&mut out, id, w, h, title, desc);
    let bottom = t + row * bars.len() as f64;
    for i in 0..=top / step {
        let x = x_of(i * step);
        let _ = write!(
            out,
            r#"<line x1="{x:.1}" x2="{x:.1}" y1="{t}" y2="{bottom}" stroke="{GRID}"/><text x="{x:.1}" y="{:.1}" text-anchor="middle" font-size="11" fill="{MUTED}">{}</text>"#,
            bottom + 16.0,
            int(i * step)
        );
    }
    let _ = write!(out, r#"<line x1="{l}" x2="{l}" y1="{t}" y2="{bottom}" stroke="{AXIS}"/>"#);
    for (i, bar) in bars.iter().enumerate() {
        let y = t + row * i as f64;
        let bw = (x_of(bar.value) - l).max(if bar.value > 0 { 1.5 } else { 0.0 });
        let _ = write!(
            out,
            r#"<g><title>{}</title><text x="{:.1}" y="{:.1}" text-anchor="end" font-size="12.5" class="mono" fill="{TEXT}">{}</text><rect x="{l}" y="{:.1}" width="{bw:.1}" height="{:.1}" rx="2" fill="{}"/><text x="{:.1}" y="{:.1}" font-size="{FONT}" fill="{TEXT}"><tspan font-weight="600">{}</tspan> <tspan fill="{MUTED}">{}</tspan></text></g>"#,
            show(&bar.tip, 600),
            l - 8.0,
            y + row / 2.0 + 4.0,
            show(&bar.label, label_max),
            y + 4.0,
            row - 8.0,
            bar.color,
            l + bw + 6.0,
            y + row / 2.0 + 4.0,
            int(bar.value),
            show(&bar.note, 40)
        );
    }
    let _ = write!(
        out,
        r#"<text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="{FONT}" fill="{MUTED}">{}</text></svg>"#,
        l + pw / 2.0,
        h - 6.0,
        esc(x_label)
    );
    out
}

/// One stacked horizontal bar, segments in order, each labelled with its share when wide
/// enough; the legend is the caller's (HTML beside the chart).
pub fn stacked(id: &str, title: &str, desc: &str, parts: &[Bar], w: f64) -> String {
    let h = 34.0;
    let total: u64 = parts.iter().map(|p| p.value).sum();
    let mut out = String::new();
    open(&mut out, id, w, h, title, desc);
    let mut x = 0.0;
    for p in parts.iter().filter(|p| p.value > 0) {
        let pw = w * p.value as f64 / total.max(1) as f64;
        let share = super::fmt::pct(p.value, total);
        let _ = write!(
            out,
            r#"<g><title>{}</title><rect x="{x:.1}" y="0" width="{pw:.1}" height="{h}" fill="{}"/>"#,
            show(&p.tip, 400),
            p.color
        );
        if text_width(&share, FONT) + 10.0 < pw {
            let _ = write!(
                out,
                r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="{FONT}" font-weight="600" fill="#fff">{share}</text>"##,
                x + pw / 2.0,
                h / 2.0 + 4.0
            );
        }
        out.push_str("</g>");
        x += pw;
    }
    out.push_str("</svg>");
    out
}

/// A heat grid: rows × columns of counts, cells shaded by value (square-root scale), the
/// number written in each non-empty cell, column labels slanted above, row labels left, and
/// a total column and row.
pub struct Grid<'a> {
    /// Row labels (already final: cleaned and escaped when drawn).
    pub rows: &'a [String],
    /// Column labels.
    pub cols: &'a [String],
    /// Column tooltips (e.g. a form's generic class).
    pub col_tips: &'a [String],
    /// `cells[row][col]`.
    pub cells: &'a [Vec<u64>],
    /// Label of the row axis (top-left corner).
    pub row_axis: &'a str,
}

/// Draws a [`Grid`].
pub fn heat(id: &str, title: &str, desc: &str, g: &Grid<'_>) -> String {
    let (cw, ch) = (66.0, 28.0);
    let label_max = 18;
    let row_label_w = g
        .rows
        .iter()
        .map(|r| text_width(&super::fmt::clean(r, label_max), FONT))
        .fold(text_width(g.row_axis, 11.0), f64::max)
        .max(60.0)
        + 16.0;
    let col_label_h =
        g.cols.iter().map(|c| text_width(&super::fmt::clean(c, label_max), FONT)).fold(40.0, f64::max) * 0.72 + 18.0;
    let ncols = g.cols.len() + 1; // + total
    let nrows = g.rows.len() + 1;
    let (l, t) = (row_label_w, col_label_h);
    let w = l + cw * ncols as f64 + 40.0;
    let h = t + ch * nrows as f64 + 8.0;
    let max = g.cells.iter().flatten().copied().max().unwrap_or(0).max(1);
    let mut out = String::new();
    open(&mut out, id, w, h, title, desc);
    // Corner label.
    let _ = write!(
        out,
        r#"<text x="{:.1}" y="{:.1}" text-anchor="end" font-size="11" fill="{MUTED}">{}</text>"#,
        l - 8.0,
        t - 6.0,
        esc(g.row_axis)
    );
    // Column labels, slanted.
    for (j, c) in g.cols.iter().chain(std::iter::once(&"total".to_string())).enumerate() {
        let x = l + cw * j as f64 + cw / 2.0;
        let tip = g.col_tips.get(j).map(|s| s.as_str()).unwrap_or("");
        let weight = if j == g.cols.len() { "600" } else { "400" };
        let _ = write!(
            out,
            r#"<text transform="translate({:.1} {:.1}) rotate(-35)" font-size="{FONT}" font-weight="{weight}" fill="{TEXT}"><title>{}</title>{}</text>"#,
            x - 4.0,
            t - 8.0,
            show(tip, 200),
            show(c, label_max)
        );
    }
    let col_totals: Vec<u64> =
        (0..g.cols.len()).map(|j| g.cells.iter().map(|r| r.get(j).copied().unwrap_or(0)).sum()).collect();
    let grand: u64 = col_totals.iter().sum();
    for i in 0..nrows {
        let y = t + ch * i as f64;
        let is_total_row = i == g.rows.len();
        let label = if is_total_row { "total" } else { g.rows[i].as_str() };
        let weight = if is_total_row { "600" } else { "400" };
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end" font-size="{FONT}" font-weight="{weight}" fill="{TEXT}">{}</text>"#,
            l - 8.0,
            y + ch / 2.0 + 4.0,
            show(label, label_max)
        );
        let row_vals: Vec<u64> = if is_total_row { col_totals.clone() } else { g.cells[i].clone() };
        let row_total: u64 = if is_total_row { grand } else { row_vals.iter().sum() };
        for j in 0..ncols {
            let x = l + cw * j as f64;
            let is_total = is_total_row || j == g.cols.len();
            let v = if j == g.cols.len() { row_total } else { row_vals.get(j).copied().unwrap_or(0) };
            let (fill, fg) = if is_total {
                ("#f5f7fa".to_string(), TEXT)
            } else if v == 0 {
                ("#fbfcfd".to_string(), MUTED)
            } else {
                let s = (v as f64 / max as f64).sqrt();
                (shade(s), if s > 0.55 { "#ffffff" } else { TEXT })
            };
            let col = if j == g.cols.len() { "total" } else { g.cols[j].as_str() };
            let _ = write!(
                out,
                r##"<g><title>{} · {}: {}</title><rect x="{x:.1}" y="{y:.1}" width="{}" height="{}" fill="{fill}" stroke="#ffffff" stroke-width="2"/>"##,
                show(label, 60),
                show(col, 60),
                int(v),
                cw,
                ch
            );
            if v > 0 || is_total {
                let _ = write!(
                    out,
                    r#"<text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="{FONT}" font-weight="{}" fill="{fg}">{}</text>"#,
                    x + cw / 2.0,
                    y + ch / 2.0 + 4.0,
                    if is_total { "600" } else { "400" },
                    int(v)
                );
            }
            out.push_str("</g>");
        }
    }
    out.push_str("</svg>");
    out
}

/// A blue from pale (`s` = 0) to deep (`s` = 1).
fn shade(s: f64) -> String {
    let s = s.clamp(0.0, 1.0);
    let lerp = |a: f64, b: f64| (a + (b - a) * s).round() as u8;
    format!("#{:02x}{:02x}{:02x}", lerp(232.0, 31.0), lerp(240.0, 78.0), lerp(248.0, 121.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(label: &str, value: u64) -> Bar {
        Bar { label: label.into(), value, note: String::new(), color: "#336699", tip: label.into() }
    }

    #[test]
    fn nice_scales() {
        assert_eq!(nice_scale(0), (1, 1));
        assert_eq!(nice_scale(3), (3, 1));
        assert_eq!(nice_scale(7), (8, 2));
        assert_eq!(nice_scale(97), (100, 20));
        assert_eq!(nice_scale(1234), (1500, 500));
    }

    #[test]
    fn bar_charts_write_every_value_and_escape_labels() {
        let bars = [bar("<b>x</b>", 1234), bar("y", 0), bar("z", 7)];
        for svg in [
            vbars("v", "T", "D", &bars, "x", "y", false, 500.0),
            vbars("l", "T", "D", &bars, "x", "y", true, 500.0),
            hbars("h", "T", "D", &bars, "x", 800.0),
        ] {
            assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"), "{svg}");
            assert!(svg.contains(r#"role="img""#));
            assert!(svg.contains(">1,234<") && svg.contains(">7<"), "{svg}");
            assert!(!svg.contains("<b>"), "{svg}");
            assert!(svg.contains("&lt;b&gt;x&lt;/b&gt;"), "{svg}");
            assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
        }
    }

    #[test]
    fn charts_of_zeros_draw_without_nan() {
        let bars = [bar("a", 0), bar("b", 0)];
        for svg in
            [vbars("v", "T", "D", &bars, "x", "y", false, 500.0), vbars("l", "T", "D", &bars, "x", "y", true, 500.0)]
        {
            assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
        }
        let cells = vec![vec![0, 0]];
        let g = Grid {
            rows: &["NL".into()],
            cols: &["BV".into(), "NV".into()],
            col_tips: &[],
            cells: &cells,
            row_axis: "country",
        };
        assert!(!heat("g", "T", "D", &g).contains("NaN"));
    }

    #[test]
    fn heat_grid_writes_cells_and_totals() {
        let cells = vec![vec![5, 0], vec![1, 2]];
        let g = Grid {
            rows: &["NL".into(), "DE".into()],
            cols: &["BV".into(), "GMBH".into()],
            col_tips: &["LLC".into(), "LLC".into()],
            cells: &cells,
            row_axis: "country",
        };
        let svg = heat("g", "T", "D", &g);
        // Row totals 5 and 3, column totals 6 and 2, grand total 8.
        for n in [">5<", ">3<", ">6<", ">2<", ">8<", ">1<"] {
            assert!(svg.contains(n), "{n} missing: {svg}");
        }
    }

    #[test]
    fn wide_characters_measure_wider() {
        assert!(text_width("株式会社", 12.0) > text_width("abcd", 12.0));
    }
}
