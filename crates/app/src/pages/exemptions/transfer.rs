//! **Import exemptions** and **Compare with tenant**: exemption files of
//! any format `exempt import` reads, set beside the exemptions shown.
//! Import previews what would be added, updated and rejected before
//! **Apply**; a comparison lists what only this side has, what only the
//! tenant has and what differs, with **Adopt** on a row to take theirs.
//! Nothing changes until Apply or Adopt.

use crate::components::file_picker::FilePicker;
use crate::components::icon::{icon, Icon};
use crate::components::labels::say;
use crate::components::labels::thousands;
use crate::context::{use_ctx, Ctx};
use crate::protocol::ask;
use exempt_core::workspace::Comparison;
use std::rc::Rc;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Clone, Copy, PartialEq)]
pub(super) enum Mode {
    Import,
    Compare,
}

#[derive(Clone, PartialEq)]
enum Phase {
    Idle,
    /// Open, saying which files to choose.
    Choosing,
    Reading,
    Read(Rc<Comparison>),
    Failed(String),
}

/// The files picked, as (name, text); a file that is not text is refused.
async fn texts(input: &HtmlInputElement) -> Result<Vec<(String, String)>, String> {
    let Some(list) = input.files() else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for file in (0..list.length()).filter_map(|i| list.get(i)) {
        let text = JsFuture::from(file.text())
            .await
            .map_err(|_| format!("{}: the browser could not read the file", file.name()))?;
        out.push((file.name(), text.as_string().unwrap_or_default()));
    }
    Ok(out)
}

async fn compare(ctx: &Ctx, files: Vec<(String, String)>) -> Phase {
    match ctx.engine.0.get(ask::read_exemptions(files)).await {
        Ok(c) => Phase::Read(Rc::new(*c)),
        Err(e) => Phase::Failed(say(&e)),
    }
}

#[derive(Properties, PartialEq)]
pub(super) struct TransferProps {
    pub mode: Mode,
}

/// The file picker and, once read, the preview or the comparison.
#[function_component(Transfer)]
pub(super) fn transfer(props: &TransferProps) -> Html {
    let ctx = use_ctx();
    let phase = use_state(|| Phase::Idle);
    let files = use_mut_ref(Vec::<(String, String)>::new);
    let mode = props.mode;
    let (label, input_id, pick) = match mode {
        Mode::Import => (
            "Import exemptions",
            "import-exemptions",
            "Choose exemption files",
        ),
        Mode::Compare => (
            "Compare with tenant",
            "compare-exemptions",
            "Choose the tenant's files",
        ),
    };
    let panel_id = format!("{input_id}-panel");
    let which_id = format!("{input_id}-which");
    let open = !matches!(&*phase, Phase::Idle);
    let toggle = {
        let phase = phase.clone();
        Callback::from(move |_: MouseEvent| {
            phase.set(if open { Phase::Idle } else { Phase::Choosing })
        })
    };
    // Opening lands on the file button, so Enter or Space opens the dialog;
    // once files are picked the button goes, and focus moves to the panel
    // that says what was read.
    let reading = matches!(&*phase, Phase::Reading);
    {
        let panel_id = panel_id.clone();
        use_effect_with(
            (matches!(&*phase, Phase::Choosing), reading),
            move |&(choosing, reading)| {
                if choosing {
                    crate::nav::focus_by_id(input_id);
                } else if reading {
                    crate::nav::focus_by_id(&panel_id);
                }
            },
        );
    }
    let kept = ctx.definitions_kept();
    let on_pick = {
        let (ctx, phase, files) = (ctx.clone(), phase.clone(), files.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let (ctx, phase, files) = (ctx.clone(), phase.clone(), files.clone());
            phase.set(Phase::Reading);
            wasm_bindgen_futures::spawn_local(async move {
                match texts(&input).await {
                    Ok(read) if read.is_empty() => phase.set(Phase::Choosing),
                    Ok(read) => {
                        *files.borrow_mut() = read.clone();
                        phase.set(compare(&ctx, read).await);
                    }
                    Err(why) => phase.set(Phase::Failed(why)),
                }
                input.set_value("");
            });
        })
    };
    // Adopts `names` (all when None), then compares again so the lists
    // show what is left.
    let adopt = {
        let (ctx, phase, files) = (ctx.clone(), phase.clone(), files.clone());
        Callback::from(move |names: Option<Vec<String>>| {
            let (shown, phase, files) = (ctx.clone(), phase.clone(), files.clone());
            let what = match (&names, mode) {
                (None, Mode::Import) => "Applied the exemptions imported.".to_string(),
                (None, Mode::Compare) => "Adopted every exemption the tenant holds.".to_string(),
                (Some(n), _) => format!("Adopted “{}” from the tenant.", n.join("”, “")),
            };
            ctx.adopt(names, move |r| match r {
                Ok(_) => {
                    shown.toast(what, false);
                    if mode == Mode::Import {
                        phase.set(Phase::Idle);
                    } else {
                        let again = files.borrow().clone();
                        wasm_bindgen_futures::spawn_local(async move {
                            phase.set(compare(&shown, again).await);
                        });
                    }
                }
                Err(e) => phase.set(Phase::Failed(say(&e))),
            });
        })
    };
    let close = {
        let phase = phase.clone();
        Callback::from(move |_: MouseEvent| phase.set(Phase::Idle))
    };
    let choosing = matches!(&*phase, Phase::Choosing | Phase::Failed(_));
    let body = match &*phase {
        Phase::Idle | Phase::Choosing => html! {},
        Phase::Reading => html! {
            <p role="status"><span class="spinner small" aria-hidden="true"></span>{ "Reading the files…" }</p>
        },
        Phase::Failed(why) => html! {
            <div class="banner error" role="alert"><div class="banner-body">
                <strong>{ "Nothing changed. " }</strong><span class="wrap">{ why.clone() }</span>
            </div><button class="icon-button" aria-label="Dismiss" onclick={close.clone()}>{ icon(Icon::Close) }</button></div>
        },
        Phase::Read(c) => match mode {
            Mode::Import => preview(c, &adopt, &close),
            Mode::Compare => drift(c, &adopt, &close),
        },
    };
    html! {
        <>
            <button class="secondary" aria-expanded={open.to_string()} aria-controls={open.then(|| panel_id.clone())} onclick={toggle}>
                { icon(Icon::Upload) }{ label }
            </button>
            if open {
                <section class="transfer-panel" id={panel_id} aria-label={label} tabindex="-1">
                    if choosing {
                        { which_files(&which_id, mode, &kept) }
                        <FilePicker id={input_id} label={pick} primary=true describedby={which_id.clone()}
                            accept=".json,.jsonc,.csv,.tf,.bicep,.sh,application/json,text/csv" onchange={on_pick} />
                        if matches!(&*phase, Phase::Choosing) {
                            <button class="secondary" onclick={close.clone()}>{ "Cancel" }</button>
                        }
                    }
                    { body }
                </section>
            }
        </>
    }
}

