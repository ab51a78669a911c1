//! Recommendations: each with its resource counts after exemptions.

use crate::context::use_ctx;
use exempt_core::stats::{everything, recommendation_counts};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[function_component(Recommendations)]
pub fn recommendations() -> Html {
    let ctx = use_ctx();
    let query = use_state(String::new);
    let counts = use_memo(
        (ctx.world.clone(), ctx.analysis.clone()),
        |(world, analysis)| {
            recommendation_counts(
                &world.env,
                analysis.evaluation.statuses(),
                &everything(&world.env),
                None,
            )
        },
    );
    let world = &ctx.world;
    let env = &world.env;
    let q = query.trim().to_lowercase();
    let mut list: Vec<usize> = (0..env.recommendations().len())
        .filter(|&k| counts[k].total() > 0)
        .filter(|&k| q.is_empty() || world.title(k).to_lowercase().contains(&q))
        .collect();
    list.sort_by_key(|&k| std::cmp::Reverse(counts[k].unhealthy));
    let rows = list.iter().take(500).map(|&k| {
        let r = &env.recommendations()[k];
        let c = counts[k];
        let control = r.controls.first().map(|&c| env.controls()[c as usize].display_name.clone()).unwrap_or_else(|| "—".into());
        let category = r.categories.iter().map(|&c| env.categories()[c as usize].clone()).collect::<Vec<_>>().join(", ");
        html! {
            <tr>
                <th scope="row">{ world.title(k).to_string() }if r.preview { <span class="badge" title="Preview recommendations do not count toward the secure score">{ " Preview" }</span> }</th>
                <td>{ r.severity.clone().unwrap_or_default() }</td>
                <td>{ control }</td>
                <td>{ category }</td>
                <td class="number">{ c.unhealthy }</td>
                <td class="number">{ c.healthy }</td>
                <td class="number">{ c.not_applicable }</td>
            </tr>
        }
    });
    let on_search = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            query.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    html! {
        <div class="page">
            <h1>{ "Recommendations" }</h1>
            <div class="toolbar" role="search">
                <label for="rec-page-search" class="sr-only">{ "Search recommendations" }</label>
                <input id="rec-page-search" type="search" placeholder="Search recommendations" value={(*query).clone()} oninput={on_search} />
            </div>
            <table class="grid">
                <caption class="sr-only">{ "Recommendations, most unhealthy resources first" }</caption>
                <thead><tr>
                    <th scope="col">{ "Recommendation" }</th><th scope="col">{ "Severity" }</th><th scope="col">{ "Security control" }</th>
                    <th scope="col">{ "Category" }</th><th scope="col">{ "Unhealthy" }</th><th scope="col">{ "Healthy" }</th><th scope="col">{ "Not applicable" }</th>
                </tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
        </div>
    }
}
