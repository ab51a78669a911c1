//! Environment settings → Exemptions: every exemption with search, filters,
//! sortable columns and a "..." menu per row, a window of rows at a time
//! however many there are; and the lifecycle findings, which appear by
//! themselves once the worker's review has run.

mod bulk;
mod export;
mod filters;
mod findings;
mod rows;
mod transfer;

use crate::client::use_query;
use crate::components::defer::Later;
use crate::components::dialog::ConfirmDialog;
use crate::components::labels::say;
use crate::components::labels::thousands;
use crate::components::link::RouteLink;
use crate::components::renew::RenewDialog;
use crate::components::table::{use_row_window, VirtualTable};
use crate::context::use_ctx;
use crate::protocol::{ask, EvidenceFormat};
use crate::route::Route;
use exempt_core::document::Edit;
use exempt_core::session::{ExemptionQuery, ExemptionSort};
use std::rc::Rc;
use transfer::{Mode, Transfer};
use yew::prelude::*;

/// A deletion or renewal the user is asked to confirm.
#[derive(Clone, PartialEq)]
pub(crate) enum Asking {
    Delete {
        id: String,
        name: String,
    },
    Renew {
        id: String,
        name: String,
        description: String,
    },
    /// An action on several exemptions (or one, from its menu).
    Bulk {
        action: bulk::Bulk,
        ids: Rc<Vec<String>>,
        what: String,
    },
}

#[function_component(ExemptionsPage)]
pub fn exemptions_page() -> Html {
    let ctx = use_ctx();
    let navigator = crate::nav::use_go();
    let revision = ctx.review_revision();
    let query = use_state(|| ExemptionQuery {
        ascending: true,
        ..ExemptionQuery::default()
    });
    let (window, on_window) = use_row_window();
    let reset = use_state(|| 0u64);
    let asking = use_state(|| None::<Asking>);
    let selection = use_reducer(Selection::default);
    let selected = selection.0.clone();
    let exporting = use_state(|| false);
    let on_select = {
        let selection = selection.dispatcher();
        use_callback((), move |tick: (String, bool), _| selection.dispatch(tick))
    };
    let page = use_query(
        Some(ask::exemptions(
            (*query).clone(),
            window.0 as u32,
            window.1 as u32,
        )),
        revision,
    );
    // Stable across renders, so that unchanged rows are not re-rendered.
    let on_ask = {
        let asking = asking.clone();
        use_callback((), move |a: Asking, _| asking.set(Some(a)))
    };
    let create = {
        let navigator = navigator.clone();
        Callback::from(move |_: MouseEvent| navigator.emit(Route::NewExemption))
    };
    let total = ctx
        .state
        .summary
        .as_ref()
        .map_or(0, |s| s.status.exemptions);
    if total == 0 {
        return html! {
            <div class="page">
                { header(create.clone()) }
                <div class="transfer-bar"><Transfer mode={Mode::Import} /></div>
                <section class="empty-state" aria-labelledby="empty-title">
                    <h2 id="empty-title">{ "No exemptions yet" }</h2>
                    <p>{ "An exemption keeps a resource, or a whole management group or subscription, from counting against a recommendation. Choose " }
                       <strong>{ "Mitigated" }</strong>{ " when a third-party service already resolves it (the resource counts as healthy), or " }
                       <strong>{ "Waiver" }</strong>{ " when you accept the risk (it counts as not applicable). You see the effect on the secure score before you create it." }</p>
                    <button class="primary" onclick={create}>{ "+ Create" }</button>
                </section>
            </div>
        };
    }
    let on_query = {
        let (query, window, reset) = (query.clone(), window.clone(), reset.clone());
        Callback::from(move |q: ExemptionQuery| {
            query.set(q);
            window.set((0, window.1));
            reset.set(*reset + 1);
        })
    };
    let on_sort = {
        let on_query = on_query.clone();
        let query = query.clone();
        Callback::from(move |column: ExemptionSort| {
            let mut next = (*query).clone();
            if next.sort == column {
                next.ascending = !next.ascending;
            } else {
                next.sort = column;
                next.ascending = true;
            }
            on_query.emit(next);
        })
    };
    let (body, offset, matching, ready, linted) = match &page.data {
        Some(p) => (
            rows::rows(
                &p.page.rows,
                p.page.offset,
                &on_ask,
                &selected,
                &on_select,
                ctx.state.me.clone(),
            ),
            p.page.offset,
            p.page.matching,
            p.findings_ready,
            p.problems_ready,
        ),
        None => (Vec::new(), 0, 0, ctx.findings_ready(), ctx.problems_ready()),
    };
    let dialog = (*asking).clone().map(|a| dialog(&ctx, a, asking.clone()));
    html! {
        <div class="page">
            { header(create) }
            <Later>
                { toolbar(&selected, &exporting) }
                if !selected.is_empty() { { bulk_bar(&selected, &on_ask, &selection) } }
                if *exporting {
                    <export::ExportPanel selected={selected.clone()} on_close={{ let e = exporting.clone(); Callback::from(move |()| e.set(false)) }} />
                }
                <filters::Filters query={(*query).clone()} {on_query} findings_ready={ready} problems_ready={linted} />
            </Later>
            <Later><findings::FindingsPanel ready={ready} /></Later>
            <Later><crate::components::problems::ProblemsPanel /></Later>
            <p class="muted small" role="status" aria-live="polite" data-loading={page.loading.to_string()} data-answers={page.answers.to_string()}>
                { format!("Showing {} of {} exemptions", thousands(matching as u64), thousands(total)) }
                if page.slow { <span class="spinner small" aria-hidden="true"></span> }
            </p>
            <Later frames={2}>
                <VirtualTable label="Exemptions" header={rows::header(&query, &on_sort)} widths={rows::WIDTHS}
                    total={matching} {offset} rows={body} {on_window} reset={*reset}
                    empty={page.data.is_some().then(|| AttrValue::from("No exemption matches the search and filters: clear them to see all of them."))} />
            </Later>
            { for dialog }
        </div>
    }
}

