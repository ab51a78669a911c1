//! **Import data**: a tenant's export files, picked or dropped, read and
//! indexed in the worker one file at a time (with progress and Cancel),
//! then a summary before anything changes, then **Use this environment**.
//! A failed or cancelled import leaves everything as it was.

use super::file_picker::FilePicker;
use crate::client::Engine;
use crate::components::labels::say;
use crate::components::labels::{count, size, thousands};
use crate::context::use_ctx;
use crate::protocol::ask;
use crate::protocol::EnvironmentChoice;
use crate::state::Action;
use crate::storage::{self, environments};
use exempt_core::input::ImportSummary;
use std::cell::Cell;
use std::rc::Rc;
use web_sys::{File, HtmlInputElement};
use yew::prelude::*;

#[derive(Clone, PartialEq)]
enum Phase {
    Idle(Option<String>),
    Reading {
        done: usize,
        total: usize,
        current: String,
    },
    Indexing,
    Summary(Rc<ImportSummary>),
    Keeping,
    Failed(String),
}

fn files_of(list: Option<web_sys::FileList>) -> Vec<File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// Reads the files into the worker's import. `live` turns false on Cancel.
async fn read(
    engine: Engine,
    files: Vec<File>,
    live: Rc<Cell<bool>>,
    phase: UseStateHandle<Phase>,
) {
    let fail = |phase: &UseStateHandle<Phase>, why: String| {
        phase.set(Phase::Failed(why));
    };
    if let Err(e) = engine.0.get(ask::import_begin()).await {
        return fail(&phase, say(&e));
    }
    let total = files.len();
    for (done, file) in files.into_iter().enumerate() {
        if !live.get() {
            return;
        }
        let name = file.name();
        phase.set(Phase::Reading {
            done,
            total,
            current: format!("{name} ({})", size(file.size())),
        });
        if let Err(e) = engine
            .0
            .get_with(ask::import_file(name), Some(file.into()))
            .await
        {
            let _ = engine.0.get(ask::import_cancel()).await;
            return fail(&phase, say(&e));
        }
    }
    if !live.get() {
        return;
    }
    phase.set(Phase::Indexing);
    match engine.0.get(ask::import_finish()).await {
        Ok(summary) if live.get() => phase.set(Phase::Summary(Rc::new(*summary))),
        Ok(_) => {}
        Err(e) => fail(&phase, say(&e)),
    }
}

/// Keeps the environment and switches to it.
async fn keep(
    ctx: crate::context::Ctx,
    name: String,
    summary: Rc<ImportSummary>,
    phase: UseStateHandle<Phase>,
) {
    let id = format!("env-{}", crate::random::hex(12));
    let (assessments, resources, bytes) = match ctx.engine.0.get(ask::import_keep(id.clone())).await
    {
        Ok(kept) => (kept.assessments, kept.resources, kept.bytes),
        Err(e) => return phase.set(Phase::Failed(format!("Not kept: {e}. Nothing changed."))),
    };
    let entry = environments::Stored {
        id: id.clone(),
        name,
        imported_on: String::from(js_sys::Date::new_0().to_iso_string()),
        assessments,
        resources,
        files: summary.files.iter().map(|f| f.name.clone()).collect(),
        bytes,
    };
    if let Err(why) = environments::add(entry).await {
        let _ = ctx.engine.0.get(ask::forget(id)).await;
        return phase.set(Phase::Failed(format!("Not kept: {why}. Nothing changed.")));
    }
    // Ask once that the browser keep what was imported under storage pressure.
    let _ = environments::persist().await;
    if let Err(why) = storage::set_environment(&id) {
        ctx.state.dispatch(Action::Notice(format!(
            "The choice could not be remembered ({why}); it lasts until this tab is closed."
        )));
    }
    ctx.state.dispatch(Action::EnvironmentsChanged);
    ctx.state
        .dispatch(Action::Choose(EnvironmentChoice::Imported(id)));
    // Said by the page, not this section: choosing the environment redraws it.
    ctx.state.dispatch(Action::Notice(
        "The environment is imported and shown.".into(),
    ));
    phase.set(Phase::Idle(None));
}

