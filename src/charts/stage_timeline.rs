//! `stage_timeline`: every PTCE as a row of coloured stage segments on a calendar axis, grouped
//! by territory, ordered by first entry; dormancy hatched, ongoing stages end with an arrowhead.
//! Source: `stages` (ptce_id, stage, entry, end, status), `territories` (group) if present.

use super::axes::{self, Scale};
use super::data::{self, Cols};
use super::draw::{self, legend, line_height, Ctx, Mark, Pen};
use super::i18n::group_label;
use super::theme::{self, stage_colour, text_width, INK, PT_SMALL, PT_TEXT};
use super::{ChartError, Drawn};
use crate::date::{Date, PartialDate};
use crate::table::Table;
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::Color;
use std::collections::BTreeMap;

/// One drawn segment.
struct Segment {
    stage: String,
    from: i32,
    to: i32,
    ongoing: bool,
}

/// Day number of a date text (partial dates stand for their first day).
fn day(text: &str) -> Option<i32> {
    PartialDate::parse(text).ok().map(|d| d.first_day().days())
}

fn year_start(y: i32) -> i32 {
    Date::from_ymd(y, 1, 1).map(|d| d.days()).unwrap_or(0)
}

/// Most PTCE rows drawn: a larger study shows one PTCE in `stride` of each group, in order of
/// first entry, so that the figure stays readable and light (10,000 rows would make a figure
/// several metres tall); the group headers say so.
pub const MAX_ROWS: usize = 150;

/// Keeps every `stride`-th PTCE of each group (first included), `stride` the smallest that
/// leaves at most [`MAX_ROWS`] rows in all; returns (group, kept PTCEs, PTCEs of the group)
/// and the stride.
fn thin_rows(ordered: Vec<(String, Vec<String>)>) -> (Vec<(String, Vec<String>, usize)>, usize) {
    let total: usize = ordered.iter().map(|(_, m)| m.len()).sum();
    let largest = ordered
        .iter()
        .map(|(_, m)| m.len())
        .max()
        .unwrap_or(1)
        .max(1);
    let mut stride = total.div_ceil(MAX_ROWS).clamp(1, largest);
    // Every group keeps its first PTCE: with more than MAX_ROWS groups, one row per group
    // (stride = the largest group) is the least there can be.
    while stride < largest {
        let kept: usize = ordered.iter().map(|(_, m)| m.len().div_ceil(stride)).sum();
        if kept <= MAX_ROWS {
            break;
        }
        stride += 1;
    }
    let out = ordered
        .into_iter()
        .map(|(g, m)| {
            let n = m.len();
            (g, m.into_iter().step_by(stride).collect(), n)
        })
        .collect();
    (out, stride)
}

