//! The root: its effects (the worker, opening, saving, other tabs) are the
//! hooks of `crate::hooks`; it renders the shell and the routes.

use crate::client::Engine;
use crate::components::banners::Banners;
use crate::components::defer::{use_next_task_when, Later};
use crate::components::icon::{icon, Icon};
use crate::components::link::RouteLink;
use crate::components::status::{Status, WorkingIndicator};
use crate::components::toast::Toast;
use crate::context::{use_ctx, Ctx};
use crate::hooks::{use_autosave, use_cross_tab, use_leave_guard, use_open, use_worker};
use crate::route::Route;
use crate::state::{AppState, EngineStatus, Review};
use crate::{embed, pages};
use yew::prelude::*;
use yew_router::prelude::*;

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(AppState::default);
    let review = use_state_eq(Review::default);
    let engine = use_state(|| None::<Engine>);

    use_worker(&state, &engine, &review);
    // The shell shows one task after the worker listens (starting a worker
    // compiles its module beside the page, and the shell's first render
    // compiles much of the page's own code: apart, neither slows the
    // other), and the page inside it once the environment is open. The
    // router and the contexts come first, the shell itself a frame later:
    // each compiles a part of that code.
    let shell = use_next_task_when(state.engine == EngineStatus::Ready);
    use_open(&state, &engine, shell);
    use_autosave(&state, &engine);
    use_cross_tab(&state, &engine);
    use_leave_guard(&state);

    let booting = html! { <div class="boot">{ boot(&state.engine, None) }</div> };
    let engine = match (*engine).clone() {
        Some(engine) if shell => engine,
        _ => return booting,
    };
    let ctx = Ctx {
        state,
        engine: engine.clone(),
    };
    html! {
        <ContextProvider<Engine> context={engine}>
            <ContextProvider<Ctx> context={ctx}>
                <ContextProvider<Review> context={(*review).clone()}>
                    <HashRouter>
                        <Later fallback={booting}><Shell /></Later>
                    </HashRouter>
                </ContextProvider<Review>>
            </ContextProvider<Ctx>>
        </ContextProvider<Engine>>
    }
}

/// What shows until the environment is open: what is being done, or why
/// the engine stopped.
fn boot(engine: &EngineStatus, label: Option<String>) -> Html {
    if let EngineStatus::Crashed(why) = engine {
        return html! {
            <div class="booting" role="alert">
                <p><strong>{ "The engine stopped." }</strong>{ format!(" {why}. Reload the page to start again; your saved exemptions are kept.") }</p>
            </div>
        };
    }
    html! {
        <div class="booting" role="status" aria-live="polite">
            <div class="spinner" aria-hidden="true"></div>
            <p>{ format!("{}…", label.unwrap_or_else(|| "Starting the engine".into())) }</p>
        </div>
    }
}

#[function_component(Shell)]
fn shell() -> Html {
    let route = use_route::<Route>().unwrap_or(Route::Overview);
    use_effect_with(route.clone(), |route| {
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            doc.set_title(&format!("{} · Exempt", route.title()));
        }
    });
    if route.is_embed() {
        return html! { <EmbedShell route={route} /> };
    }
    let section = route.section();
    let item = |i: usize, to: Route, label: &str, glyph: Icon| {
        html! {
            <li>
                <RouteLink to={to} class="nav-link" current={section == i}>
                    <span class="nav-icon">{ icon(glyph) }</span>
                    { label.to_string() }
                </RouteLink>
            </li>
        }
    };
    html! {
        <div class="shell">
            // A link to "#main" would replace the route, which lives in the
            // fragment: the button moves focus instead.
            <button type="button" class="skip-link" onclick={Callback::from(|_: MouseEvent| focus_main())}>{ "Skip to content" }</button>
            <header class="topbar">
                <span class="brand">{ "Exempt" }</span>
                <span class="brand-sub">{ "for Microsoft Defender for Cloud" }</span>
                <EnvironmentShown />
                <WorkingIndicator />
                <Status />
            </header>
            <div class="layout">
                <nav class="sidenav" aria-label="Defender for Cloud">
                    <Later>
                        <ul>
                            { item(0, Route::Overview, "Overview", Icon::Overview) }
                            { item(1, Route::Recommendations, "Recommendations", Icon::Recommendations) }
                            { item(2, Route::Environments, "Environment settings", Icon::Environments) }
                            { item(3, Route::Settings, "Settings", Icon::Settings) }
                        </ul>
                    </Later>
                </nav>
                <Later><PageMain class="content" /></Later>
            </div>
        </div>
    }
}

