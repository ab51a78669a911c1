//! The wizard's own reducer: step, draft and errors. It touches the app
//! state only when the wizard page dispatches Create.

use super::model::{validate, validate_through, Draft, Errors, Field, Rules, Step, TargetMode};
use exempt_core::{Cloud, ExemptionCategory};
use serde::{Deserialize, Serialize};
use std::rc::Rc;
use yew::Reducible;

/// The exemption being edited: its id and the revision the edit started from.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct Editing {
    pub id: String,
    pub revision: u32,
}

/// The wizard: kept in storage while in progress, so a reload loses nothing.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct WizardState {
    pub step: Step,
    pub draft: Draft,
    #[serde(skip)]
    pub errors: Errors,
    pub editing: Option<Editing>,
    /// Bumped when errors should take focus.
    #[serde(skip)]
    pub focus: u32,
}

impl WizardState {
    /// A blank wizard, or one filled in from an exemption.
    pub fn new(draft: Draft, editing: Option<Editing>) -> Self {
        WizardState {
            step: Step::Basics,
            draft,
            errors: Errors::new(),
            editing,
            focus: 0,
        }
    }

    /// The first field with an error, in form order.
    pub fn first_error(&self) -> Option<Field> {
        self.errors.keys().next().copied()
    }
}

#[derive(Clone, PartialEq, Debug)]
pub enum WizardAction {
    SetName(String),
    SetDescription(String),
    /// Who answers for the risk.
    SetOwner(String),
    /// The ticket.
    SetTicket(String),
    SetCloud(Cloud),
    ToggleScope(String),
    SetCategory(ExemptionCategory),
    SetExpiry(String),
    SetMode(TargetMode),
    ToggleKey(String),
    SetKeys(Vec<String>),
    SetTargetCategory(String),
    /// The Vulnerabilities condition as typed.
    SetVulnerabilities(super::model::VulnerabilityDraft),
    /// Validate the current step and move on.
    Next(Rc<Rules>),
    Previous,
    /// Jump to a tab: backwards always, forwards once the steps before are valid.
    GoTo(Step, Rc<Rules>),
    /// Show these errors (from Create), on their step.
    Refuse(Step, Errors),
}

impl Reducible for WizardState {
    type Action = WizardAction;

    fn reduce(self: Rc<Self>, action: WizardAction) -> Rc<Self> {
        let mut s = (*self).clone();
        let clear = |s: &mut WizardState, f: Field| {
            s.errors.remove(&f);
        };
        match action {
            WizardAction::SetName(v) => {
                s.draft.name = v;
                clear(&mut s, Field::Name);
            }
            WizardAction::SetDescription(v) => s.draft.description = v,
            WizardAction::SetOwner(v) => {
                s.draft.owner = v;
                clear(&mut s, Field::Owner);
            }
            WizardAction::SetTicket(v) => {
                s.draft.ticket = v;
                clear(&mut s, Field::Ticket);
            }
            WizardAction::SetCloud(c) => {
                if s.draft.cloud != c {
                    // Scopes and recommendations belong to one cloud.
                    s.draft.cloud = c;
                    s.draft.scopes.clear();
                    s.draft.keys.clear();
                    s.draft.target_category.clear();
                }
            }
            WizardAction::ToggleScope(scope) => {
                toggle(&mut s.draft.scopes, scope);
                clear(&mut s, Field::Scopes);
            }
            WizardAction::SetCategory(c) => {
                s.draft.category = Some(c);
                clear(&mut s, Field::Category);
            }
            WizardAction::SetExpiry(v) => {
                s.draft.expiry = v;
                clear(&mut s, Field::Expiry);
            }
            WizardAction::SetMode(m) => {
                s.draft.mode = m;
                clear(&mut s, Field::Recommendations);
                clear(&mut s, Field::RecommendationCategory);
                clear(&mut s, Field::Vulnerabilities);
            }
            WizardAction::ToggleKey(k) => {
                toggle(&mut s.draft.keys, k);
                clear(&mut s, Field::Recommendations);
            }
            WizardAction::SetKeys(keys) => {
                s.draft.keys = keys;
                clear(&mut s, Field::Recommendations);
            }
            WizardAction::SetTargetCategory(c) => {
                s.draft.target_category = c;
                clear(&mut s, Field::RecommendationCategory);
            }
            WizardAction::SetVulnerabilities(v) => {
                s.draft.vulnerabilities = v;
                clear(&mut s, Field::Vulnerabilities);
            }
            WizardAction::Next(rules) => {
                s.errors = validate(s.step, &s.draft, &rules);
                if s.errors.is_empty() {
                    s.step = s.step.next();
                } else {
                    s.focus += 1;
                }
            }
            WizardAction::Previous => {
                s.step = s.step.previous();
                s.errors.clear();
            }
            WizardAction::GoTo(step, rules) => {
                if step <= s.step {
                    s.step = step;
                    s.errors.clear();
                } else {
                    match validate_through(step.previous(), &s.draft, &rules) {
                        (None, _) => {
                            s.step = step;
                            s.errors.clear();
                        }
                        (Some(at), errors) => {
                            s.step = at;
                            s.errors = errors;
                            s.focus += 1;
                        }
                    }
                }
            }
            WizardAction::Refuse(step, errors) => {
                s.step = step;
                s.errors = errors;
                s.focus += 1;
            }
        }
        Rc::new(s)
    }
}

fn toggle(list: &mut Vec<String>, item: String) {
    match list.iter().position(|x| x.eq_ignore_ascii_case(&item)) {
        Some(i) => {
            list.remove(i);
        }
        None => list.push(item),
    }
}