/// Draws the figure.
///
/// # Errors
/// [`ChartError::Column`] if `stages` lacks a documented column.
pub fn draw(tables: &[Table], ctx: &Ctx) -> Result<Drawn, ChartError> {
    let Some(t) = data::find(tables, "stages") else {
        return draw::svg(ctx, 100.0, |_| Ok(()));
    };
    let c = Cols::new(t, &ctx.figure);
    let (ids, stages, entries, ends, statuses) = (
        c.text("ptce_id")?,
        c.text("stage")?,
        c.text("entry")?,
        c.text("end")?,
        c.text("status")?,
    );
    let mut all_stages = data::distinct(&stages);
    data::stage_order(&mut all_stages);
    let reference = entries
        .iter()
        .chain(ends.iter())
        .filter_map(|s| day(s))
        .max()
        .unwrap_or(0);
    let mut rows: BTreeMap<String, Vec<Segment>> = BTreeMap::new();
    for i in 0..c.height() {
        let Some(from) = day(&entries[i]) else {
            continue;
        };
        let ongoing = statuses[i] == "ongoing";
        let to = day(&ends[i]).unwrap_or(if ongoing { reference } else { from });
        rows.entry(ids[i].clone()).or_default().push(Segment {
            stage: stages[i].clone(),
            from,
            to: to.max(from),
            ongoing,
        });
    }
    let groups_of = data::ptce_groups(tables);
    let mut groups: Vec<String> = rows
        .keys()
        .map(|id| groups_of.get(id).cloned().unwrap_or_default())
        .collect();
    data::group_order(&mut groups);
    let first = |id: &String| rows[id].iter().map(|s| s.from).min().unwrap_or(0);
    let ordered: Vec<(String, Vec<String>)> = groups
        .iter()
        .map(|g| {
            let mut members: Vec<String> = rows
                .keys()
                .filter(|id| groups_of.get(*id).cloned().unwrap_or_default() == *g)
                .cloned()
                .collect();
            members.sort_by(|a, b| first(a).cmp(&first(b)).then(a.cmp(b)));
            (g.clone(), members)
        })
        .collect();
    let (ordered, stride) = thin_rows(ordered);

    let lang = ctx.lang;
    let shown: usize = ordered.iter().map(|(_, m, _)| m.len()).sum();
    // Rows of 3 mm, 2.6 mm above 40 PTCEs (6 pt labels need 2.5 mm).
    let rh = if shown > 40 { 26.0 } else { 30.0 };
    let half = rh / 3.0;
    let header = line_height(PT_TEXT) + 6.0;
    let label_w = rows
        .keys()
        .map(|id| text_width(id, PT_SMALL))
        .fold(0.0, f64::max)
        + 15.0;
    let x0 = theme::MARGIN as f64 + label_w;
    let x1 = ctx.w() - theme::MARGIN as f64 - 20.0;
    let names = data::stage_labels(tables, lang);
    let legend_items: Vec<(Mark, String)> = all_stages
        .iter()
        .map(|s| {
            let col = stage_colour(s, data::custom_rank(s, &all_stages));
            (
                Mark::Swatch(col),
                format!("{s} {}", data::stage_name(s, &names, lang)),
            )
        })
        .collect();
    let labels: Vec<String> = legend_items.iter().map(|(_, l)| l.clone()).collect();
    let (_, legend_h) = draw::legend_layout(&labels, x1 - theme::MARGIN as f64);
    let group_gap = 10.0;
    let body = ordered
        .iter()
        .map(|(_, m, _)| header + rh * m.len() as f64)
        .sum::<f64>()
        + group_gap * ordered.len().saturating_sub(1) as f64;
    let top = theme::MARGIN as f64;
    let axis_y = top + body + 6.0;
    let height = axis_y + axes::bottom_room(true) + 12.0 + legend_h + theme::MARGIN as f64;

    let lo_year = Date::from_days(rows.values().flatten().map(|s| s.from).min().unwrap_or(0))
        .ymd()
        .0;
    let hi_year = Date::from_days(reference).ymd().0 + 1;
    let span = hi_year - lo_year;
    let step = [1, 2, 5, 10, 20, 50]
        .into_iter()
        .find(|s| span / s <= 7)
        .unwrap_or(100);
    let tlo = lo_year.div_euclid(step) * step;
    let thi = (hi_year + step - 1).div_euclid(step) * step;
    let ticks: Vec<i32> = (tlo..=thi).step_by(step as usize).collect();
    let xs = Scale::new(
        f64::from(year_start(tlo)),
        f64::from(year_start(thi)),
        x0,
        x1,
    );

    draw::svg(ctx, height, |pen: &mut Pen| {
        let mut y = top;
        for (gi, (g, members, of)) in ordered.iter().enumerate() {
            if gi > 0 {
                y += group_gap;
            }
            let head = if stride > 1 {
                let every = lang.pick("une sur", "one in");
                let by = lang.pick("par date d’entrée", "by first entry");
                format!(
                    "{} ({} / {of} ; {every} {stride} {by})",
                    group_label(g, lang),
                    members.len()
                )
            } else {
                format!("{} ({})", group_label(g, lang), members.len())
            };
            pen.text(
                &head,
                theme::MARGIN as f64,
                y + 2.0,
                PT_TEXT,
                HPos::Left,
                VPos::Top,
            )?;
            y += header;
            for id in members {
                let cy = y + rh / 2.0;
                pen.text(id, x0 - 10.0, cy, PT_SMALL, HPos::Right, VPos::Center)?;
                for s in &rows[id] {
                    let col = stage_colour(&s.stage, data::custom_rank(&s.stage, &all_stages));
                    let (a, b) = (
                        xs.at(f64::from(s.from)),
                        xs.at(f64::from(s.to)).max(xs.at(f64::from(s.from)) + 3.0),
                    );
                    pen.rect((a, cy - half, b, cy + half), col.filled())?;
                    if s.stage == "D" {
                        let mut hx = a + 6.0;
                        while hx < b {
                            pen.line(&[(hx, cy - half), (hx, cy + half)], INK, theme::STROKE_THIN)?;
                            hx += 12.0;
                        }
                    }
                    if s.ongoing {
                        pen.polygon(&[(b, cy - half), (b + 14.0, cy), (b, cy + half)], col, 1.0)?;
                    }
                }
                y += rh;
            }
        }
        // Calendar axis.
        for t in &ticks {
            let x = xs.at(f64::from(year_start(*t)));
            pen.line(&[(x, top), (x, axis_y)], theme::LIGHT, theme::STROKE_THIN)?;
            pen.line(&[(x, axis_y), (x, axis_y + 8.0)], INK, theme::STROKE_AXIS)?;
            pen.text(
                &t.to_string(),
                x,
                axis_y + 12.0,
                PT_SMALL,
                HPos::Center,
                VPos::Top,
            )?;
        }
        pen.line(&[(x0, axis_y), (x1, axis_y)], INK, theme::STROKE_AXIS)?;
        let title = lang.pick(
            "année (date d’entrée dans l’étape)",
            "year (stage entry date)",
        );
        let ty = axis_y + 16.0 + line_height(PT_SMALL);
        pen.text(title, (x0 + x1) / 2.0, ty, PT_TEXT, HPos::Center, VPos::Top)?;
        let ly = ty + line_height(PT_TEXT) + 12.0;
        legend(
            pen,
            &legend_items,
            theme::MARGIN as f64,
            ly,
            x1 - theme::MARGIN as f64,
        )?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups(sizes: &[usize]) -> Vec<(String, Vec<String>)> {
        sizes
            .iter()
            .enumerate()
            .map(|(g, &n)| {
                (
                    format!("g{g}"),
                    (0..n).map(|i| format!("P{g}-{i}")).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn small_studies_keep_every_row() {
        let (out, stride) = thin_rows(groups(&[100, 50]));
        assert_eq!(stride, 1);
        assert_eq!(out[0].1.len(), 100);
        assert_eq!(out[1].2, 50);
    }

    #[test]
    fn large_studies_keep_one_in_stride_per_group_within_the_cap() {
        // 10,000 PTCEs in groups of 6,001 / 3,000 / 999: stride 67 → 90 + 45 + 15 = 150 rows.
        let (out, stride) = thin_rows(groups(&[6_001, 3_000, 999]));
        assert_eq!(stride, 67);
        let kept: Vec<usize> = out.iter().map(|(_, m, _)| m.len()).collect();
        assert_eq!(kept, vec![90, 45, 15]);
        assert!(kept.iter().sum::<usize>() <= MAX_ROWS);
        assert_eq!(out[0].1[0], "P0-0");
        assert_eq!(out[0].1[1], "P0-67");
        assert_eq!(out[2].2, 999);
    }

    #[test]
    fn more_groups_than_rows_keep_one_row_per_group() {
        // 200 groups of 3: at most one row each can go, and the search stops there.
        let (out, stride) = thin_rows(groups(&[3; 200]));
        assert_eq!(stride, 3);
        assert!(out.iter().all(|(_, m, n)| m.len() == 1 && *n == 3));
    }
}
