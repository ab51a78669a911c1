//! Notices above every page: unreadable data kept aside, storage that keeps
//! nothing, failed saves, repairs made on loading, conflicts with other tabs,
//! generated data. Those about data at risk stay until the risk is gone.

use crate::components::download::download;
use crate::components::icon::{icon, Icon};
use crate::components::labels::say;
use crate::context::use_ctx;
use crate::state::{Action, SaveStatus};
use exempt_core::document::Conflict;
use exempt_core::document::Edit;
use exempt_core::workspace::Held;
use yew::prelude::*;

#[function_component(Banners)]
pub fn banners() -> Html {
    let ctx = use_ctx();
    let state = &ctx.state;
    let repairs_hidden = use_state(|| false);
    let mut out: Vec<Html> = Vec::new();

    if let Some(r) = &state.recovered {
        let raw = r.raw.clone();
        let save = Callback::from(move |_: MouseEvent| {
            download("exempt-backup.json", "application/json", &raw)
        });
        let allow = {
            let state = state.clone();
            Callback::from(move |_: MouseEvent| state.dispatch(Action::AllowOverwrite))
        };
        let kept = match r.backup.as_deref() {
            Some("") => "You chose to overwrite it; Exempt saves again. ".to_string(),
            Some(key) => format!("It is kept unchanged in this browser (under “{key}”) and nothing has been deleted. "),
            None => "It could not be copied aside (the browser's storage is full), so nothing is saved until you download it, or choose to overwrite it. ".to_string(),
        };
        out.push(html! {
            <div class="banner error" role="alert">
                <div class="banner-body">
                    <strong>{ "Saved exemptions could not be read. " }</strong>
                    { format!("Because {}, Exempt set them aside. ", r.reason) }{ kept }
                    <button class="link-button" onclick={save}>{ "Download the saved text" }</button>
                    if r.backup.is_none() {
                        { " " }<button class="secondary" onclick={allow}>{ "Overwrite it and start saving" }</button>
                    }
                </div>
            </div>
        });
    }
    match &state.save {
        SaveStatus::Unavailable(why) | SaveStatus::NotKept(why) => out.push(html! {
            <div class="banner warning" role="status" data-testid="not-kept">
                <div class="banner-body"><strong>{ "Nothing is kept. " }</strong>{ format!("{why}: what you see and change here lasts only until this tab is closed.") }</div>
            </div>
        }),
        SaveStatus::Failed(why) | SaveStatus::Stopped(why) => out.push(html! {
            <div class="banner error" role="alert">
                <div class="banner-body"><strong>{ "Not saved. " }</strong>{ format!("{why}. Your changes are shown here but are not stored; Exempt tries again with your next change.") }</div>
            </div>
        }),
        _ => {}
    }
    if let Some(summary) = &state.summary {
        for c in &summary.status.conflicts {
            out.push(conflict(&ctx, c));
        }
        if !summary.status.repairs.is_empty() && !*repairs_hidden {
            let hide = {
                let repairs_hidden = repairs_hidden.clone();
                Callback::from(move |_: MouseEvent| repairs_hidden.set(true))
            };
            out.push(html! {
                <div class="banner warning" role="status">
                    <div class="banner-body">
                        <strong>{ "Some saved exemptions broke the rules and were mended: " }</strong>
                        <ul class="plain">{ for summary.status.repairs.iter().map(|r| html! { <li>{ r.clone() }</li> }) }</ul>
                    </div>
                    <button class="icon-button" aria-label="Dismiss" onclick={hide}>{ icon(Icon::Close) }</button>
                </div>
            });
        }
        match summary.status.held {
            Some(Held::Generated) => out.push(html! {
                <div class="banner info" role="status">
                    <div class="banner-body">{ format!("{} generated exemptions are shown. They are kept in memory only and never saved; choose the environment again in Settings to return to your own.", summary.status.exemptions) }</div>
                </div>
            }),
            Some(Held::Hosted) => out.push(html! {
                <div class="banner info" role="status" data-testid="hosted-banner">
                    <div class="banner-body">{ "Shown from the host page: nothing here is kept by Exempt. Changes last until the page is closed." }</div>
                </div>
            }),
            None => {}
        }
    }
    for (i, text) in state.notices.iter().enumerate() {
        let dismiss = {
            let state = state.clone();
            Callback::from(move |_: MouseEvent| state.dispatch(Action::Dismiss(i)))
        };
        out.push(html! {
            <div class="banner info" role="status">
                <div class="banner-body">{ text.clone() }</div>
                <button class="icon-button" aria-label="Dismiss" onclick={dismiss}>{ icon(Icon::Close) }</button>
            </div>
        });
    }
    html! { <>{ for out }</> }
}

fn conflict(ctx: &crate::context::Ctx, c: &Conflict) -> Html {
    let resolve = |keep_mine: bool| {
        let ctx = ctx.clone();
        let id = c.id.clone();
        Callback::from(move |_: MouseEvent| {
            let done = ctx.clone();
            ctx.edit(
                Edit::Resolve {
                    id: id.clone(),
                    keep_mine,
                },
                move |r| {
                    if let Err(e) = r {
                        done.toast(say(&e), false);
                    }
                },
            )
        })
    };
    let rows = c.fields.iter().map(|f| html! {
        <tr><th scope="row">{ f.field.clone() }</th><td class="wrap">{ f.theirs.clone() }</td><td class="wrap">{ f.mine.clone() }</td></tr>
    });
    html! {
        <div class="banner error" role="alert">
            <div class="banner-body">
                <strong>{ format!("“{}” was changed in another tab too. ", c.name) }</strong>
                { "Its version is the one stored; yours is kept here until you choose." }
                <table class="grid compact diff">
                    <caption class="sr-only">{ format!("Differences in {}", c.name) }</caption>
                    <thead><tr><th scope="col">{ "Field" }</th><th scope="col">{ "Other tab" }</th><th scope="col">{ "This tab" }</th></tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
                <div class="actions">
                    <button class="primary" onclick={resolve(true)}>{ "Save mine anyway" }</button>
                    <button class="secondary" onclick={resolve(false)}>{ "Keep theirs" }</button>
                </div>
            </div>
        </div>
    }
}
