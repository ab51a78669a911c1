//! Storage notices: unreadable data kept aside, migration, failed saves.

use crate::context::use_ctx;
use crate::state::{Action, Banner};
use yew::prelude::*;

#[function_component(Banners)]
pub fn banners() -> Html {
    let ctx = use_ctx();
    let items = ctx.state.banners.iter().enumerate().map(|(i, banner)| {
        let dismiss = {
            let state = ctx.state.clone();
            Callback::from(move |_| state.dispatch(Action::Dismiss(i)))
        };
        let (kind, body) = match banner {
            Banner::Recovered { reason, raw, backup } => {
                let href = format!(
                    "data:application/json;charset=utf-8,{}",
                    String::from(js_sys::encode_uri_component(raw))
                );
                let allow = {
                    let state = ctx.state.clone();
                    Callback::from(move |_: MouseEvent| state.dispatch(Action::AllowSaving))
                };
                let kept = match backup {
                    Some(key) => format!("Because {reason}, Exempt started with an empty list. The saved text is kept unchanged in this browser (under “{key}”) and nothing has been deleted. "),
                    None => format!("Because {reason}, Exempt started with an empty list. The saved text could not be copied aside (the browser's storage is full), so nothing will be saved until you download it, or choose to overwrite it. "),
                };
                ("error", html! {
                    <>
                        <strong>{ "Your saved exemptions could not be loaded. " }</strong>
                        { kept }
                        <a href={href} download="exempt-backup.json">{ "Download the saved text" }</a>
                        if backup.is_none() {
                            { " " }<button class="secondary" onclick={allow}>{ "Overwrite it and start saving" }</button>
                        }
                    </>
                })
            }
            Banner::Migrated(from) => ("info", html! {
                { format!("Your saved exemptions were upgraded from an earlier version of Exempt (schema {from}).") }
            }),
            Banner::SaveFailed(message) => ("error", html! {
                <><strong>{ "Not saved. " }</strong>{ format!("Saving failed: {message}.") }</>
            }),
            Banner::Unavailable(message) => ("warning", html! {
                <><strong>{ "Exemptions will not be kept. " }</strong>{ format!("{message}: changes last only until this tab is closed.") }</>
            }),
        };
        let role = if kind == "error" { "alert" } else { "status" };
        html! {
            <div class={classes!("banner", kind)} role={role}>
                <div class="banner-body">{ body }</div>
                <button class="icon-button" aria-label="Dismiss" onclick={dismiss}>{ "✕" }</button>
            </div>
        }
    });
    let ephemeral = ctx.state.ephemeral.then(|| html! {
        <div class="banner info" role="status">
            <div class="banner-body">{ format!("{} generated exemptions are shown. They are kept in memory only and are not saved; reload to return to your own.", ctx.state.records.len()) }</div>
        </div>
    });
    html! { <>{ for items }{ for ephemeral }</> }
}
