//! Several connections of one type: added, configured, renamed and removed in the panel,
//! and Office 365 on its own Azure AD tenant. Each step is read again after a reload.

use fantoccini::Locator;
use rds_e2e::{Session, OKTA_TOKEN};

const ADD_OKTA: &str = "Add another Okta org";
const NAME: &str = "Display name";

/// Names a connection in the open naming dialog and submits it with Enter.
async fn name_it(s: &Session, name: &str) {
    s.type_into(NAME, name).await;
    s.field(NAME).await.send_keys("\u{E007}").await.unwrap();
}

/// Closes the open dialog with its Cancel button.
async fn cancel(s: &Session) {
    s.wait_for(Locator::XPath("//dialog[@open]//button[normalize-space()='Cancel']")).await.click().await.unwrap();
}

/// Every byte of the server's database files, as text.
fn database_text(s: &Session) -> String {
    let mut out = String::new();
    for entry in std::fs::read_dir(s.dir.join("data")).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            out.push_str(&String::from_utf8_lossy(&std::fs::read(path).unwrap()));
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_okta_org_is_added_configured_turned_on_renamed_and_removed() {
    let s = Session::start("instances").await;
    assert_eq!(s.api_patch("okta", serde_json::json!({"name": "Headquarters"})).await, 200);
    s.reload().await;
    s.click_button(ADD_OKTA).await;
    s.wait_for(Locator::XPath("//dialog[@open]//h2[normalize-space()='Add another Okta org']")).await;
    assert_eq!(s.focused_id().await.as_deref(), Some("rds-naming-name"), "the dialog opens on its input");

    // A taken name is refused in the browser, at the input, and what was typed stays.
    name_it(&s, "HEADQUARTERS").await;
    s.until("the name is refused at the input", || async { s.field_message(NAME).await.is_some() }).await;
    assert_eq!(s.field_message(NAME).await.unwrap(), "Error: Another connection of this type is named HEADQUARTERS. Choose a name that tells the two apart.");
    assert!(!s.server_log().contains("POST /api/v1/data-sources"), "nothing was sent");
    assert!(s.is_invalid(NAME).await);
    assert_eq!(s.field(NAME).await.prop("value").await.unwrap().as_deref(), Some("HEADQUARTERS"));
    // Escape closes it, nothing is added, and focus is back on the button.
    s.field(NAME).await.send_keys("\u{E00C}").await.unwrap();
    s.until("focus is back on Add", || async { s.focused_id().await.as_deref() == Some("rds-add-okta") }).await;
    s.reload().await;
    s.card("Okta (Headquarters)").await;
    assert!(s.browser.find(Locator::XPath("//h3[starts-with(normalize-space(), 'Okta (') and not(contains(., 'Headquarters'))]")).await.is_err());

    s.click_button(ADD_OKTA).await;
    name_it(&s, "Acme Labs").await;
    s.card("Okta (Acme Labs)").await;
    s.wait_text("Okta (Acme Labs) added. Configure it below.").await;
    let id = s.browser.active_element().await.unwrap().attr("id").await.unwrap().unwrap();
    let id = id.strip_prefix("rds-source-").and_then(|i| i.strip_suffix("-name")).expect("focus on the new card's name").to_string();
    assert!(id.starts_with("okta-"), "{id}");

    // Configured and turned on like the first, through a passed connection test.
    s.type_into("Okta URL domain", "draft.okta.com").await;
    s.type_into("Okta API token", OKTA_TOKEN).await;
    s.field("Administrator privilege of the Okta account").await.select_by_label("Read-Only Admin").await.unwrap();
    s.switch("Okta (Acme Labs)").await.click().await.unwrap();
    s.expect_switch("Okta (Acme Labs)", true).await;
    s.reload().await;
    assert!(s.switch_is_on("Okta (Acme Labs)").await && !s.switch_is_on("Okta (Headquarters)").await, "each its own switch");
    assert_eq!(s.api_source(&id).await["settings"]["domain"], "draft.okta.com");

    // A deep link opens it; renaming keeps everything else.
    s.open(&format!("/#source={id}")).await;
    s.click_button("Rename Okta (Acme Labs)").await;
    assert_eq!(s.field(NAME).await.prop("value").await.unwrap().as_deref(), Some("Acme Labs"), "starts from its name");
    name_it(&s, "Acme Research").await;
    s.card("Okta (Acme Research)").await;
    s.wait_text("Renamed: Okta (Acme Research).").await;
    assert_eq!(s.focused_id().await, Some(format!("rds-source-{id}-rename")));
    s.reload().await;
    assert!(s.switch_is_on("Okta (Acme Research)").await);

    // Removed after asking, with its secret; focus goes to the Add button.
    assert!(database_text(&s).contains(&id));
    s.open_source("Okta (Acme Research)").await;
    s.click_button("Remove Okta (Acme Research)").await;
    s.wait_for(Locator::XPath("//dialog[@open]//h2[normalize-space()='Remove Okta (Acme Research)?']")).await;
    s.wait_for(Locator::XPath("//dialog[@open]//button[normalize-space()='Remove']")).await.click().await.unwrap();
    s.wait_text("Okta (Acme Research) removed.").await;
    s.until("focus is on Add", || async { s.focused_id().await.as_deref() == Some("rds-add-okta") }).await;
    assert!(s.browser.find(Locator::Id(&format!("rds-source-{id}"))).await.is_err());
    s.reload().await;
    s.card("Okta (Headquarters)").await;
    assert!(!s.page_text().await.contains("Acme Research"));
    // Once the server has closed its database (which folds the write-ahead log in).
    let mut s = s;
    s.stop_server().await;
    let wal = s.dir.join("data").join(format!("{}-wal", rds_server::DATABASE_FILE));
    s.until("the database is closed", || async { !wal.exists() }).await;
    let text = database_text(&s);
    let at = text.find(&id).map(|i| &text[i.saturating_sub(200)..(i + 200).min(text.len())]);
    assert!(at.is_none(), "nothing of it, its secret included, is left in the database files: {at:?}");
    s.restart_server().await;
    s.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn office_365_uses_its_own_azure_ad_tenant_which_names_it_when_it_goes() {
    let s = Session::start("tenants").await;
    s.click_button("Add another Azure AD tenant").await;
    name_it(&s, "Contoso EU").await;
    s.card("Azure AD (Contoso EU)").await;
    s.switch("Azure AD (Contoso EU)").await.click().await.unwrap();
    s.expect_switch("Azure AD (Contoso EU)", true).await;

    // Office 365 uses the first tenant until it is given another.
    s.open_source("Office 365").await;
    s.wait_card_text("Office 365", "Not met: Azure AD data upload permission on").await;
    s.field("Azure AD tenant").await.select_by_label("Azure AD (Contoso EU)").await.unwrap();
    s.wait_card_text("Office 365", "Met: Azure AD (Contoso EU) data upload permission on").await;
    s.click_button("Save Office 365 settings").await;
    s.wait_text("Office 365 saved.").await;
    s.reload().await;
    s.open_source("Office 365").await;
    let chosen = s.field("Azure AD tenant").await.prop("value").await.unwrap();
    let tenant = s.api_source("office-365").await["settings"]["tenant"].as_str().unwrap().to_string();
    assert_eq!(chosen.as_deref(), Some(tenant.as_str()));
    assert!(tenant.starts_with("azure-ad-"), "{tenant}");
    s.switch("Office 365").await.click().await.unwrap();
    s.expect_switch("Office 365", true).await;
    s.reload().await;
    assert!(s.switch_is_on("Office 365").await && !s.switch_is_on("Azure AD").await, "on, on its own tenant");

    // Turning that tenant off names Office 365; the first tenant's does not.
    assert_eq!(s.api_patch("azure-ad", serde_json::json!({"uploadEnabled": true})).await, 200);
    s.reload().await;
    s.switch("Azure AD").await.click().await.unwrap();
    let dialog = s.wait_for(Locator::Css("dialog[open]")).await;
    assert!(!dialog.text().await.unwrap().contains("Office 365"), "the first tenant is not Office 365's");
    cancel(&s).await;
    s.switch("Azure AD (Contoso EU)").await.click().await.unwrap();
    s.until("the dialog names Office 365", || async {
        s.wait_for(Locator::Css("dialog[open]")).await.text().await.unwrap().contains("Office 365 needs Azure AD (Contoso EU) data upload and will be turned off too.")
    })
    .await;
    cancel(&s).await;

    // Removing it asks, names Office 365, and offers nothing to confirm while it is on.
    s.open_source("Azure AD (Contoso EU)").await;
    s.click_button("Remove Azure AD (Contoso EU)").await;
    let text = s.wait_for(Locator::Css("dialog[open]")).await.text().await.unwrap();
    assert!(text.contains("Office 365 uses Azure AD (Contoso EU) and is on. Turn it off first, or have it use another connection."), "{text}");
    assert!(s.browser.find(Locator::XPath("//dialog[@open]//button[normalize-space()='Remove']")).await.is_err());
    cancel(&s).await;
    s.until("focus is back on Remove", || async {
        s.browser.active_element().await.unwrap().attr("aria-label").await.unwrap().as_deref() == Some("Remove Azure AD (Contoso EU)")
    })
    .await;
    s.reload().await;
    assert!(s.switch_is_on("Azure AD (Contoso EU)").await && s.switch_is_on("Office 365").await);
    s.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_type_at_its_limit_says_so_instead_of_adding() {
    let s = Session::start("instance-limit").await;
    for n in 2..=20 {
        s.api_add("azure-ad", &format!("Tenant {n}")).await;
    }
    s.reload().await;
    let add = s.wait_for(Locator::Id("rds-add-azure-ad")).await;
    assert_eq!(add.attr("disabled").await.unwrap().as_deref(), Some("true"));
    let why = add.attr("aria-describedby").await.unwrap().expect("the reason is linked");
    assert_eq!(s.text_of(Locator::Id(&why)).await, "This console holds 20 of these already, the most it may. Remove one to add another.");
    assert!(s.wait_for(Locator::Id("rds-add-okta")).await.attr("disabled").await.unwrap().is_none(), "another type is not full");
    s.finish().await;
}
