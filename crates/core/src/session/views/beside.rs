//! Azure's own secure score beside Exempt's, with the reasons that fit
//! the data first.

use crate::score::Score;
use serde::{Deserialize, Serialize};

/// Azure's figure beside ours, with the likely reasons they differ.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Beside {
    /// What Azure reported.
    pub azure: Score,
    /// Ours, with exemptions.
    pub ours: Score,
    /// Why they may differ, most likely first; empty when they agree.
    pub reasons: Vec<String>,
}

/// Azure's score beside ours: the reasons worth checking, most likely first.
pub(super) fn beside(azure: Score, ours: Score, exemptions: usize) -> Beside {
    let diff = (azure.percentage - ours.percentage).abs();
    let mut reasons = Vec::new();
    // Azure writes percentages to four decimals and points to two.
    if diff >= 0.000_5 {
        // The reason that fits the data first: a maximum well below
        // Azure's means controls with no assessment here, which count
        // nothing, so the assessment export is likely missing rows.
        if ours.max < azure.max * 0.9 {
            reasons.push(format!(
                "Azure's score is out of {:.0} points and these exports give {:.0}: controls with no assessment here count nothing, so the assessment export is likely incomplete (a Resource Graph query returns its rows a page at a time, and every page must be saved).",
                azure.max, ours.max
            ));
        } else if ours.max > azure.max * 1.1 {
            reasons.push(format!(
                "These exports give a maximum of {:.0} points and Azure's score is out of {:.0}: the assessments may come from more subscriptions than Azure's score covers.",
                ours.max, azure.max
            ));
        }
        if diff < 0.01 {
            reasons.push(
                "Azure rounds each control's points to two decimals before adding them up."
                    .to_string(),
            );
        }
        if exemptions > 0 {
            reasons.push(format!(
                "{exemptions} exemptions are applied here; Azure counts only the exemptions it has, so any made here and not yet created in Azure, or removed here, differ."
            ));
        }
        reasons.push("The exports may have been taken at different times: Azure recomputes its score several times a day.".to_string());
    }
    Beside {
        azure,
        ours,
        reasons,
    }
}

#[cfg(test)]
mod beside_tests {
    use super::beside;
    use crate::score::Score;

    fn score(current: f64, max: f64) -> Score {
        Score {
            current,
            max,
            percentage: current / max,
        }
    }

    #[test]
    fn a_far_smaller_maximum_names_an_incomplete_export_first() {
        let b = beside(score(30.0, 60.0), score(20.0, 25.0), 0);
        assert!(
            b.reasons[0].contains("likely incomplete"),
            "{:?}",
            b.reasons
        );
        let b = beside(score(30.0, 60.0), score(45.0, 80.0), 0);
        assert!(
            b.reasons[0].contains("more subscriptions"),
            "{:?}",
            b.reasons
        );
        let b = beside(score(30.0, 60.0), score(30.2, 60.0), 0);
        assert!(b.reasons.iter().all(|r| !r.contains("likely incomplete")));
    }
}