fn summary_view(s: &ImportSummary) -> Html {
    // The reader's row kinds are singular nouns ("management group");
    // "metadata" is its own plural.
    let kinds = |pairs: &[(String, u64)]| {
        pairs
            .iter()
            .map(|(k, n)| {
                let many = if k.ends_with("metadata") {
                    k.clone()
                } else {
                    format!("{k}s")
                };
                count(*n, k, &many)
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    // Skipped rows are named by their Azure type.
    let skipped = |pairs: &[(String, u64)]| {
        pairs
            .iter()
            .map(|(k, n)| format!("{k} ({})", thousands(*n)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    html! {
        <div class="import-summary" data-testid="import-summary">
            <table class="grid compact">
                <caption>{ "Files" }</caption>
                <thead><tr>
                    <th scope="col">{ "File" }</th><th scope="col" class="number">{ "Size" }</th>
                    <th scope="col" class="number">{ "Rows" }</th><th scope="col">{ "Used" }</th><th scope="col">{ "Skipped" }</th>
                </tr></thead>
                <tbody>{ for s.files.iter().map(|f| html! {
                    <tr>
                        <th scope="row" class="wrap">{ f.name.clone() }{ if f.csv { " (CSV report)" } else { "" } }</th>
                        <td class="number">{ size(f.bytes as f64) }</td>
                        <td class="number">{ thousands(f.rows) }</td>
                        <td class="wrap">{ kinds(&f.kinds) }</td>
                        <td class="wrap">{ if f.skipped.is_empty() { "—".to_string() } else { skipped(&f.skipped) } }</td>
                    </tr>
                }) }</tbody>
            </table>
            <ul class="plain">
                { for s.clouds.iter().map(|c| html! {
                    <li>{ format!("{}: {} assessments of {} resources", c.cloud.as_str(), thousands(c.assessments), thousands(c.resources)) }</li>
                }) }
                <li>{ format!("{} management groups, {} subscriptions, {} security connectors", thousands(s.management_groups), thousands(s.subscriptions), thousands(s.connectors)) }</li>
                <li>{ format!("{} recommendations, {} security controls", thousands(s.recommendations), thousands(s.controls)) }</li>
                if s.findings > 0 {
                    <li>{ format!("{} vulnerability findings", thousands(s.findings)) }</li>
                }
                if s.exempt_in_azure > 0 {
                    <li>{ format!("{} assessments already exempt in Azure", thousands(s.exempt_in_azure)) }</li>
                }
                if s.reported_by_azure { <li>{ "Azure's own secure scores, to compare with" }</li> }
            </ul>
            if !s.warnings.is_empty() {
                <details>
                    <summary>{ format!("Warnings ({})", s.warnings.len()) }</summary>
                    <ul>{ for s.warnings.iter().map(|w| html! { <li class="wrap">{ w.clone() }</li> }) }</ul>
                </details>
            }
        </div>
    }
}

/// The import control, for Settings and the Overview.
#[function_component(ImportData)]
pub fn import_data() -> Html {
    let ctx = use_ctx();
    let phase = use_state(|| Phase::Idle(None));
    let live = use_mut_ref(|| Rc::new(Cell::new(false)));
    let name = use_state(String::new);
    let dragging = use_state(|| false);

    let start = {
        let (ctx, phase, live, name) = (ctx.clone(), phase.clone(), live.clone(), name.clone());
        Callback::from(move |files: Vec<File>| {
            if files.is_empty() {
                return;
            }
            live.borrow().set(false);
            let token = Rc::new(Cell::new(true));
            *live.borrow_mut() = token.clone();
            let first = files[0].name();
            let stem = first
                .rsplit_once('.')
                .map_or(first.as_str(), |(s, _)| s)
                .to_string();
            let today = String::from(js_sys::Date::new_0().to_iso_string());
            name.set(format!("{stem} ({})", &today[..10.min(today.len())]));
            wasm_bindgen_futures::spawn_local(read(
                ctx.engine.clone(),
                files,
                token,
                phase.clone(),
            ));
        })
    };
    let on_pick = {
        let start = start.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            start.emit(files_of(input.files()));
            input.set_value("");
        })
    };
    let on_drop = {
        let (start, dragging) = (start.clone(), dragging.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            start.emit(files_of(e.data_transfer().and_then(|d| d.files())));
        })
    };
    let on_drag_over = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let on_drag_leave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let cancel = {
        let (ctx, phase, live) = (ctx.clone(), phase.clone(), live.clone());
        Callback::from(move |_: MouseEvent| {
            live.borrow().set(false);
            ctx.engine.0.ask(ask::import_cancel(), |_| {});
            phase.set(Phase::Idle(Some(
                "Import cancelled: nothing changed.".into(),
            )));
        })
    };
    let use_it = {
        let (ctx, phase, name) = (ctx.clone(), phase.clone(), name.clone());
        Callback::from(move |_: MouseEvent| {
            if let Phase::Summary(summary) = &*phase {
                let summary = summary.clone();
                phase.set(Phase::Keeping);
                let given = name.trim();
                let label = if given.is_empty() {
                    "Imported environment".to_string()
                } else {
                    given.to_string()
                };
                wasm_bindgen_futures::spawn_local(keep(ctx.clone(), label, summary, phase.clone()));
            }
        })
    };
    let on_name = {
        let name = name.clone();
        Callback::from(move |e: InputEvent| {
            name.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let busy = matches!(
        &*phase,
        Phase::Reading { .. } | Phase::Indexing | Phase::Keeping
    );
    let body = match &*phase {
        Phase::Idle(note) => {
            html! { if let Some(n) = note { <p role="status" class="muted">{ n.clone() }</p> } }
        }
        Phase::Reading {
            done,
            total,
            current,
        } => html! {
            <p role="status" aria-live="polite"><span class="spinner small" aria-hidden="true"></span>
                { format!("Reading file {} of {total}: {current}…", done + 1) }</p>
        },
        Phase::Indexing => html! {
            <p role="status" aria-live="polite"><span class="spinner small" aria-hidden="true"></span>{ "Indexing the environment…" }</p>
        },
        Phase::Keeping => html! {
            <p role="status" aria-live="polite"><span class="spinner small" aria-hidden="true"></span>{ "Keeping the environment in this browser…" }</p>
        },
        Phase::Failed(why) => html! {
            <p class="banner error" role="alert"><strong>{ "The files were not imported. " }</strong>{ why.clone() }{ " Nothing changed." }</p>
        },
        Phase::Summary(s) => html! {
            <>
                { summary_view(s) }
                <label for="import-name">{ "Name of the environment" }</label>
                <input id="import-name" type="text" value={(*name).clone()} oninput={on_name} />
                <div class="actions">
                    <button class="primary" onclick={use_it}>{ "Use this environment" }</button>
                </div>
            </>
        },
    };
    let can_cancel =
        busy && !matches!(&*phase, Phase::Keeping) || matches!(&*phase, Phase::Summary(_));
    html! {
        <section class="import" aria-labelledby="import-title">
            <h2 id="import-title">{ "Import data" }</h2>
            <p class="hint">{ "Your tenant's exports: Resource Graph or REST JSON (assessments, management groups, subscriptions, connectors, assessment metadata, secure scores) or Defender's CSV report. Several files at once; nothing changes until you choose Use this environment." }</p>
            <div class={classes!("drop-zone", dragging.then_some("dragging"))}
                ondragover={on_drag_over} ondragleave={on_drag_leave} ondrop={on_drop}>
                <FilePicker id="import-files" label="Import data" primary=true disabled={busy}
                    accept=".json,.jsonc,.csv,application/json,text/csv" onchange={on_pick} />
                <span class="muted small">{ "or drop files here" }</span>
            </div>
            { body }
            if can_cancel {
                <button class="secondary" onclick={cancel}>{ "Cancel" }</button>
            }
        </section>
    }
}