/// Which files to choose, said before the browser's dialog opens.
fn which_files(id: &str, mode: Mode, kept: &[String]) -> Html {
    html! {
        <div id={id.to_string()} class="which-files">
            if mode == Mode::Import {
                <p>{ "Choose one or more exemption files. Nothing changes until you choose Apply." }</p>
            } else {
                <p>{ "Choose the exemptions as your tenant holds them, to see what differs from the exemptions here. Nothing changes until you adopt a difference." }</p>
            }
            <ul class="small">
                <li>{ "An Exempt file (JSON), as Export writes it." }</li>
                <li>{ "Defender for Cloud's exemptions: the standard assignments from the REST API or Resource Graph, or the ARM template or Terraform file that deploys them." }</li>
                <li>{ "Azure Policy exemptions: the list from the REST API, Resource Graph or the Azure CLI, an ARM template, Bicep, Terraform or an Azure CLI script, or EPAC's exemption files (JSON or CSV)." }</li>
            </ul>
            if kept.is_empty() {
                <p class="small">{ "Azure Policy exemptions name an initiative's reference ids: choose, with them, the initiative's definition (such as the Microsoft cloud security benchmark) and Defender's assessment metadata, which names each recommendation's policy. They are kept for exports too." }</p>
            } else {
                <p class="small" data-testid="kept-definitions">{ format!("Azure Policy exemptions are mapped with the definitions chosen before ({}); choose others with the exemption files to replace them.", kept.join(", ")) }</p>
            }
        </div>
    }
}

fn read_from(c: &Comparison) -> Html {
    html! {
        <p class="muted small wrap">
            { format!("Read {}", c.files.join(", ")) }
            if !c.definitions.is_empty() { { format!("; definitions from {}", c.definitions.join(", ")) } }
            { "." }
        </p>
    }
}

fn names_list(
    title: &str,
    names: &[String],
    adopt: Option<&Callback<Option<Vec<String>>>>,
) -> Html {
    html! {
        <section aria-label={title.to_string()} class="transfer-list">
            <h3>{ format!("{title} ({})", thousands(names.len() as u64)) }</h3>
            if names.is_empty() { <p class="muted">{ "None." }</p> }
            <ul class="plain">{ for names.iter().map(|n| html! {
                <li class="wrap">{ n.clone() }
                    if let Some(adopt) = adopt {
                        { " " }<button class="link-button" aria-label={format!("Adopt {n}")}
                            onclick={adopt.reform({ let n = n.clone(); move |_: MouseEvent| Some(vec![n.clone()]) })}>{ "Adopt" }</button>
                    }
                </li>
            }) }</ul>
        </section>
    }
}

