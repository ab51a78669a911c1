//! Recommendations: each with its resource counts after exemptions, searchable
//! and filterable by severity, category, cloud and exempted state.

use crate::components::link::RouteLink;
use crate::context::use_ctx;
use crate::route::Route;
use exempt_core::stats::{everything, recommendation_counts};
use exempt_core::Cloud;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Clone, PartialEq, Default)]
struct Filters {
    text: String,
    severity: String,
    category: String,
    cloud: String,
    exempted: String,
}

#[function_component(Recommendations)]
pub fn recommendations() -> Html {
    let ctx = use_ctx();
    let filters = use_state(Filters::default);
    let cloud = Cloud::parse(&filters.cloud);
    let counts = use_memo(
        (ctx.world.clone(), ctx.analysis.clone(), cloud),
        |(world, analysis, cloud)| {
            recommendation_counts(
                &world.env,
                analysis.evaluation.statuses(),
                &everything(&world.env),
                *cloud,
            )
        },
    );
    let exempted = use_memo(
        (ctx.world.clone(), ctx.analysis.clone(), cloud),
        |(world, analysis, cloud)| {
            let mut n = vec![0u32; world.env.recommendations().len()];
            for a in 0..world.env.assessment_count() {
                let r = world.env.assessment_resource(a);
                let in_cloud = cloud.is_none_or(|c| world.env.resource_cloud(r) == c);
                if in_cloud && analysis.evaluation.decided_by(a).is_some() {
                    n[world.env.assessment_recommendation(a)] += 1;
                }
            }
            n
        },
    );
    let world = &ctx.world;
    let env = &world.env;
    let f = &*filters;
    let q = f.text.trim().to_lowercase();
    let mut list: Vec<usize> = (0..env.recommendations().len())
        .filter(|&k| counts[k].total() > 0)
        .filter(|&k| q.is_empty() || world.title(k).to_lowercase().contains(&q))
        .filter(|&k| {
            f.severity.is_empty()
                || env.recommendations()[k].severity.as_deref() == Some(f.severity.as_str())
        })
        .filter(|&k| {
            f.category.is_empty()
                || env.recommendations()[k]
                    .categories
                    .iter()
                    .any(|&c| env.categories()[c as usize] == f.category)
        })
        .filter(|&k| match f.exempted.as_str() {
            "yes" => exempted[k] > 0,
            "no" => exempted[k] == 0,
            _ => true,
        })
        .collect();
    list.sort_by_key(|&k| {
        (
            std::cmp::Reverse(counts[k].unhealthy),
            world.title(k).to_lowercase(),
        )
    });
    let shown = list.len();
    let rows = list.iter().take(500).map(|&k| {
        let r = &env.recommendations()[k];
        let c = counts[k];
        let control = r
            .controls
            .iter()
            .map(|&c| env.controls()[c as usize].display_name.clone())
            .collect::<Vec<_>>()
            .join(", ");
        let category = r.categories.iter().map(|&c| env.categories()[c as usize].clone()).collect::<Vec<_>>().join(", ");
        html! {
            <tr>
                <th scope="row">
                    <RouteLink to={Route::Recommendation { key: r.key.clone() }}>{ world.title(k).to_string() }</RouteLink>
                    if r.preview { { " " }<span class="badge" title="Preview recommendations do not count toward the secure score">{ "Preview" }</span> }
                </th>
                <td>{ r.severity.clone().unwrap_or_default() }</td>
                <td>{ if control.is_empty() { "—".to_string() } else { control } }</td>
                <td>{ category }</td>
                <td class="number">{ c.unhealthy }</td>
                <td class="number">{ c.healthy }</td>
                <td class="number">{ c.not_applicable }</td>
                <td class="number">{ exempted[k] }</td>
            </tr>
        }
    });
    let set = |field: fn(&mut Filters, String)| {
        let filters = filters.clone();
        move |v: String| {
            let mut next = (*filters).clone();
            field(&mut next, v);
            filters.set(next);
        }
    };
    let on_text = {
        let set = set(|f, v| f.text = v);
        Callback::from(move |e: InputEvent| {
            set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let select = |label: &str,
                  field: fn(&mut Filters, String),
                  current: &str,
                  options: Vec<(String, String)>| {
        let set = set(field);
        let onchange = Callback::from(move |e: Event| {
            set(e.target_unchecked_into::<HtmlSelectElement>().value())
        });
        html! {
            <label class="inline">{ label.to_string() }
                <select {onchange}>
                    <option value="" selected={current.is_empty()}>{ "All" }</option>
                    { for options.into_iter().map(|(v, l)| html! { <option value={v.clone()} selected={current == v}>{ l }</option> }) }
                </select>
            </label>
        }
    };
    let mut categories: Vec<String> = env.categories().to_vec();
    categories.sort();
    let pair = |s: &str| (s.to_string(), s.to_string());
    html! {
        <div class="page">
            <h1>{ "Recommendations" }</h1>
            <p class="hint">{ "Counts are after exemptions. Preview recommendations are marked and do not count toward the secure score." }</p>
            <div class="toolbar" role="search">
                <label for="rec-page-search" class="sr-only">{ "Search recommendations" }</label>
                <input id="rec-page-search" type="search" placeholder="Search recommendations" value={f.text.clone()} oninput={on_text} />
                { select("Severity", |f, v| f.severity = v, &f.severity, ["High", "Medium", "Low"].iter().map(|s| pair(s)).collect()) }
                { select("Category", |f, v| f.category = v, &f.category, categories.iter().map(|s| pair(s)).collect()) }
                { select("Cloud", |f, v| f.cloud = v, &f.cloud, Cloud::ALL.iter().map(|c| pair(c.as_str())).collect()) }
                { select("Exempted", |f, v| f.exempted = v, &f.exempted, vec![("yes".into(), "Exempted".into()), ("no".into(), "Not exempted".into())]) }
            </div>
            <p class="muted small" role="status">{ format!("{shown} recommendations") }</p>
            <table class="grid">
                <caption class="sr-only">{ "Recommendations, most unhealthy resources first" }</caption>
                <thead><tr>
                    <th scope="col">{ "Recommendation" }</th><th scope="col">{ "Severity" }</th><th scope="col">{ "Security control" }</th>
                    <th scope="col">{ "Category" }</th><th scope="col">{ "Unhealthy" }</th><th scope="col">{ "Healthy" }</th>
                    <th scope="col">{ "Not applicable" }</th><th scope="col">{ "Exempted" }</th>
                </tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
        </div>
    }
}