fn dialog(
    ctx: &crate::context::Ctx,
    asking: Asking,
    handle: UseStateHandle<Option<Asking>>,
) -> Html {
    let close = {
        let handle = handle.clone();
        Callback::from(move |_| handle.set(None))
    };
    match asking {
        Asking::Delete { id, name } => {
            let message = format!("Delete the exemption “{name}”? Its resources count against their recommendations again. You can undo this for a few seconds.");
            let ctx = ctx.clone();
            let done = handle.clone();
            let on_confirm = Callback::from(move |_| {
                let shown = ctx.clone();
                let name = name.clone();
                ctx.edit(Edit::Delete(id.clone()), move |r| match r {
                    Ok(_) => shown.toast(format!("Exemption “{name}” deleted."), true),
                    Err(e) => shown.toast(say(&e), false),
                });
                done.set(None);
            });
            html! {
                <ConfirmDialog title="Delete exemption" confirm_label="Delete"
                    {message}
                    {on_confirm} on_cancel={close} />
            }
        }
        Asking::Bulk { action, ids, what } => {
            html! { <bulk::BulkDialog {action} {ids} what={what} on_close={close} /> }
        }
        Asking::Renew {
            id,
            name,
            description,
        } => {
            let ctx = ctx.clone();
            let done = handle.clone();
            let on_renew = Callback::from(
                move |(expires_on, justification): (chrono::DateTime<chrono::Utc>, String)| {
                    let shown = ctx.clone();
                    ctx.edit(
                        Edit::Renew {
                            id: id.clone(),
                            expires_on,
                            justification,
                        },
                        move |r| match r {
                            Ok(_) => shown.toast("Exemption renewed.", false),
                            Err(e) => shown.toast(say(&e), false),
                        },
                    );
                    done.set(None);
                },
            );
            html! { <RenewDialog name={name} description={description} {on_renew} on_cancel={close} /> }
        }
    }
}

/// The ids of the ticked rows, in the order they were ticked.
#[derive(Default, PartialEq)]
struct Selection(Rc<Vec<String>>);

impl Reducible for Selection {
    type Action = (String, bool);

