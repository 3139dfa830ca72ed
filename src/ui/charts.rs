//! Small SVG charts drawn here (no chart library): bars with an optional line, a title, axis
//! labels, every value on hover, focus and tap, and the same figures as a table for screen
//! readers, print and anyone who prefers numbers.

use crate::domain::Locale;
use crate::ui::i18n::use_i18n;
use leptos::prelude::*;

/// One series: its name and, per category, the value drawn and the text shown for it.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<f64>,
    pub shown: Vec<String>,
}

impl Series {
    pub fn new(name: impl Into<String>, values: Vec<f64>, shown: Vec<String>) -> Series {
        Series { name: name.into(), values, shown }
    }

    /// Amounts, drawn by value and shown in the book's currency.
    pub fn money(name: impl Into<String>, amounts: &[crate::domain::Money]) -> Series {
        Series::new(name, amounts.iter().map(|m| money_f64(*m)).collect(), amounts.iter().map(|m| crate::ui::components::money_text(*m)).collect())
    }
}

/// An amount as a float, for drawing only.
pub fn money_f64(m: crate::domain::Money) -> f64 {
    m.value().to_string().parse().unwrap_or(0.0)
}

/// Where a line series is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum LineScale {
    /// On the bars' axis (a target against revenue).
    #[default]
    Shared,
    /// On its own 0–100 % axis on the right (a Pareto chart's cumulative share).
    Percent,
}

/// A chart's figures: categories along the bottom, bars, and perhaps a line.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartData {
    pub title: String,
    pub x_title: String,
    pub y_title: String,
    pub labels: Vec<String>,
    pub bars: Series,
    pub line: Option<Series>,
    pub line_scale: LineScale,
}

const W: f64 = 640.0;
const H: f64 = 250.0;
const LEFT: f64 = 64.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 44.0;

/// The smallest 1, 2 or 5 × 10ⁿ at or above `v` (an axis top a reader can count in).
pub fn nice_ceiling(v: f64) -> f64 {
    if !(v.is_finite() && v > 0.0) {
        return 1.0;
    }
    let p = 10f64.powf(v.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0].into_iter().map(|m| m * p).find(|c| *c >= v * 0.999_999).unwrap_or(10.0 * p)
}

/// An axis figure kept short: 万 / 亿 in Chinese, k / M / B in English.
pub fn compact(v: f64, lang: Locale) -> String {
    let trim = |x: f64| {
        let s = format!("{x:.1}");
        s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
    };
    let a = v.abs();
    match lang {
        Locale::Zh if a >= 1e8 => format!("{}亿", trim(v / 1e8)),
        Locale::Zh if a >= 1e4 => format!("{}万", trim(v / 1e4)),
        Locale::En if a >= 1e9 => format!("{}B", trim(v / 1e9)),
        Locale::En if a >= 1e6 => format!("{}M", trim(v / 1e6)),
        Locale::En if a >= 1e3 => format!("{}k", trim(v / 1e3)),
        _ => trim(v),
    }
}

