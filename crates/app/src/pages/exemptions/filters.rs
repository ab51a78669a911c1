//! The list's search and filters, as enums rather than strings.

use exempt_core::lint::Level;
use exempt_core::session::{ExemptionQuery, StatusFilter};
use exempt_core::{Cloud, ExemptionCategory};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FiltersProps {
    pub query: ExemptionQuery,
    pub on_query: Callback<ExemptionQuery>,
    /// Whether the "with findings" filter can be used yet.
    pub findings_ready: bool,
    /// Whether the Problems filter can be used yet.
    pub problems_ready: bool,
}

#[function_component(Filters)]
pub fn filters(props: &FiltersProps) -> Html {
    let q = &props.query;
    let change = |f: fn(&mut ExemptionQuery, &str)| {
        let (q, on_query) = (q.clone(), props.on_query.clone());
        move |v: String| {
            let mut next = q.clone();
            f(&mut next, &v);
            on_query.emit(next);
        }
    };
    let on_text = {
        let set = change(|q, v| q.text = v.to_string());
        Callback::from(move |e: InputEvent| {
            set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let select = |f: fn(&mut ExemptionQuery, &str)| {
        let set = change(f);
        Callback::from(move |e: Event| set(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    html! {
        <div class="toolbar" role="search">
            <label for="exemption-search" class="sr-only">{ "Search exemptions" }</label>
            <input id="exemption-search" type="search" placeholder="Search by name, description, scope or recommendation"
                value={q.text.clone()} oninput={on_text} />
            <label class="inline">{ "Category" }
                <select onchange={select(|q, v| q.category = ExemptionCategory::parse(v))}>
                    <option value="" selected={q.category.is_none()}>{ "All" }</option>
                    <option value="mitigated" selected={q.category == Some(ExemptionCategory::Mitigated)}>{ "Mitigated" }</option>
                    <option value="waiver" selected={q.category == Some(ExemptionCategory::Waiver)}>{ "Waiver" }</option>
                </select>
            </label>
            <label class="inline">{ "Cloud" }
                <select onchange={select(|q, v| q.cloud = Cloud::parse(v))}>
                    <option value="" selected={q.cloud.is_none()}>{ "All" }</option>
                    { for Cloud::ALL.iter().map(|c| html! { <option value={c.as_str()} selected={q.cloud == Some(*c)}>{ c.as_str() }</option> }) }
                </select>
            </label>
            <label class="inline">{ "State" }
                <select onchange={select(|q, v| q.status = match v {
                    "active" => Some(StatusFilter::Active),
                    "pending" => Some(StatusFilter::Pending),
                    "rejected" => Some(StatusFilter::Rejected),
                    "expired" => Some(StatusFilter::Expired),
                    _ => None,
                })}>
                    <option value="" selected={q.status.is_none()}>{ "All" }</option>
                    <option value="active" selected={q.status == Some(StatusFilter::Active)}>{ "Active" }</option>
                    <option value="pending" selected={q.status == Some(StatusFilter::Pending)}>{ "Pending" }</option>
                    <option value="rejected" selected={q.status == Some(StatusFilter::Rejected)}>{ "Rejected" }</option>
                    <option value="expired" selected={q.status == Some(StatusFilter::Expired)}>{ "Expired" }</option>
                </select>
            </label>
            <label class="inline">{ "Problems" }
                <select disabled={!props.problems_ready} onchange={select(|q, v| q.problems = match v {
                    "error" => Some(Level::Error),
                    "warning" => Some(Level::Warning),
                    "note" => Some(Level::Note),
                    _ => None,
                })}>
                    <option value="" selected={q.problems.is_none()}>{ "All" }</option>
                    <option value="error" selected={q.problems == Some(Level::Error)}>{ "Errors" }</option>
                    <option value="warning" selected={q.problems == Some(Level::Warning)}>{ "Warnings or errors" }</option>
                    <option value="note" selected={q.problems == Some(Level::Note)}>{ "Any problem" }</option>
                </select>
            </label>
            <label class="inline checkbox">
                <input type="checkbox" checked={q.with_findings} disabled={!props.findings_ready}
                    onchange={
                        let set = change(|q, _| q.with_findings = !q.with_findings);
                        Callback::from(move |_: Event| set(String::new()))
                    } />
                { "With findings" }
            </label>
        </div>
    }
}