fn focus_main() {
    crate::nav::focus_by_id("main");
}

/// Which environment the pages show, in the header: the demo, one
/// imported (by the name it was given), the generated one, or the host's.
#[function_component(EnvironmentShown)]
fn environment_shown() -> Html {
    use crate::protocol::EnvironmentChoice;
    let ctx = use_ctx();
    let held = ctx.state.summary.as_ref().and_then(|s| s.status.held);
    let text = match ctx.state.environment.as_ref() {
        None => return html! {},
        Some(EnvironmentChoice::Demo) => "Demo environment (Contoso)".to_string(),
        Some(EnvironmentChoice::Large) => {
            "Generated environment, 1,000,000 assessments".to_string()
        }
        Some(EnvironmentChoice::Findings) => {
            "Generated environment, 1,000,000 vulnerability findings".to_string()
        }
        Some(EnvironmentChoice::Hosted) => "Environment sent by the host page".to_string(),
        Some(EnvironmentChoice::Imported(id)) => crate::storage::environments::list()
            .into_iter()
            .find(|e| &e.id == id)
            .map_or_else(
                || "Imported environment".to_string(),
                |e| format!("Imported: {}", e.name),
            ),
    };
    let text = match held {
        Some(exempt_core::workspace::Held::Generated) => {
            format!("{text} · generated exemptions, not saved")
        }
        _ => text,
    };
    html! { <span class="env-shown" data-testid="environment-shown" title={text.clone()}>{ text }</span> }
}

#[derive(Properties, PartialEq)]
struct PageMainProps {
    class: &'static str,
}

/// The page itself, the same in the portal shell and in a frame. The page
/// comes one task after the environment is open (see `components::defer`).
#[function_component(PageMain)]
fn page_main(props: &PageMainProps) -> Html {
    let ctx = use_ctx();
    let ready = ctx.state.ready();
    let embedded = props.class == "embed-content";
    let page = use_next_task_when(ready);
    // Tells web/boot.js the first page is shown.
    use_effect_with(page, |&page| {
        if page {
            if let (Some(w), Ok(e)) = (web_sys::window(), web_sys::Event::new("exempt:shown")) {
                let _ = w.dispatch_event(&e);
            }
        }
    });
    html! {
        <main id="main" class={props.class} tabindex="-1" aria-busy={(!page).then_some("true")}>
            if ready {
                <embed::HostBridge />
            }
            // In a frame as small as 320×240 the view comes first, and what
            // the banners say after it.
            if !embedded { <Banners /> }
            if page {
                <Switch<Route> render={pages::switch} />
            } else {
                { boot(&ctx.state.engine, ctx.state.opening.clone()) }
            }
            if embedded { <Banners /> }
            <Toast />
        </main>
    }
}

#[derive(Properties, PartialEq)]
struct EmbedShellProps {
    route: Route,
}

/// A compact view for an iframe: no portal shell, a link to the full app.
#[function_component(EmbedShell)]
fn embed_shell(props: &EmbedShellProps) -> Html {
    html! {
        <div class="embed">
            <header class="embed-bar">
                <span class="brand">{ "Exempt" }</span>
                <WorkingIndicator />
                <Status />
                <a class="embed-open" href={crate::nav::full_url(&props.route)} target="_blank" rel="noopener"
                    aria-label="Open in Exempt (opens a new tab)">{ "Open in Exempt " }{ icon(Icon::External) }</a>
            </header>
            <Later><PageMain class="embed-content" /></Later>
        </div>
    }
}