/// Bars with an optional line. The chart re-draws when `data` changes (a new period, the
/// other language).
#[component]
pub fn BarChart(#[prop(into)] data: Signal<ChartData>, testid: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    // The category whose figures are read out (hover, focus or tap).
    let picked = RwSignal::new(None::<usize>);
    let title_id = format!("{testid}-title");
    let readout = move || {
        data.with(|d| match picked.get().filter(|i| *i < d.labels.len()) {
            Some(i) => {
                let mut parts = vec![format!("{}：{} {}", d.labels[i], d.bars.name, d.bars.shown.get(i).cloned().unwrap_or_default())];
                if let Some(l) = &d.line {
                    parts.push(format!("{} {}", l.name, l.shown.get(i).cloned().unwrap_or_default()));
                }
                let text = parts.join(" · ");
                if i18n.get() == Locale::En { text.replacen('：', ": ", 1) } else { text }
            }
            None => match i18n.get() {
                Locale::Zh => "指向或轻点柱形查看数值".to_string(),
                Locale::En => "Hover or tap a bar for its figures".to_string(),
            },
        })
    };
    let drawing = move || {
        let d = data.get();
        let lang = i18n.get();
        let n = d.labels.len().max(1);
        let right = if d.line.is_some() && d.line_scale == LineScale::Percent { 48.0 } else { 12.0 };
        let (pw, ph) = (W - LEFT - right, H - TOP - BOTTOM);
        let shared_line = d.line.as_ref().filter(|_| d.line_scale == LineScale::Shared).map(|l| l.values.clone()).unwrap_or_default();
        let max = d.bars.values.iter().chain(shared_line.iter()).copied().filter(|v| v.is_finite()).fold(0.0, f64::max);
        let top = nice_ceiling(max);
        let y = move |v: f64| TOP + ph - (v.max(0.0) / top).min(1.0) * ph;
        let band = pw / n as f64;
        let x_mid = move |i: usize| LEFT + band * (i as f64 + 0.5);
        // Every label when they fit, else every k-th (a CJK character is about twice as wide).
        let widest = d.labels.iter().map(|l| l.chars().map(|c| if c.is_ascii() { 1.0 } else { 1.9 }).sum::<f64>()).fold(1.0, f64::max);
        let step = (n as f64 * (widest * 6.6 + 12.0) / pw).ceil().max(1.0) as usize;
        let grid = (0..=4).map(|k| {
            let v = top * f64::from(k) / 4.0;
            view! {
                <line class="chart-grid" x1=LEFT x2=LEFT + pw y1=y(v) y2=y(v) />
                <text class="chart-axis" x=LEFT - 6.0 y=y(v) + 4.0 text-anchor="end">{compact(v, lang)}</text>
            }
        }).collect_view();
        let percent_axis = (d.line.is_some() && d.line_scale == LineScale::Percent).then(|| (0..=4).map(|k| {
            let yy = TOP + ph - ph * f64::from(k) / 4.0;
            view! { <text class="chart-axis" x=LEFT + pw + 6.0 y=yy + 4.0>{format!("{}%", k * 25)}</text> }
        }).collect_view());
        let columns = d.labels.iter().enumerate().map(|(i, label)| {
            let v = d.bars.values.get(i).copied().unwrap_or(0.0);
            let bw = (band * 0.62).max(1.0);
            let bar_top = y(v);
            let mut said = format!("{label}: {} {}", d.bars.name, d.bars.shown.get(i).cloned().unwrap_or_default());
            if let Some(l) = &d.line {
                said.push_str(&format!(", {} {}", l.name, l.shown.get(i).cloned().unwrap_or_default()));
            }
            let show_label = i % step == 0;
            view! {
                <g class="chart-col" class:picked=move || picked.get() == Some(i) tabindex="0" role="img" aria-label=said.clone()
                    on:pointerenter=move |_| picked.set(Some(i)) on:focus=move |_| picked.set(Some(i)) on:click=move |_| picked.set(Some(i))>
                    <title>{said.clone()}</title>
                    <rect class="chart-hit" x=x_mid(i) - band / 2.0 y=TOP width=band height=ph />
                    <rect class="chart-bar" x=x_mid(i) - bw / 2.0 y=bar_top width=bw height=(TOP + ph - bar_top).max(0.0) rx="2" />
                    {show_label.then(|| view! { <text class="chart-axis" x=x_mid(i) y=TOP + ph + 16.0 text-anchor="middle">{label.clone()}</text> })}
                </g>
            }
        }).collect_view();
        let line = d.line.as_ref().map(|l| {
            let ly = |v: f64| match d.line_scale {
                LineScale::Shared => y(v),
                LineScale::Percent => TOP + ph - (v / 100.0).clamp(0.0, 1.0) * ph,
            };
            let points: String = l.values.iter().enumerate().map(|(i, v)| format!("{:.1},{:.1}", x_mid(i), ly(*v))).collect::<Vec<_>>().join(" ");
            let dots = l.values.iter().enumerate().map(|(i, v)| view! { <circle class="chart-dot" cx=x_mid(i) cy=ly(*v) r="3" /> }).collect_view();
            view! { <polyline class="chart-line" points=points />{dots} }
        });
        view! {
            {grid}
            {percent_axis}
            <line class="chart-axis-line" x1=LEFT x2=LEFT + pw y1=TOP + ph y2=TOP + ph />
            {columns}
            {line}
            <text class="chart-axis-title" x=LEFT + pw / 2.0 y=H - 4.0 text-anchor="middle">{d.x_title.clone()}</text>
            <text class="chart-axis-title" x="12" y=TOP + ph / 2.0 text-anchor="middle" transform=format!("rotate(-90 12 {})", TOP + ph / 2.0)>{d.y_title.clone()}</text>
        }
    };
    let legend = move || data.with(|d| {
        let line = d.line.as_ref().map(|l| view! { <span class="legend-line">{l.name.clone()}</span> });
        view! { <span class="legend-bar">{d.bars.name.clone()}</span>{line} }
    });
    let table = move || data.with(|d| {
        let line_name = d.line.as_ref().map(|l| l.name.clone());
        view! {
            <table class="table">
                <thead><tr><th>{d.x_title.clone()}</th><th class="num">{d.bars.name.clone()}</th>{line_name.map(|n| view! { <th class="num">{n}</th> })}</tr></thead>
                <tbody>
                    {d.labels.iter().enumerate().map(|(i, label)| view! {
                        <tr>
                            <td>{label.clone()}</td>
                            <td class="num">{d.bars.shown.get(i).cloned().unwrap_or_default()}</td>
                            {d.line.as_ref().map(|l| view! { <td class="num">{l.shown.get(i).cloned().unwrap_or_default()}</td> })}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        }
    });
    view! {
        // Pointer events, not mouse ones: after a tap the browser sends the emulated mouse's
        // "left" and "entered" (back to where a mouse rests), which must not move the figures
        // read out; a finger lifting leaves them.
        <figure class="chart" data-testid=testid
            on:pointerleave=move |ev: leptos::ev::PointerEvent| if ev.pointer_type() == "mouse" { picked.set(None) }>
            <figcaption id=title_id.clone() class="chart-title">{move || data.with(|d| d.title.clone())}<span class="chart-legend">{legend}</span></figcaption>
            <svg viewBox=format!("0 0 {W} {H}") role="group" aria-labelledby=title_id>{drawing}</svg>
            <p class="chart-readout hint" aria-live="polite" data-testid=format!("{testid}-readout")>{readout}</p>
            <details class="chart-table">
                <summary>{move || match i18n.get() { Locale::Zh => "以表格查看", Locale::En => "Show as a table" }}</summary>
                {table}
            </details>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_tops_are_round() {
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(nice_ceiling(f64::NAN), 1.0);
        assert_eq!(nice_ceiling(7.0), 10.0);
        assert_eq!(nice_ceiling(1.0), 1.0);
        assert_eq!(nice_ceiling(130_000.0), 200_000.0);
        assert_eq!(nice_ceiling(2_100.0), 2_500.0);
        assert_eq!(nice_ceiling(480_000.0), 500_000.0);
    }

    #[test]
    fn compact_figures_in_both_languages() {
        assert_eq!(compact(250_000.0, Locale::Zh), "25万");
        assert_eq!(compact(250_000.0, Locale::En), "250k");
        assert_eq!(compact(1_500_000.0, Locale::En), "1.5M");
        assert_eq!(compact(320_000_000.0, Locale::Zh), "3.2亿");
        assert_eq!(compact(0.0, Locale::En), "0");
        assert_eq!(compact(950.0, Locale::Zh), "950");
    }
}