fn changed_table(
    c: &Comparison,
    theirs: &str,
    adopt: Option<&Callback<Option<Vec<String>>>>,
) -> Html {
    html! {
        <table class="grid compact diff">
            <caption>{ format!("Changed ({})", thousands(c.updated.len() as u64)) }</caption>
            <thead><tr><th scope="col">{ "Exemption" }</th><th scope="col">{ "Field" }</th>
                <th scope="col">{ "Here" }</th><th scope="col">{ theirs.to_string() }</th>
                if adopt.is_some() { <th scope="col"><span class="sr-only">{ "Actions" }</span></th> }</tr></thead>
            <tbody>{ for c.updated.iter().flat_map(|u| {
                let span = u.fields.len().max(1).to_string();
                u.fields.iter().enumerate().map(move |(i, (field, ours, theirs))| html! {
                    <tr>
                        if i == 0 { <th scope="rowgroup" rowspan={span.clone()} class="wrap">{ u.name.clone() }</th> }
                        <td>{ field.clone() }</td><td class="wrap">{ ours.clone() }</td><td class="wrap">{ theirs.clone() }</td>
                        if i == 0 {
                            if let Some(adopt) = adopt {
                                <td rowspan={span.clone()}><button class="link-button" aria-label={format!("Adopt {}", u.name)}
                                    onclick={adopt.reform({ let n = u.name.clone(); move |_: MouseEvent| Some(vec![n.clone()]) })}>{ "Adopt" }</button></td>
                            }
                        }
                    </tr>
                }).collect::<Vec<_>>()
            }) }</tbody>
        </table>
    }
}

fn rejected(c: &Comparison, mode: Mode) -> Html {
    // A comparison imports nothing: the same lists are about what it read.
    let (refused, changed, refused_why, changed_why) = match mode {
        Mode::Import => (
            "Not imported",
            "Imported with changes",
            "Refused whole: nothing of these is added or changed.",
            "These exemptions are read, but part of what the file said could not be kept:",
        ),
        Mode::Compare => (
            "Not compared",
            "Compared with changes",
            "Not read, so not compared: the tenant may hold them as well.",
            "These exemptions are compared, but part of what the file said could not be read:",
        ),
    };
    html! {
        <>
            if !c.rejected.is_empty() {
                <section aria-label={refused} class="transfer-list">
                    <h3>{ format!("{refused} ({})", thousands(c.rejected.len() as u64)) }</h3>
                    <p class="muted small">{ refused_why }</p>
                    <ul>{ for c.rejected.iter().map(|r| html! { <li class="wrap">{ r.clone() }</li> }) }</ul>
                </section>
            }
            if !c.notes.is_empty() {
                <section aria-label={changed} class="transfer-list">
                    <h3>{ changed }</h3>
                    <p class="muted small">{ changed_why }</p>
                    <ul class="small">{ for c.notes.iter().map(|n| html! { <li class="wrap">{ n.clone() }</li> }) }</ul>
                </section>
            }
        </>
    }
}

fn preview(
    c: &Comparison,
    adopt: &Callback<Option<Vec<String>>>,
    close: &Callback<MouseEvent>,
) -> Html {
    let nothing = c.added.is_empty() && c.updated.is_empty();
    let updated: Vec<String> = c.updated.iter().map(|u| u.name.clone()).collect();
    html! {
        <>
            <h2>{ "Import exemptions" }</h2>
            { read_from(c) }
            { names_list("To add", &c.added, None) }
            { names_list("To update (same name)", &updated, None) }
            if !c.updated.is_empty() { { changed_table(c, "Imported", None) } }
            <p class="muted">{ format!("{} already the same.", thousands(u64::from(c.unchanged))) }</p>
            { rejected(c, Mode::Import) }
            <div class="actions">
                <button class="primary" disabled={nothing} onclick={adopt.reform(|_: MouseEvent| None)}>{ "Apply" }</button>
                <button class="secondary" onclick={close.clone()}>{ "Cancel" }</button>
            </div>
        </>
    }
}

fn drift(
    c: &Comparison,
    adopt: &Callback<Option<Vec<String>>>,
    close: &Callback<MouseEvent>,
) -> Html {
    let equal = c.added.is_empty() && c.updated.is_empty() && c.only_here.is_empty();
    html! {
        <>
            <h2>{ "Compared with the tenant" }</h2>
            { read_from(c) }
            if equal { <p role="status">{ "No differences: the tenant holds the same exemptions." }</p> }
            { names_list("Only here", &c.only_here, None) }
            { names_list("Only in the tenant", &c.added, Some(adopt)) }
            { changed_table(c, "Tenant", Some(adopt)) }
            { rejected(c, Mode::Compare) }
            <div class="actions"><button class="secondary" onclick={close.clone()}>{ "Close" }</button></div>
        </>
    }
}
