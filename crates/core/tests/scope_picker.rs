//! The scope picker lists below a subscription the resources in it, never
//! the subscription itself (subscription-level assessments name it as
//! their resource), and names what search finds.

use exempt_core::{Cloud, Session};

#[test]
fn a_subscription_is_not_listed_as_a_resource_below_itself() {
    let at = "2026-11-24T00:00:00Z".parse().unwrap();
    let s = Session::new(exempt_core::demo::environment().unwrap(), at);
    let env = s.environment();
    let itself = env
        .resources()
        .filter(|&r| {
            env.resource_id(r)
                .split('/')
                .filter(|p| !p.is_empty())
                .count()
                == 2
        })
        .count();
    assert!(itself > 0, "the demo has subscription-level assessments");
    for sub in env.subscriptions() {
        let scope = sub.scope();
        let Ok(page) = s.scope_resources(Cloud::Azure, &scope, 0, 10_000) else {
            continue;
        };
        for item in &page.rows {
            assert!(
                !item.scope.eq_ignore_ascii_case(&scope),
                "{scope} lists itself as a resource"
            );
        }
    }
}