    fn reduce(self: Rc<Self>, (id, on): (String, bool)) -> Rc<Self> {
        let mut next: Vec<String> = self.0.iter().filter(|x| **x != id).cloned().collect();
        if on {
            next.push(id);
        }
        Rc::new(Selection(Rc::new(next)))
    }
}

/// What can be done to the ticked rows, each measured before it is done.
fn bulk_bar(
    selected: &Rc<Vec<String>>,
    on_ask: &Callback<Asking>,
    selection: &UseReducerHandle<Selection>,
) -> Html {
    let n = selected.len();
    let what = if n == 1 {
        "1 selected exemption".to_string()
    } else {
        format!("{n} selected exemptions")
    };
    let button = |action: bulk::Bulk, label: &str| {
        let (on_ask, ids, what) = (on_ask.clone(), selected.clone(), what.clone());
        let onclick = Callback::from(move |_: MouseEvent| {
            on_ask.emit(Asking::Bulk {
                action,
                ids: ids.clone(),
                what: what.clone(),
            })
        });
        html! { <button class="secondary" {onclick}>{ label.to_string() }</button> }
    };
    let clear = {
        let (selection, ids) = (selection.dispatcher(), selected.clone());
        Callback::from(move |_: MouseEvent| {
            for id in ids.iter() {
                selection.dispatch((id.clone(), false));
            }
        })
    };
    html! {
        <div class="bulk-bar" role="toolbar" aria-label="Actions on the selected exemptions">
            <span class="muted">{ what.clone() }</span>
            { button(bulk::Bulk::Extend, "Extend expiry") }
            { button(bulk::Bulk::Approve, "Approve") }
            { button(bulk::Bulk::Reject, "Reject") }
            { button(bulk::Bulk::Delete, "Delete") }
            <button class="link-button" onclick={clear}>{ "Clear selection" }</button>
        </div>
    }
}

/// Import, compare and export, beside Create.
fn toolbar(selected: &Rc<Vec<String>>, exporting: &UseStateHandle<bool>) -> Html {
    let toggle = {
        let exporting = exporting.clone();
        Callback::from(move |_: MouseEvent| exporting.set(!*exporting))
    };
    let count = selected.len();
    html! {
        <div class="transfer-bar">
            <Transfer mode={Mode::Import} />
            <Transfer mode={Mode::Compare} />
            <button class="secondary" aria-expanded={exporting.to_string()} onclick={toggle}>
                { if count > 0 { format!("Export ({count} selected)") } else { "Export".to_string() } }
            </button>
        </div>
    }
}

fn header(create: Callback<MouseEvent>) -> Html {
    html! {
        <>
            <nav class="breadcrumb" aria-label="Breadcrumb">
                <RouteLink to={Route::Environments}>{ "Environment settings" }</RouteLink>
            </nav>
            <div class="page-header">
                <h1>{ "Exemptions" }</h1>
                <div class="actions">
                    <RouteLink to={Route::History} class="button">{ "History" }</RouteLink>
                    <EvidenceButton />
                    <button class="primary" onclick={create}>{ "+ Create" }</button>
                </div>
            </div>
        </>
    }
}

/// Downloads the evidence pack: the same HTML `exempt report` writes, made
/// by the worker from the exemptions shown.
#[function_component(EvidenceButton)]
fn evidence_button() -> Html {
    let ctx = use_ctx();
    let busy = use_state(|| false);
    let onclick = {
        let (ctx, busy) = (ctx.clone(), busy.clone());
        Callback::from(move |_: MouseEvent| {
            busy.set(true);
            let (shown, busy) = (ctx.clone(), busy.clone());
            ctx.engine
                .0
                .ask(ask::evidence(EvidenceFormat::Html), move |r| {
                    busy.set(false);
                    match r {
                        Ok(file) => {
                            crate::components::download::download(
                                &file.name, &file.mime, &file.text,
                            );
                            shown.toast("Evidence pack downloaded.", false);
                        }
                        Err(e) => shown.toast(
                            format!("The evidence pack could not be made: {}", say(&e)),
                            false,
                        ),
                    }
                });
        })
    };
    html! {
        <button class="secondary" {onclick} disabled={*busy} aria-busy={busy.to_string()}>{ "Download evidence pack" }</button>
    }
}
